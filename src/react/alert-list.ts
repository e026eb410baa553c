// <gm-alert-list> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmAlertList as GmAlertListElement } from '../components/alert-list/alert-list.js';

/** `<gm-alert-list>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmAlertList = createComponent({ tagName: 'gm-alert-list', elementClass: GmAlertListElement, react: React });
