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

/** Floats per vertex: x, y (Web Mercator from the origin), r, g, b, and the partner's r, g, b. */
const STRIDE = 8;

const VERTEX_SHADER = `#version 300 es
uniform mat4 u_matrix;
uniform float u_pointSize;
in vec2 a_pos;
in vec3 a_color;
in vec3 a_partner;
out vec3 v_color;
out vec3 v_partner;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_pointSize;
  v_color = a_color;
  v_partner = a_partner;
}`;

// u_ring > 0: a point drawn as a ring of that width (in point-size units), its outer third in the
// partner colour (a halo that reads on any background); else a fill that goes from the partner
// colour (u_mix 0) to the level colour (u_mix 1) — or, u_stripe > 0, static diagonal stripes of
// the two, u_stripe device pixels wide (the reduced-motion look).
const FRAGMENT_SHADER = `#version 300 es
precision mediump float;
uniform float u_alpha;
uniform float u_ring;
uniform float u_mix;
uniform float u_stripe;
in vec3 v_color;
in vec3 v_partner;
out vec4 fragColor;
void main() {
  vec3 color;
  if (u_ring > 0.0) {
    float r = length(gl_PointCoord - 0.5);
    if (r > 0.5 || r < 0.5 - u_ring) discard;
    color = r > 0.5 - u_ring / 3.0 ? v_partner : v_color;
  } else {
    float t = u_stripe > 0.0 ? step(0.5, fract((gl_FragCoord.x + gl_FragCoord.y) / (2.0 * u_stripe))) : u_mix;
    color = mix(v_partner, v_color, t);
  }
  fragColor = vec4(color, 1.0) * u_alpha;
}`;

type Resources = VertexProgram<'matrix' | 'pointSize' | 'alpha' | 'ring' | 'mix' | 'stripe'>;

/** A flashing thing's level colour and the colour it flashes against (contrastPartner). */
export interface PulseColors {
  color: string;
  partner: string;
}

/** `fill`: the flashing grids' polygons; `rings`: a ring around each flashing marker. */
export type PulseShape = 'fill' | 'rings';

/** One shape of the alert pulse (two instances: the fill under the labels, the rings on top). */
export class AlertPulseLayer extends BufferLayer<'pointSize' | 'alpha' | 'ring' | 'mix' | 'stripe'> {
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
  setRings(rings: ({ lngLat: [number, number] } & PulseColors)[]): void {
    const data: number[] = [];
    for (const ring of rings) data.push(...this.local(ring.lngLat), ...colorsOf(ring));
    this.setData(data);
  }

  /** The flashing grids' polygons (triangulated with earcut) and colours. */
  setAreas(areas: ({ geometry: Polygon | MultiPolygon } & PulseColors)[]): void {
    const data: number[] = [];
    for (const area of areas) {
      const { geometry } = area;
      const colors = colorsOf(area);
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      for (const rings of polygons) {
        const flat = flatten(rings.map((ring) => ring.map((p) => this.local(p as [number, number]))));
        for (const i of earcut(flat.vertices, flat.holes, 2)) data.push(flat.vertices[2 * i], flat.vertices[2 * i + 1], ...colors);
      }
    }
    this.setData(data);
  }

  render(gl: WebGL2RenderingContext, args: CustomRenderMethodInput): void {
    const count = this.data.length / STRIDE;
    if (!count || !this.map) return;
    const { alpha, size, ring } = this.look(this.map.getZoom());
    if (alpha <= 0) return;
    const r = this.prepare(gl, args, this.data);
    // The map's ratio, not the screen's: a density above 1 draws more pixels per CSS pixel.
    const ratio = this.map.getPixelRatio();
    gl.uniform1f(r.uniforms.pointSize, size * ratio);
    gl.uniform1f(r.uniforms.ring, this.shape === 'rings' ? ring / size : 0);
    gl.uniform1f(r.uniforms.alpha, alpha);
    gl.uniform1f(r.uniforms.mix, this.phase);
    gl.uniform1f(r.uniforms.stripe, this.still ? 4 * ratio : 0);
    gl.bindVertexArray(r.vao);
    gl.drawArrays(this.shape === 'rings' ? gl.POINTS : gl.TRIANGLES, 0, count);
    gl.bindVertexArray(null);
  }

  /**
   * Opacity and (rings) diameter and width in CSS pixels at the current phase and zoom. The fill is
   * opaque: it alternates between the level colour and its partner (≥ 3:1 apart on any status
   * colour). The ring is twice as large at the city view, where a grid is a few pixels and the
   * ring is what an operator sees from the back of the room; under reduced motion it stands still.
   */
  private look(zoom: number): { alpha: number; size: number; ring: number } {
    if (this.shape === 'fill') return { alpha: 1, size: 1, ring: 0 };
    const scale = 1 + Math.min(1, Math.max(0, (11 - zoom) / 3));
    if (this.still) return { alpha: 1, size: 40 * scale, ring: 6 * scale };
    return { alpha: 0.35 + 0.65 * this.phase, size: (28 + 36 * (1 - this.phase)) * scale, ring: 6 * scale };
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
    [['a_pos', 2], ['a_color', 3], ['a_partner', 3]],
    { matrix: 'u_matrix', pointSize: 'u_pointSize', alpha: 'u_alpha', ring: 'u_ring', mix: 'u_mix', stripe: 'u_stripe' },
  );
}

const colorsOf = ({ color, partner }: PulseColors): number[] => [...rgba(color).slice(0, 3), ...rgba(partner).slice(0, 3)];
