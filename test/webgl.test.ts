// Toolchain guard: a MapLibre map inside a Lit element's shadow root really draws with WebGL in
// this browser. If software WebGL, the maplibre worker or the CSS in shadow roots broke, every
// map test would be meaningless; this one fails first and says why.
import { LitElement, css, html, unsafeCSS } from 'lit';
import { Map as MaplibreMap } from 'maplibre-gl';
import maplibreCss from 'maplibre-gl/dist/maplibre-gl.css?inline';
import { expect } from 'chai';

const FILL = [220, 20, 60];
const BACKGROUND = [10, 20, 200];
const rgb = (c: number[]) => `rgb(${c.join(',')})`;

class WebglProbe extends LitElement {
  static override styles = [unsafeCSS(maplibreCss), css`:host { display: block; width: 400px; height: 300px; } #map { position: absolute; inset: 0; }`];
  map?: MaplibreMap;
  ready = new Promise<MaplibreMap>((resolve) => (this.resolveReady = resolve));
  private resolveReady!: (map: MaplibreMap) => void;

  override render() {
    return html`<div id="map"></div>`;
  }

  override firstUpdated() {
    const map = new MaplibreMap({
      container: this.renderRoot.querySelector<HTMLElement>('#map')!,
      style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': rgb(BACKGROUND) } }] },
      center: [106.55, 29.56],
      zoom: 8,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map = map;
    map.on('load', () => {
      map.addSource('square', {
        type: 'geojson',
        data: { type: 'Polygon', coordinates: [[[106.4, 29.4], [106.7, 29.4], [106.7, 29.7], [106.4, 29.7], [106.4, 29.4]]] },
      });
      map.addLayer({ id: 'square', type: 'fill', source: 'square', paint: { 'fill-color': rgb(FILL) } });
      map.once('idle', () => this.resolveReady(map));
    });
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.map?.remove();
  }
}
customElements.define('webgl-probe', WebglProbe);

function pixelAt(canvas: HTMLCanvasElement, x: number, y: number) {
  const copy = document.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const ctx = copy.getContext('2d')!;
  ctx.drawImage(canvas, 0, 0);
  return Array.from(ctx.getImageData(x, y, 1, 1).data);
}

describe('WebGL in the test browser', () => {
  it('draws a GeoJSON polygon with MapLibre inside a shadow root', async () => {
    const probe = document.createElement('webgl-probe') as WebglProbe;
    document.body.append(probe);
    const map = await probe.ready;
    const canvas = map.getCanvas();
    expect(canvas.getRootNode()).to.equal(probe.shadowRoot);
    expect(getComputedStyle(canvas).position, 'maplibre CSS applies in the shadow root').to.equal('absolute');
    expect(pixelAt(canvas, canvas.width / 2, canvas.height / 2)).to.deep.equal([...FILL, 255]);
    expect(pixelAt(canvas, 2, 2)).to.deep.equal([...BACKGROUND, 255]);
    const center = [canvas.clientWidth / 2, canvas.clientHeight / 2] as [number, number];
    expect(map.queryRenderedFeatures(center, { layers: ['square'] })).to.have.length.greaterThan(0);
    probe.remove();
  });
});
