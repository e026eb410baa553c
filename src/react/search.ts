// <gm-search> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmSearch as GmSearchElement } from '../components/search/search.js';

/** `<gm-search>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmSearch = createComponent({ tagName: 'gm-search', elementClass: GmSearchElement, react: React });
