// <gm-legend> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmLegend as GmLegendElement } from '../components/legend/legend.js';

/** `<gm-legend>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmLegend = createComponent({ tagName: 'gm-legend', elementClass: GmLegendElement, react: React });
