// <gm-map> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmMap as GmMapElement } from '../components/map/map.js';
import { handlers, ALL_EVENTS } from './gm-events.js';

/** `<gm-map>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmMap = createComponent({ tagName: 'gm-map', elementClass: GmMapElement, react: React, events: handlers(...ALL_EVENTS) });
