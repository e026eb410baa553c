// <gm-breadcrumb> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmBreadcrumb as GmBreadcrumbElement } from '../components/breadcrumb/breadcrumb.js';

/** `<gm-breadcrumb>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmBreadcrumb = createComponent({ tagName: 'gm-breadcrumb', elementClass: GmBreadcrumbElement, react: React });
