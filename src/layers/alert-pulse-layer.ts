// The moving part of the alert flashing: the flashing grids' fill (above the mosaic's zoom) and the
// pulsing ring under each unacknowledged marker, drawn from small vertex arrays with the pulse's
// phase as a uniform.
//
// Why a custom layer and not paint properties changed per step: every style change marks
// MapLibre's style and sources dirty, and a map that changes its style 12 times a second on a
// slow (software-rendered) GPU never becomes idle — `gm-ready`, drill-down outlines and anything
// else waiting for 'idle' would wait forever while an alert flashes. A uniform and
// triggerRepaint() change nothing in the style; a step also costs the same for 1 or 500 alerts.
import earcut, { flatten } from 'earcut';
import type { MultiPolygon, Polygon } from 'geojson';
import type { CustomRenderMethodInput } from 'maplibre-gl';
import { BufferLayer } from './buffer-layer.js';
import { rgba, vertexProgram, type VertexProgram } from './webgl.js';

/** Floats per vertex: x, y (Web Mercator from the origin), r, g, b. */
const STRIDE = 5;

const VERTEX_SHADER = `#version 300 es
uniform mat4 u_matrix;
uniform float u_pointSize;
in vec2 a_pos;
in vec3 a_color;
out vec3 v_color;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_pointSize;
  v_color = a_color;
}`;

// u_ring > 0: a point drawn as a ring of that width (in point-size units); else a plain fill.
const FRAGMENT_SHADER = `#version 300 es
precision mediump float;
uniform float u_alpha;
uniform float u_ring;
in vec3 v_color;
out vec4 fragColor;
void main() {
  if (u_ring > 0.0) {
    float r = length(gl_PointCoord - 0.5);
    if (r > 0.5 || r < 0.5 - u_ring) discard;
  }
  fragColor = vec4(v_color, 1.0) * u_alpha;
}`;

type Resources = VertexProgram<'matrix' | 'pointSize' | 'alpha' | 'ring'>;

/** `fill`: the flashing grids' polygons; `rings`: a ring around each flashing marker. */
export type PulseShape = 'fill' | 'rings';

/** One shape of the alert pulse (two instances: the fill under the labels, the rings on top). */
export class AlertPulseLayer extends BufferLayer<'pointSize' | 'alpha' | 'ring'> {
  private data = new Float32Array(0);
  private phase = 1;
  private still = false;

  constructor(
    readonly id: string,
    private readonly shape: PulseShape,
  ) {
    super();
  }

  /** Sets the pulse (0…1, 1 = strongest) or, `still`, the reduced-motion look; asks for a frame. */
  setPhase(phase: number, still: boolean): void {
    this.phase = phase;
    this.still = still;
    this.map?.triggerRepaint();
  }

  /** The rings' centres and colours. */
  setRings(rings: { lngLat: [number, number]; color: string }[]): void {
    const data: number[] = [];
    for (const { lngLat, color } of rings) data.push(...this.local(lngLat), ...rgba(color).slice(0, 3));
    this.setData(data);
  }

  /** The flashing grids' polygons (triangulated with earcut) and colours. */
  setAreas(areas: { geometry: Polygon | MultiPolygon; color: string }[]): void {
    const data: number[] = [];
    for (const { geometry, color } of areas) {
      const [r, g, b] = rgba(color);
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      for (const rings of polygons) {
        const flat = flatten(rings.map((ring) => ring.map((p) => this.local(p as [number, number]))));
        for (const i of earcut(flat.vertices, flat.holes, 2)) data.push(flat.vertices[2 * i], flat.vertices[2 * i + 1], r, g, b);
      }
    }
    this.setData(data);
  }

  render(gl: WebGL2RenderingContext, args: CustomRenderMethodInput): void {
    const count = this.data.length / STRIDE;
    const { alpha, size } = this.look();
    if (!count || !this.map || alpha <= 0) return;
    const r = this.prepare(gl, args, this.data);
    const ratio = window.devicePixelRatio || 1;
    gl.uniform1f(r.uniforms.pointSize, size * ratio);
    gl.uniform1f(r.uniforms.ring, this.shape === 'rings' ? 3 / size : 0);
    gl.uniform1f(r.uniforms.alpha, alpha);
    gl.bindVertexArray(r.vao);
    gl.drawArrays(this.shape === 'rings' ? gl.POINTS : gl.TRIANGLES, 0, count);
    gl.bindVertexArray(null);
  }

  /** Opacity and (rings) diameter in CSS pixels at the current phase. */
  private look(): { alpha: number; size: number } {
    if (this.shape === 'fill') return { alpha: this.still ? 0.25 : 0.15 + 0.6 * this.phase, size: 1 };
    // Under reduced motion the rings are not drawn: the markers' icons stay.
    return this.still ? { alpha: 0, size: 1 } : { alpha: 0.8 * this.phase, size: 24 + 32 * (1 - this.phase) };
  }

  protected createProgram(gl: WebGL2RenderingContext): Resources {
    return createResources(gl);
  }

  private setData(data: number[]): void {
    this.data = Float32Array.from(data);
    this.dirty = true;
    this.map?.triggerRepaint();
  }
}

function createResources(gl: WebGL2RenderingContext): Resources {
  return vertexProgram(
    gl,
    { vertex: VERTEX_SHADER, fragment: FRAGMENT_SHADER, name: 'alert pulse' },
    [['a_pos', 2], ['a_color', 3]],
    { matrix: 'u_matrix', pointSize: 'u_pointSize', alpha: 'u_alpha', ring: 'u_ring' },
  );
}
