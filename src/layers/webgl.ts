// Small WebGL helpers shared by the custom layers (grid-mosaic-layer.ts, staff-dots-layer.ts).

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
  if (color.startsWith('#')) {
    const n = Number.parseInt(color.slice(1, 7), 16);
    return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, 1];
  }
  const [r, g, b, a] = color.replace(/[^\d.,]/g, '').split(',').map(Number);
  return [r / 255, g / 255, b / 255, a ?? 1];
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
