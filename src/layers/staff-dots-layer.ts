// Staff at the city view: 20,000 dots drawn straight from a typed array of positions. A 1 Hz
// update of everyone rewrites 320 KB and uploads it once; no tile is rebuilt. Staleness is
// computed in the vertex shader from each person's update time and a clock uniform.
//
// Why a custom layer: as a GeoJSON source every update made MapLibre's worker re-tile all 20,000
// points (its index is rebuilt whole), on the same two cores software rendering needs, and pan/zoom
// frames slowed by ~60 % while everyone moved (docs/performance.md). No MapLibre source updates
// point positions in place.
import { MercatorCoordinate, type CustomRenderMethodInput } from 'maplibre-gl';
import { STAFF_STATUSES, type StaffStatus } from '../model/staff.js';
import { BufferLayer } from './buffer-layer.js';
import { rgba, vertexProgram, type VertexProgram } from './webgl.js';

export const STAFF_DOTS_LAYER = 'gm-staff-dots';

/** Floats per person: x, y (Web Mercator from the origin), update time (s from the clock base), status. */
const STRIDE = 4;

const VERTEX_SHADER = `#version 300 es
uniform mat4 u_matrix;
uniform float u_size;
uniform float u_now;
uniform float u_stale;
uniform vec4 u_colors[${STAFF_STATUSES.length}];
uniform vec4 u_rim;
in vec2 a_pos;
in float a_time;
in float a_status;
out vec4 v_color;
out vec4 v_rim;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_size;
  float alpha = (u_now - a_time > u_stale) ? 0.3 : 0.9;
  v_color = vec4(u_colors[int(a_status)].rgb, 1.0) * alpha;
  v_rim = vec4(u_rim.rgb, 1.0) * alpha;
}`;

const FRAGMENT_SHADER = `#version 300 es
precision mediump float;
uniform float u_rimWidth;
in vec4 v_color;
in vec4 v_rim;
out vec4 fragColor;
// A rim in the label halo's colour: an on-duty dot is the normal grids' green, and must show on them.
void main() {
  float r = length(gl_PointCoord - 0.5);
  if (r > 0.5) discard;
  fragColor = r > 0.5 - u_rimWidth ? v_rim : v_color;
}`;

type Resources = VertexProgram<'matrix' | 'size' | 'now' | 'stale' | 'colors' | 'rim' | 'rimWidth'>;

export interface StaffDot {
  lngLat: [number, number];
  updatedAtMs: number;
  status: StaffStatus;
}

/** The city view's staff dots (below the icons' zoom). */
export class StaffDotsLayer extends BufferLayer<'size' | 'now' | 'stale' | 'colors' | 'rim' | 'rimWidth'> {
  readonly id = STAFF_DOTS_LAYER;
  private data = new Float32Array(0);
  private count = 0;
  /** Times are stored in seconds from this base (the first clock reading), for float32 precision. */
  private timeBase?: number;
  private now = 0;
  private staleMs = 0;
  private colors = new Float32Array(4 * STAFF_STATUSES.length);
  private rim = new Float32Array([1, 1, 1, 1]);

  /** Replaces every dot (a few milliseconds for 20,000). */
  setDots(dots: Iterable<StaffDot>, size: number): void {
    if (this.data.length < size * STRIDE) this.data = new Float32Array(Math.max(size, 1024) * STRIDE * 1.25);
    let i = 0;
    for (const dot of dots) {
      const p = MercatorCoordinate.fromLngLat(dot.lngLat);
      this.origin ??= [p.x, p.y];
      this.timeBase ??= dot.updatedAtMs;
      this.data[i++] = p.x - this.origin[0];
      this.data[i++] = p.y - this.origin[1];
      this.data[i++] = (dot.updatedAtMs - this.timeBase) / 1000;
      this.data[i++] = STAFF_STATUSES.indexOf(dot.status);
    }
    this.count = i / STRIDE;
    this.dirty = true;
    this.map?.triggerRepaint();
  }

  /** The clock and the stale time: a faded dot needs no data re-sent. */
  setClock(now: number, staleMs: number): void {
    this.now = now;
    this.staleMs = staleMs;
    this.map?.triggerRepaint();
  }

  /** Colours by status (`#rrggbb` or `rgb(a)()`, from the theme). */
  setColors(colors: Record<StaffStatus, string>, rim = '#ffffff'): void {
    STAFF_STATUSES.forEach((status, i) => this.colors.set(rgba(colors[status]), 4 * i));
    this.rim.set(rgba(rim));
    this.map?.triggerRepaint();
  }

  render(gl: WebGL2RenderingContext, args: CustomRenderMethodInput): void {
    if (!this.count || !this.map) return;
    const r = this.prepare(gl, args, this.data.subarray(0, this.count * STRIDE));
    const zoom = this.map.getZoom();
    // One CSS pixel of rim around a dot of 1.5–3.5 px.
    const radius = 2.5 + Math.max(0, Math.min(1, (zoom - 7) / 4)) * 2;
    gl.uniform1f(r.uniforms.size, 2 * radius * this.map.getPixelRatio());
    gl.uniform1f(r.uniforms.rimWidth, 0.5 / radius);
    gl.uniform4fv(r.uniforms.rim, this.rim);
    gl.uniform1f(r.uniforms.now, (this.now - (this.timeBase ?? this.now)) / 1000);
    gl.uniform1f(r.uniforms.stale, this.staleMs / 1000);
    gl.uniform4fv(r.uniforms.colors, this.colors);
    gl.bindVertexArray(r.vao);
    gl.drawArrays(gl.POINTS, 0, this.count);
    gl.bindVertexArray(null);
  }

  protected createProgram(gl: WebGL2RenderingContext): Resources {
    return createResources(gl);
  }
}

function createResources(gl: WebGL2RenderingContext): Resources {
  return vertexProgram(
    gl,
    { vertex: VERTEX_SHADER, fragment: FRAGMENT_SHADER, name: 'staff dots' },
    [['a_pos', 2], ['a_time', 1], ['a_status', 1]],
    { matrix: 'u_matrix', size: 'u_size', now: 'u_now', stale: 'u_stale', colors: 'u_colors[0]', rim: 'u_rim', rimWidth: 'u_rimWidth' },
  );
}
