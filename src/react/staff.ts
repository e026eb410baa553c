// <gm-staff> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmStaff as GmStaffElement } from '../components/staff/staff.js';
import { handlers, LAYER_EVENTS } from './gm-events.js';

/** `<gm-staff>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmStaff = createComponent({ tagName: 'gm-staff', elementClass: GmStaffElement, react: React, events: handlers(...LAYER_EVENTS) });
