// Vue 3: the elements are used as they are; Vue binds `.prop` modifiers and listens to gm- events.
import { createApp } from 'vue';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'grid-map-components';
import App from './App.vue';

// An app build bundles MapLibre: tell it where its worker file went.
setWorkerUrl(workerUrl);
createApp(App).mount('#app');
