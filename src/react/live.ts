// <gm-live> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmLive as GmLiveElement } from '../components/live/live.js';
import { handlers } from './gm-events.js';

/** `<gm-live>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmLive = createComponent({ tagName: 'gm-live', elementClass: GmLiveElement, react: React, events: handlers('gm-live-status', 'gm-live-update', 'gm-error') });
