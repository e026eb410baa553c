// <gm-fences> as a React component (see index.ts).
import * as React from 'react';
import { createComponent } from '@lit/react';
import { GmFences as GmFencesElement } from '../components/fences/fences.js';
import { handlers } from './gm-events.js';

/** `<gm-fences>` for React: properties as props, its gm- events as `onGm…` props. */
export const GmFences = createComponent({ tagName: 'gm-fences', elementClass: GmFencesElement, react: React, events: handlers('gm-fence', 'gm-error') });
