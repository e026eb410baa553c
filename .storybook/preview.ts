import type { Preview } from '@storybook/web-components-vite';
import { setWorkerUrl } from 'maplibre-gl';
// maplibre-gl 6 locates its worker relative to its own module URL; once Vite bundles maplibre into
// a chunk that file is missing. Let Vite emit it as an asset and point MapLibre at it.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(maplibreWorkerUrl);

const preview: Preview = { parameters: { layout: 'fullscreen' } };
export default preview;
