// <gm-work-orders> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmWorkOrders as GmWorkOrdersElement } from '../components/work-orders/work-orders.js';

/** `<gm-work-orders>` for React: properties as props. */
export const GmWorkOrders = createComponent({ tagName: 'gm-work-orders', elementClass: GmWorkOrdersElement, react: React });
