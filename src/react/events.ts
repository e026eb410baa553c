// <gm-events> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmEvents as GmEventsElement } from '../components/events/events.js';
import { handlers, LAYER_EVENTS } from './gm-events.js';

/** `<gm-events>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmEvents = createComponent({ tagName: 'gm-events', elementClass: GmEventsElement, react: React, events: handlers(...LAYER_EVENTS, 'gm-counts') });
