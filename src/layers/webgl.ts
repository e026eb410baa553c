// Small WebGL helpers shared by the custom layers (grid-mosaic-layer.ts, staff-dots-layer.ts).
import { parseColor } from '../model/color-contrast.js';

/** Compiles and links a GLSL ES 3.00 program. @throws Error with the driver's log when linking fails */
export function linkProgram(gl: WebGL2RenderingContext, vertexSource: string, fragmentSource: string, name: string): WebGLProgram {
  const program = gl.createProgram()!;
  for (const [type, source] of [
    [gl.VERTEX_SHADER, vertexSource],
    [gl.FRAGMENT_SHADER, fragmentSource],
  ] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    gl.attachShader(program, shader);
    gl.deleteShader(shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`${name} shader: ${gl.getProgramInfoLog(program)}`);
  return program;
}

/** `#rrggbb` or `rgb(a)(…)` (what theme-palette's normalizeColor returns) as RGBA floats, 0–1. */
export function rgba(color: string): [number, number, number, number] {
  const [r, g, b, a] = parseColor(color);
  return [r / 255, g / 255, b / 255, a];
}

/**
 * A map matrix for Web Mercator (0…1) times a placement (translation to x0, y0 and scale w, h),
 * computed in float64 before the float32 upload, so the drawn positions are exact at any zoom
 * (float32 mercator coordinates drift by pixels past z14).
 */
export function placedMatrix(main: ArrayLike<number>, x0: number, y0: number, w = 1, h = 1): Float32Array {
  const m = Float32Array.from(main);
  for (let row = 0; row < 4; row++) {
    m[12 + row] = main[row] * x0 + main[4 + row] * y0 + main[12 + row];
    m[row] = main[row] * w;
    m[4 + row] = main[4 + row] * h;
  }
  return m;
}

/** Width of a GridBytes texture: one byte per grid, row-major by grid number. */
export const GRID_BYTES_WIDTH = 1024;

/**
 * One byte per grid number (1…count) kept on the CPU and mirrored in an R8 texture: a write marks
 * its row, and the next draw uploads only the changed rows (one status change: one 1 KB row).
 */
export class GridBytes {
  readonly bytes: Uint8Array;
  /**
   * Rows changed since the last upload, first to last (first > last: none). Two numbers, not a
   * pair: a snapshot writes every grid, and a pair made per write was 65,000 short-lived arrays.
   */
  private firstDirty = Infinity;
  private lastDirty = -1;

  constructor(count: number) {
    this.bytes = new Uint8Array(GRID_BYTES_WIDTH * Math.ceil((count + 1) / GRID_BYTES_WIDTH));
  }

  /** Sets grid number `id`'s byte; false when it already held `value`. */
  set(id: number, value: number): boolean {
    if (this.bytes[id] === value) return false;
    this.bytes[id] = value;
    const row = Math.floor(id / GRID_BYTES_WIDTH);
    if (row < this.firstDirty) this.firstDirty = row;
    if (row > this.lastDirty) this.lastDirty = row;
    return true;
  }

  get dirty(): boolean {
    return this.firstDirty <= this.lastDirty;
  }

  /** Creates the texture with every byte (a new GL context, or the first draw). */
  createTexture(gl: WebGL2RenderingContext): WebGLTexture {
    const t = nearestTexture(gl);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8, GRID_BYTES_WIDTH, this.bytes.length / GRID_BYTES_WIDTH, 0, gl.RED, gl.UNSIGNED_BYTE, this.bytes);
    this.markClean();
    return t;
  }

  /** Uploads the rows changed since the last upload into `texture`. */
  upload(gl: WebGL2RenderingContext, texture: WebGLTexture): void {
    if (!this.dirty) return;
    const first = this.firstDirty;
    const rowCount = this.lastDirty - first + 1;
    this.markClean();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    const rows = this.bytes.subarray(first * GRID_BYTES_WIDTH, (first + rowCount) * GRID_BYTES_WIDTH);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, first, GRID_BYTES_WIDTH, rowCount, gl.RED, gl.UNSIGNED_BYTE, rows);
  }

  private markClean(): void {
    this.firstDirty = Infinity;
    this.lastDirty = -1;
  }
}

/** A texture read with texelFetch: nearest, clamped. */
export function nearestTexture(gl: WebGL2RenderingContext): WebGLTexture {
  const t = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, t);
  for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
  for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T]) gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
  return t;
}

/** A program drawing from one buffer of interleaved float attributes (the custom point layers'). */
export interface VertexProgram<U extends string> {
  program: WebGLProgram;
  vao: WebGLVertexArrayObject;
  buffer: WebGLBuffer;
  uniforms: Record<U, WebGLUniformLocation | null>;
}

/**
 * Links the shaders and lays out `attributes` ([name, floats]) interleaved, in that order, in one
 * buffer; `uniforms` are looked up by name (`u_colors[0]` for an array).
 */
export function vertexProgram<U extends string>(
  gl: WebGL2RenderingContext,
  shaders: { vertex: string; fragment: string; name: string },
  attributes: [name: string, floats: number][],
  uniforms: Record<U, string>,
): VertexProgram<U> {
  const program = linkProgram(gl, shaders.vertex, shaders.fragment, shaders.name);
  const buffer = gl.createBuffer()!;
  const vao = gl.createVertexArray()!;
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  const stride = 4 * attributes.reduce((sum, [, floats]) => sum + floats, 0);
  let offset = 0;
  for (const [name, floats] of attributes) {
    const location = gl.getAttribLocation(program, name);
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, floats, gl.FLOAT, false, stride, offset);
    offset += 4 * floats;
  }
  gl.bindVertexArray(null);
  const locations = Object.fromEntries(Object.entries(uniforms).map(([key, name]) => [key, gl.getUniformLocation(program, name as string)]));
  return { program, vao, buffer, uniforms: locations as Record<U, WebGLUniformLocation | null> };
}

/** Frees what vertexProgram() made. */
export function deleteVertexProgram(gl: WebGL2RenderingContext, r: VertexProgram<string>): void {
  gl.deleteProgram(r.program);
  gl.deleteVertexArray(r.vao);
  gl.deleteBuffer(r.buffer);
}
