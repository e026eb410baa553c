import type { Decorator, Preview } from '@storybook/web-components-vite';
import { html, render } from 'lit';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { setWorkerUrl } from 'maplibre-gl';
// maplibre-gl 6 locates its worker relative to its own module URL; once Vite bundles maplibre into
// a chunk that file is missing. Let Vite emit it as an asset and point MapLibre at it.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(maplibreWorkerUrl);

// Controls and docs tables from the elements' JSDoc (custom-elements.json, written by `npm run
// manifest`, which `npm run storybook` and `npm run build` run first). A glob, so that a checkout
// without it still type-checks and starts.
const manifests = import.meta.glob('../custom-elements.json', { eager: true, import: 'default' });
const manifest = Object.values(manifests)[0] as { modules: { declarations?: { members?: Member[] }[] }[] } | undefined;
if (manifest) setCustomElementsManifest(publicOnly(manifest));

interface Member {
  name: string;
  privacy?: string;
  static?: boolean;
}

/** The manifest lists private and protected members too (for tools that want them); the docs show what a host can use. */
function publicOnly<T extends { modules: { declarations?: { members?: Member[] }[] }[] }>(m: T): T {
  const shown = (member: Member) => !member.privacy && !member.static && member.name !== 'emit';
  return { ...m, modules: m.modules.map((mod) => ({ ...mod, declarations: mod.declarations?.map((d) => ({ ...d, members: d.members?.filter(shown) })) })) };
}

/**
 * On a docs page every story renders at once: the gm-map page mounted its 11 maps (11 WebGL
 * contexts, 11 loads) on opening. There a story that draws a map is rendered when it scrolls into
 * view (and left mounted); on its own canvas, and in the interaction tests, it renders at once.
 */
const mapsWhenVisible: Decorator = (story, context) => {
  if (context.viewMode !== 'docs') return story();
  const holder = document.createElement('div');
  holder.style.minHeight = '400px';
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    render(story(), holder);
  }, { rootMargin: '200px' });
  observer.observe(holder);
  return html`${holder}`;
};

const preview: Preview = {
  decorators: [mapsWhenVisible],
  tags: ['autodocs'],
  parameters: { layout: 'fullscreen', controls: { expanded: true } },
};
export default preview;
