// <gm-sites> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmSites as GmSitesElement } from '../components/sites/sites.js';
import { handlers, LAYER_EVENTS } from './gm-events.js';

/** `<gm-sites>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmSites = createComponent({ tagName: 'gm-sites', elementClass: GmSitesElement, react: React, events: handlers(...LAYER_EVENTS) });
