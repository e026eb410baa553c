// <gm-board-filter> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmBoardFilter as GmBoardFilterElement } from '../components/board-filter/board-filter.js';
import { handlers } from './gm-events.js';

/** `<gm-board-filter>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmBoardFilter = createComponent({ tagName: 'gm-board-filter', elementClass: GmBoardFilterElement, react: React, events: handlers('gm-board-change') });
