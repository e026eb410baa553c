// <gm-stats> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmStats as GmStatsElement } from '../components/stats/stats.js';

/** `<gm-stats>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmStats = createComponent({ tagName: 'gm-stats', elementClass: GmStatsElement, react: React });
