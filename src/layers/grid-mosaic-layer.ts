// The city view's grid mosaic: all 65,000 grids as one image whose pixels name their grid, coloured
// on the GPU by a per-grid status texture. A status change writes one byte and uploads the changed
// rows (64 KB for the whole city at most); no boundary is ever re-sent or re-tessellated.
//
// Why a custom layer and not MapLibre's own: from the city view a grid covers two or three screen
// pixels, yet as vector tiles each of the 65,000 is parsed, tessellated and indexed in the worker
// (seconds on a 2-core wall-screen PC) and every frame draws their triangles. No MapLibre layer
// colours a raster by a lookup table that can be updated per entry (`color-relief` interpolates
// between pixels, which would invent grids at every border). Below its `maxzoom` this layer draws
// the grid level; above it, the vector tiles do (see docs/architecture.md).
import { MercatorCoordinate, type CustomLayerInterface, type CustomRenderMethodInput, type LngLatLike, type Map as MaplibreMap } from 'maplibre-gl';
import { RANKED_STATUSES } from '../model/grid-status.js';
import type { GridMosaic } from '../model/manifest.js';
import type { MapPalette } from './status-paint.js';
import { linkProgram, placedMatrix, rgba } from './webgl.js';

export const MOSAIC_LAYER = 'gm-grid-mosaic';

/** Width of the status texture: one byte per grid, row-major by grid number. */
const RANKS_WIDTH = 1024;

const VERTEX_SHADER = `#version 300 es
uniform mat4 u_matrix;
in vec2 a_pos;
out vec2 v_uv;
void main() {
  v_uv = a_pos;
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
}`;

// Pixel (r, g, b) = grid number r·65536 + g·256 + b (0: no grid); the status texture holds, per
// grid number, 0 for no status yet or 1 + the rank, which picks the colour.
const FRAGMENT_SHADER = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D u_ids;
uniform highp sampler2D u_ranks;
uniform vec4 u_colors[${RANKED_STATUSES.length + 1}];
in vec2 v_uv;
out vec4 fragColor;
void main() {
  ivec2 size = textureSize(u_ids, 0);
  ivec2 texel = clamp(ivec2(v_uv * vec2(size)), ivec2(0), size - 1);
  ivec3 c = ivec3(round(texelFetch(u_ids, texel, 0).rgb * 255.0));
  int id = c.r * 65536 + c.g * 256 + c.b;
  if (id == 0) discard;
  int rank = int(round(texelFetch(u_ranks, ivec2(id % ${RANKS_WIDTH}, id / ${RANKS_WIDTH}), 0).r * 255.0));
  fragColor = u_colors[rank];
}`;

interface GlResources {
  program: WebGLProgram;
  vao: WebGLVertexArrayObject;
  buffer: WebGLBuffer;
  ids: WebGLTexture;
  ranks: WebGLTexture;
  readback: WebGLFramebuffer;
  uniforms: { matrix: WebGLUniformLocation | null; colors: WebGLUniformLocation | null };
}

/**
 * The mosaic as a MapLibre custom layer. Every GL call happens inside `render` (MapLibre restores
 * its own state after a custom layer draws) except the one-pixel read of `gridAt`, which restores
 * the framebuffer binding it changes.
 */
export class GridMosaicLayer implements CustomLayerInterface {
  readonly id = MOSAIC_LAYER;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map?: MaplibreMap;
  private gl?: WebGL2RenderingContext;
  private resources?: GlResources;
  /** The decoded image, kept to upload again on a new map (re-connect) until dispose(). */
  private image?: ImageBitmap;
  private readonly ranks: Uint8Array;
  /** Rows of `ranks` changed since the last upload: [first, last], or empty. */
  private dirtyRows: [number, number] | [] = [];
  private colors = new Float32Array(4 * (RANKED_STATUSES.length + 1));
  /** The image's edges in Web Mercator (0…1): x0, y0 (north-west), width, height. */
  private readonly frame: [number, number, number, number];
  /** The image's size in pixels, once uploaded. */
  private size: [number, number] = [0, 0];
  /** The last pixel gridAt read back, and what it held. */
  private lastRead?: { x: number; y: number; grid: number | undefined };

  /**
   * @param spec  the manifest's mosaic (image URL already loaded into `image`)
   * @param gridCount  grids in the index; pixel values run 1…gridCount
   */
  constructor(
    readonly spec: GridMosaic,
    image: ImageBitmap,
    gridCount: number,
  ) {
    this.image = image;
    this.ranks = new Uint8Array(RANKS_WIDTH * Math.ceil((gridCount + 1) / RANKS_WIDTH));
    const [west, south, east, north] = spec.bounds;
    const nw = MercatorCoordinate.fromLngLat([west, north]);
    const se = MercatorCoordinate.fromLngLat([east, south]);
    this.frame = [nw.x, nw.y, se.x - nw.x, se.y - nw.y];
  }

  onAdd(map: MaplibreMap, gl: WebGL2RenderingContext): void {
    // A removed map does not always call onRemove: resources of another context are dead.
    if (gl !== this.gl) this.resources = undefined;
    this.map = map;
    this.gl = gl;
  }

  onRemove(_map: MaplibreMap, gl: WebGL2RenderingContext): void {
    const r = this.resources;
    if (r) {
      gl.deleteProgram(r.program);
      gl.deleteVertexArray(r.vao);
      gl.deleteBuffer(r.buffer);
      gl.deleteTexture(r.ids);
      gl.deleteTexture(r.ranks);
      gl.deleteFramebuffer(r.readback);
    }
    this.resources = undefined;
    this.map = undefined;
    this.gl = undefined;
  }

  /** Releases the image (the layer is no longer on any map, or is being removed). */
  dispose(): void {
    this.image?.close();
    this.image = undefined;
  }

  /** Sets the status rank shown for the grid at `index` (its position in the area index). */
  setRank(index: number, rank: number | undefined): void {
    const id = index + 1;
    const value = rank === undefined || rank < 0 ? 0 : rank + 1;
    if (this.ranks[id] === value) return;
    this.ranks[id] = value;
    const row = Math.floor(id / RANKS_WIDTH);
    const [first, last] = this.dirtyRows;
    this.dirtyRows = first === undefined ? [row, row] : [Math.min(first, row), Math.max(last!, row)];
  }

  /** Asks for a frame when ranks changed since the last one drew. */
  changed(): void {
    if (this.dirtyRows.length) this.map?.triggerRepaint();
  }

  /** Status colours and fill opacity from the theme; redrawn at the next frame. */
  setPalette(palette: MapPalette): void {
    const colors = [palette.noData, ...RANKED_STATUSES.map((s) => palette.status[s])];
    colors.forEach((color, i) => this.colors.set(premultiplied(color, palette.fillOpacity), 4 * i));
    this.map?.triggerRepaint();
  }

  /**
   * The grid (its index-position) drawn at a point, read from the image on the GPU; undefined
   * outside every grid, outside the image, or before the first frame uploaded it.
   */
  gridAt(lngLat: LngLatLike): number | undefined {
    const { gl, resources: r } = this;
    if (!gl || !r) return undefined;
    const p = MercatorCoordinate.fromLngLat(lngLat);
    const [x0, y0, w, h] = this.frame;
    const [u, v] = [(p.x - x0) / w, (p.y - y0) / h];
    if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) return undefined;
    const [width, height] = this.size;
    const [x, y] = [Math.floor(u * width), Math.floor(v * height)];
    // A read waits for the GPU: the pointer moving within one pixel of the image asks once.
    if (this.lastRead?.x === x && this.lastRead.y === y) return this.lastRead.grid;
    const pixel = new Uint8Array(4);
    const previous = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    gl.bindFramebuffer(gl.FRAMEBUFFER, r.readback);
    gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    gl.bindFramebuffer(gl.FRAMEBUFFER, previous);
    const id = (pixel[0] << 16) | (pixel[1] << 8) | pixel[2];
    const grid = id ? id - 1 : undefined;
    this.lastRead = { x, y, grid };
    return grid;
  }


  render(gl: WebGL2RenderingContext, args: CustomRenderMethodInput): void {
    if (!this.image && !this.resources) return;
    const r = (this.resources ??= this.createResources(gl));
    this.uploadRanks(gl, r);
    gl.useProgram(r.program);
    gl.uniformMatrix4fv(r.uniforms.matrix, false, placedMatrix(args.defaultProjectionData.mainMatrix, ...this.frame));
    gl.uniform4fv(r.uniforms.colors, this.colors);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, r.ids);
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_2D, r.ranks);
    gl.bindVertexArray(r.vao);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
  }

  private uploadRanks(gl: WebGL2RenderingContext, r: GlResources): void {
    const [first, last] = this.dirtyRows;
    if (first === undefined) return;
    this.dirtyRows = [];
    gl.bindTexture(gl.TEXTURE_2D, r.ranks);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    const rows = this.ranks.subarray(first * RANKS_WIDTH, (last! + 1) * RANKS_WIDTH);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, first, RANKS_WIDTH, last! - first + 1, gl.RED, gl.UNSIGNED_BYTE, rows);
  }

  private createResources(gl: WebGL2RenderingContext): GlResources {
    this.lastRead = undefined;
    const program = linkProgram(gl, VERTEX_SHADER, FRAGMENT_SHADER, 'grid mosaic');
    const buffer = gl.createBuffer()!;
    const vao = gl.createVertexArray()!;
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    const position = gl.getAttribLocation(program, 'a_pos');
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);

    // The image's bytes are grid numbers: no colour-space conversion, no premultiplication.
    const conversion = gl.getParameter(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL) as number;
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
    const ids = texture(gl);
    const image = this.image!;
    this.size = [image.width, image.height];
    performance.mark('gm:mosaic-upload');
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, image);
    performance.mark('gm:mosaic-uploaded');
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, conversion);
    const ranks = texture(gl);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8, RANKS_WIDTH, this.ranks.length / RANKS_WIDTH, 0, gl.RED, gl.UNSIGNED_BYTE, this.ranks);
    this.dirtyRows = [];

    const readback = gl.createFramebuffer()!;
    const previous = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    gl.bindFramebuffer(gl.FRAMEBUFFER, readback);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, ids, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, previous);

    gl.useProgram(program);
    gl.uniform1i(gl.getUniformLocation(program, 'u_ids'), 0);
    gl.uniform1i(gl.getUniformLocation(program, 'u_ranks'), 1);
    const uniforms = { matrix: gl.getUniformLocation(program, 'u_matrix'), colors: gl.getUniformLocation(program, 'u_colors[0]') };
    return { program, vao, buffer, ids, ranks, readback, uniforms };
  }
}

function texture(gl: WebGL2RenderingContext): WebGLTexture {
  const t = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, t);
  for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
  for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T]) gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
  return t;
}

/**
 * `#rrggbb` or `rgb(a)(…)` (what theme-palette's normalizeColor returns) as premultiplied RGBA
 * floats, the blending MapLibre draws with; `opacity` multiplies the colour's own alpha.
 */
function premultiplied(color: string, opacity: number): [number, number, number, number] {
  const [r, g, b, alpha] = rgba(color);
  const a = alpha * opacity;
  return [r * a, g * a, b * a, a];
}
