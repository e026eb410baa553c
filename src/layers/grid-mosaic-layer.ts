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
import { mercatorBox, mosaicPyramid, type MercatorBox, type MercatorFrame, type MosaicPiece, type MosaicPyramid } from '../model/mosaic-pyramid.js';
import type { MapPalette } from './status-paint.js';
import { ALERT_LEVELS } from '../model/alert.js';
import { contrastPartner } from '../model/color-contrast.js';
import { GRID_BYTES_WIDTH, GridBytes, linkProgram, nearestTexture, placedMatrix, rgba } from './webgl.js';
import { MosaicReadback } from './mosaic-readback.js';

export const MOSAIC_LAYER = 'gm-grid-mosaic';

const VERTEX_SHADER = `#version 300 es
uniform mat4 u_matrix;
uniform vec4 u_uv;
in vec2 a_pos;
out vec2 v_uv;
void main() {
  v_uv = u_uv.xy + a_pos * u_uv.zw;
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
}`;

/** Palette entries: no status yet, then one per ranked status. */
const STATUS_ENTRIES = RANKED_STATUSES.length + 1;
/** Palette entries in all: the statuses', then two per alert level (see FRAGMENT_SHADER). */
const PALETTE_ENTRIES = STATUS_ENTRIES + 2 * ALERT_LEVELS.length;

// Pixel (r, g, b) = grid number r·65536 + g·256 + b (0: no grid); the status texture holds, per
// grid number, 0 for no status yet or 1 + the rank; the alert texture 0 or 1 + the level of the
// grid's flashing alert. Each pixel looks its colour up once in u_palette: entries 0…STATUS_ENTRIES-1
// are the statuses'; alert level a (1-based) has two after them, the colour it shows now (its
// flash between the level's colour and its contrast partner, computed once a frame on the CPU) and
// the level's own colour. Under reduced motion (u_stripe > 0) the first holds the partner and the
// pixel picks one of the two by static diagonal stripes u_stripe device pixels wide. Whatever the
// grid's status colour, the two are ≥ 3:1 apart (issue 28: red on red was invisible).
// Why one lookup: the flash's mix and its three uniform-array lookups per pixel cost ~10 ms of a
// ~145 ms frame in software WebGL (the mosaic's share 46 → 37 ms), paid by every pixel of the
// city although only alert grids use them (docs/performance.md, "A frame, layer by layer").
const FRAGMENT_SHADER = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D u_ids;
uniform highp sampler2D u_ranks;
uniform highp sampler2D u_alerts;
uniform vec4 u_palette[${PALETTE_ENTRIES}];
uniform float u_stripe;
in vec2 v_uv;
out vec4 fragColor;
void main() {
  ivec2 size = textureSize(u_ids, 0);
  ivec2 texel = clamp(ivec2(v_uv * vec2(size)), ivec2(0), size - 1);
  ivec3 c = ivec3(round(texelFetch(u_ids, texel, 0).rgb * 255.0));
  int id = c.r * 65536 + c.g * 256 + c.b;
  if (id == 0) discard;
  ivec2 cell = ivec2(id % ${GRID_BYTES_WIDTH}, id / ${GRID_BYTES_WIDTH});
  int rank = int(round(texelFetch(u_ranks, cell, 0).r * 255.0));
  int alert = int(round(texelFetch(u_alerts, cell, 0).r * 255.0));
  int stripe = u_stripe > 0.0 ? int(step(0.5, fract((gl_FragCoord.x + gl_FragCoord.y) / (2.0 * u_stripe)))) : 0;
  fragColor = u_palette[alert == 0 ? rank : ${STATUS_ENTRIES} + 2 * (alert - 1) + stripe];
}`;

/** What every piece of the mosaic draws with: the program, its quad, the per-grid textures. */
interface GlResources {
  program: WebGLProgram;
  vao: WebGLVertexArrayObject;
  buffer: WebGLBuffer;
  ranks: WebGLTexture;
  alerts: WebGLTexture;
  uniforms: Record<'matrix' | 'uv' | 'palette' | 'stripe', WebGLUniformLocation | null>;
}

/** One piece's image on the GPU, with the framebuffer its pixels are read back through. */
interface PieceTexture {
  ids: WebGLTexture;
  readback: WebGLFramebuffer;
  size: [number, number];
}

/** A piece of the mosaic that has come: its decoded pixels (none: no grid there), its texture once uploaded. */
interface LoadedPiece {
  readonly piece: MosaicPiece;
  /** Numbers the piece for the readback (a pixel read of another piece is another pixel). */
  readonly serial: number;
  /** Kept to upload again on a new map (re-connect) until it is evicted or dispose(). */
  bitmap?: ImageBitmap;
  texture?: PieceTexture;
  /** The frame it was last drawn in: past MAX_KEPT_PIECES the least recently drawn go. */
  drawnIn: number;
}

/** One quad of a frame: a piece's image drawn over `frame` (its own, or a finer piece's it stands in for). */
interface PieceDraw {
  entry: LoadedPiece;
  frame: MercatorFrame;
}

/** Tiles kept decoded and on the GPU (1 MB each): a 4K view's worth three times over. */
const MAX_KEPT_PIECES = 128;

/**
 * The mosaic as a MapLibre custom layer. Every GL call happens inside `render` (MapLibre restores
 * its own state after a custom layer draws) except the uploads of `load` (between frames) and the
 * one-pixel read of `gridAt`, which restore the bindings they change.
 *
 * The mosaic is a pyramid (model/mosaic-pyramid.ts): one image and its coarser overviews, or tiles.
 * Each frame draws the pieces of the level wanted at the view's zoom that the view touches; a piece
 * still on its way is stood in for by the nearest coarser piece that has come (its part of it, as
 * MapLibre does with a raster tile's parent), else by the finer ones that have. At a 1080p city
 * view the level wanted has about the screen's pixels: a coarser copy of a large image, or the
 * dozen tiles in view of a 650,000-courtyard mosaic that as one image would exceed any GPU.
 */
export class GridMosaicLayer implements CustomLayerInterface {
  readonly id = MOSAIC_LAYER;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  /** Where the mosaic's pieces lie, and which a view wants. */
  readonly pyramid: MosaicPyramid;
  private map?: MaplibreMap;
  private gl?: WebGL2RenderingContext;
  private resources?: GlResources;
  /** The pieces that have come, by key. */
  private readonly pieces = new Map<string, LoadedPiece>();
  private serials = 0;
  private frames = 0;
  /** Per grid number: 0 no status yet, else 1 + its status rank (sized once a piece is loaded). */
  private ranks?: GridBytes;
  /** Per grid number: 0 no flashing alert, else 1 + the index of its alert level. */
  private alerts?: GridBytes;
  /** The shader's u_palette, premultiplied: the statuses', then per alert level its colour shown now and its own (see FRAGMENT_SHADER). */
  private readonly palette = new Float32Array(4 * PALETTE_ENTRIES);
  /** The colour each alert level flashes against (contrastPartner), premultiplied. */
  private readonly alertPartners = new Float32Array(4 * ALERT_LEVELS.length);
  /** How far the flashing grids are into their alert colour, 0…1. */
  private flash = 1;
  /** Reduced motion: the flashing grids are striped instead. */
  private still = false;
  /** Reads the grid under a point back from the pieces on the GPU (mosaic-readback.ts). */
  readonly readback = new MosaicReadback();
  /** How many pieces are kept decoded and on the GPU; past it the least recently drawn go. */
  maxKept = MAX_KEPT_PIECES;

  /**
   * The layer goes on the map with the hierarchy, before any piece is loaded, and draws nothing
   * until load(): adding it later would be a style change in the frame that first colours the
   * grids, and MapLibre follows every style change with a second frame (~0.2 s in software WebGL).
   * @param spec  the manifest's mosaic
   */
  constructor(readonly spec: GridMosaic) {
    this.pyramid = mosaicPyramid(spec);
  }

  /** Whether a piece has come: the grids are drawn from the mosaic (and coloured by setRank). */
  get loaded(): boolean {
    return this.pieces.size > 0;
  }

  /** The keys (`level/x/y`) of the pieces that have come and are kept: what the view has fetched. */
  get pieceKeys(): string[] {
    return [...this.pieces.keys()];
  }

  /** Whether this piece has come (with pixels or with none). */
  has(piece: MosaicPiece): boolean {
    return this.pieces.has(piece.key);
  }

  /** The pieces a view wants: of the level wanted at its zoom, those it touches (the centre's first). */
  wantedIn(zoom: number, box: MercatorBox): MosaicPiece[] {
    return this.pyramid.piecesIn(this.pyramid.levelAt(zoom), box);
  }

  /**
   * Takes a piece, decoded (undefined: a tile with no grid), drawn from the next frame it is wanted in.
   * @param gridCount  grids in the index; pixel values run 1…gridCount
   */
  load(piece: MosaicPiece, image: ImageBitmap | undefined, gridCount: number): void {
    const gl = this.map && !this.gl?.isContextLost() ? this.gl : undefined;
    this.drop(piece.key, gl);
    const entry: LoadedPiece = { piece, serial: ++this.serials, bitmap: image, drawnIn: this.frames };
    this.pieces.set(piece.key, entry);
    this.ranks ??= new GridBytes(gridCount);
    this.alerts ??= new GridBytes(gridCount);
    // Uploaded now, between frames, rather than in the next frame: the city's full image is 8 million
    // pixels, ~0.1 s of a software-rendered frame, and the map's first frame may still be held for
    // the outlines (MapLibre expects custom layers to touch the context between frames). Off a map
    // (disconnected, or its context lost) the image waits for the next map's first draw.
    if (gl && image) {
      this.resources ??= this.createResources(gl, this.ranks, this.alerts);
      entry.texture = this.createTexture(gl, image);
    }
    this.evict(gl);
    this.map?.triggerRepaint();
  }

  onAdd(map: MaplibreMap, gl: WebGL2RenderingContext): void {
    // A removed map does not always call onRemove: resources of another context are dead.
    if (gl !== this.gl) {
      this.resources = undefined;
      for (const entry of this.pieces.values()) entry.texture = undefined;
    }
    this.map = map;
    this.gl = gl;
  }

  onRemove(_map: MaplibreMap, gl: WebGL2RenderingContext): void {
    const r = this.resources;
    if (r) {
      gl.deleteProgram(r.program);
      gl.deleteVertexArray(r.vao);
      gl.deleteBuffer(r.buffer);
      gl.deleteTexture(r.ranks);
      gl.deleteTexture(r.alerts);
    }
    for (const entry of this.pieces.values()) deleteTexture(gl, entry);
    this.resources = undefined;
    this.readback.forget();
    this.map = undefined;
    this.gl = undefined;
  }

  /** Releases the images (the layer is no longer on any map, or is being removed). */
  dispose(): void {
    for (const entry of this.pieces.values()) entry.bitmap?.close();
    this.pieces.clear();
  }

  /** Sets the status rank shown for the grid at `index` (its position in the area index). */
  setRank(index: number, rank: number | undefined): void {
    this.ranks?.set(index + 1, rank === undefined || rank < 0 ? 0 : rank + 1);
  }

  /** Sets the flashing alert level (an index into ALERT_LEVELS, or undefined for none) of the grid at `index`. */
  setAlert(index: number, level: number | undefined): void {
    this.alerts?.set(index + 1, level === undefined || level < 0 ? 0 : level + 1);
  }

  /** Sets how far flashing grids are into their alert colour (0…1), or `still` stripes; drawn at the next frame. */
  setFlash(flash: number, still = false): void {
    this.flash = flash;
    this.still = still;
  }

  /** Asks for a frame when ranks or alerts changed since the last one drew. */
  changed(): void {
    if (this.ranks?.dirty || this.alerts?.dirty) this.map?.triggerRepaint();
  }

  /** Status colours and fill opacity from the theme; redrawn at the next frame. */
  setPalette(palette: MapPalette): void {
    const colors = [palette.noData, ...RANKED_STATUSES.map((s) => palette.status[s])];
    colors.forEach((color, i) => this.palette.set(premultiplied(color, palette.fillOpacity), 4 * i));
    ALERT_LEVELS.forEach((level, i) => {
      this.palette.set(premultiplied(palette.alert[level], 1), 4 * (STATUS_ENTRIES + 2 * i + 1));
      this.alertPartners.set(premultiplied(contrastPartner(palette.alert[level]), 1), 4 * i);
    });
    this.map?.triggerRepaint();
  }

  /**
   * The grid (its index-position) drawn at a point, read from the finest piece on the GPU there;
   * undefined outside every grid, outside the pieces, or before a frame uploaded one. The pointer's
   * moves ask with `now` false: the pixel is read without waiting for the GPU and undefined is
   * returned until it is back (`readback.onRead` says when). A click or a key asks with `now` true.
   */
  gridAt(lngLat: LngLatLike, now = false): number | undefined {
    const { gl } = this;
    const p = MercatorCoordinate.fromLngLat(lngLat);
    let best: LoadedPiece | undefined;
    for (const entry of this.pieces.values()) {
      const [x0, y0, w, h] = entry.piece.frame;
      const inside = p.x >= x0 && p.x < x0 + w && p.y >= y0 && p.y < y0 + h;
      if (inside && entry.texture && (!best || entry.piece.level > best.piece.level)) best = entry;
    }
    if (!gl || !best?.texture) return undefined;
    const [x0, y0, w, h] = best.piece.frame;
    const [width, height] = best.texture.size;
    const at = { level: best.serial, x: Math.floor(((p.x - x0) / w) * width), y: Math.floor(((p.y - y0) / h) * height) };
    return this.readback.grid(gl, best.texture.readback, at, now);
  }

  render(gl: WebGL2RenderingContext, args: CustomRenderMethodInput): void {
    const { ranks, alerts, map } = this;
    if (!map || !ranks || !alerts || !this.pieces.size) return;
    this.frames++;
    const draws = this.drawsFor(map.getZoom(), viewBox(map));
    if (!draws.length) return;
    const r = (this.resources ??= this.createResources(gl, ranks, alerts));
    gl.activeTexture(gl.TEXTURE0);
    // A new map (re-connect, a restored context) uploads the images it draws on first use.
    for (const { entry } of draws) entry.texture ??= this.createTexture(gl, entry.bitmap!);
    ranks.upload(gl, r.ranks);
    alerts.upload(gl, r.alerts);
    gl.useProgram(r.program);
    gl.uniform4fv(r.uniforms.palette, this.paletteNow());
    gl.uniform1f(r.uniforms.stripe, this.still ? 4 * (map.getPixelRatio() ?? 1) : 0);
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_2D, r.ranks);
    gl.activeTexture(gl.TEXTURE2);
    gl.bindTexture(gl.TEXTURE_2D, r.alerts);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindVertexArray(r.vao);
    for (const { entry, frame } of draws) {
      entry.drawnIn = this.frames;
      const [px, py, pw, ph] = entry.piece.frame;
      gl.uniformMatrix4fv(r.uniforms.matrix, false, placedMatrix(args.defaultProjectionData.mainMatrix, ...frame));
      gl.uniform4f(r.uniforms.uv, (frame[0] - px) / pw, (frame[1] - py) / ph, frame[2] / pw, frame[3] / ph);
      gl.bindTexture(gl.TEXTURE_2D, entry.texture!.ids);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    }
    gl.bindVertexArray(null);
  }

  /**
   * What a frame draws: each wanted piece that has come; for one that has not, the part of its
   * nearest coarser piece that covers it, else its finer pieces that have come. Pieces with no grid
   * draw nothing (and stand in for nothing: there is no grid under them).
   */
  private drawsFor(zoom: number, box: MercatorBox): PieceDraw[] {
    const draws: PieceDraw[] = [];
    const add = (entry: LoadedPiece | undefined, frame: MercatorFrame) => entry?.bitmap && draws.push({ entry, frame });
    for (const wanted of this.wantedIn(zoom, box)) {
      const own = this.pieces.get(wanted.key) ?? this.coarserOf(wanted);
      if (own) add(own, wanted.frame);
      else for (const child of this.pyramid.children(wanted)) add(this.pieces.get(child.key), child.frame);
    }
    return draws;
  }

  private coarserOf(piece: MosaicPiece): LoadedPiece | undefined {
    for (let p = this.pyramid.parent(piece); p; p = this.pyramid.parent(p)) {
      const entry = this.pieces.get(p.key);
      if (entry) return entry;
    }
    return undefined;
  }

  /** Past `maxKept`, the pieces drawn longest ago go (never one of the last frame). */
  private evict(gl: WebGL2RenderingContext | undefined): void {
    if (this.pieces.size <= this.maxKept) return;
    const old = [...this.pieces.values()].filter((e) => e.drawnIn < this.frames).sort((a, b) => a.drawnIn - b.drawnIn);
    for (const entry of old.slice(0, this.pieces.size - this.maxKept)) this.drop(entry.piece.key, gl);
  }

  private drop(key: string, gl: WebGL2RenderingContext | undefined): void {
    const entry = this.pieces.get(key);
    if (!entry) return;
    entry.bitmap?.close();
    if (gl) deleteTexture(gl, entry);
    this.pieces.delete(key);
  }

  /**
   * The palette for this frame: each alert level's colour shown now is its flash between its
   * contrast partner (0) and its own colour (1); standing still (stripes), the partner.
   */
  private paletteNow(): Float32Array {
    const { palette, alertPartners, flash, still } = this;
    for (let level = 0; level < ALERT_LEVELS.length; level++) {
      const shown = 4 * (STATUS_ENTRIES + 2 * level);
      for (let c = 0; c < 4; c++) {
        const partner = alertPartners[4 * level + c];
        palette[shown + c] = still ? partner : partner + (palette[shown + 4 + c] - partner) * flash;
      }
    }
    return palette;
  }

  private createResources(gl: WebGL2RenderingContext, ranks: GridBytes, alerts: GridBytes): GlResources {
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
    const ranksTexture = ranks.createTexture(gl);
    const alertsTexture = alerts.createTexture(gl);
    gl.useProgram(program);
    gl.uniform1i(gl.getUniformLocation(program, 'u_ids'), 0);
    gl.uniform1i(gl.getUniformLocation(program, 'u_ranks'), 1);
    gl.uniform1i(gl.getUniformLocation(program, 'u_alerts'), 2);
    const uniforms = {
      matrix: gl.getUniformLocation(program, 'u_matrix'),
      uv: gl.getUniformLocation(program, 'u_uv'),
      palette: gl.getUniformLocation(program, 'u_palette[0]'),
      stripe: gl.getUniformLocation(program, 'u_stripe'),
    };
    return { program, vao, buffer, ranks: ranksTexture, alerts: alertsTexture, uniforms };
  }

  /** Uploads an image as it is stored: its bytes are grid numbers (no colour-space conversion, no premultiplication). */
  private createTexture(gl: WebGL2RenderingContext, image: ImageBitmap): PieceTexture {
    const conversion = gl.getParameter(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL) as number;
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
    const ids = nearestTexture(gl);
    performance.mark('gm:mosaic-upload');
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, image);
    performance.mark('gm:mosaic-uploaded');
    gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, conversion);
    const readback = gl.createFramebuffer()!;
    const previous = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    gl.bindFramebuffer(gl.FRAMEBUFFER, readback);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, ids, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, previous);
    return { ids, readback, size: [image.width, image.height] };
  }
}

function deleteTexture(gl: WebGL2RenderingContext, entry: LoadedPiece): void {
  if (!entry.texture) return;
  gl.deleteTexture(entry.texture.ids);
  gl.deleteFramebuffer(entry.texture.readback);
  entry.texture = undefined;
}

/** The map's view as a box in Web Mercator (rotated or pitched: the box around what is in view). */
export function viewBox(map: MaplibreMap): MercatorBox {
  return mercatorBox(map.getBounds().toArray().flat());
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
