// Vue 3: the elements are used as they are; Vue binds `.prop` modifiers and listens to gm- events.
import { createApp } from 'vue';
import 'grid-map-components';
import App from './App.vue';

createApp(App).mount('#app');
