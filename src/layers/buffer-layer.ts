// What the custom point layers (staff dots, alert pulse) share: one vertex buffer of positions
// relative to an origin (float32 precision at street level), a program made on the first draw and
// made again for a new GL context, and the upload of the buffer only after it changed.
import { MercatorCoordinate, type CustomLayerInterface, type CustomRenderMethodInput, type Map as MaplibreMap } from 'maplibre-gl';
import { deleteVertexProgram, placedMatrix, type VertexProgram } from './webgl.js';

export abstract class BufferLayer<U extends 'matrix' | string> implements CustomLayerInterface {
  abstract readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  protected map?: MaplibreMap;
  private gl?: WebGL2RenderingContext;
  private resources?: VertexProgram<U | 'matrix'>;
  /** The buffer's data changed since the last upload. */
  protected dirty = false;
  /** Positions are stored relative to this point (the first one placed). */
  protected origin?: [number, number];

  /** Links the program (called on the first draw on a GL context). */
  protected abstract createProgram(gl: WebGL2RenderingContext): VertexProgram<U | 'matrix'>;

  onAdd(map: MaplibreMap, gl: WebGL2RenderingContext): void {
    // A removed map does not always call onRemove: resources of another context are dead.
    if (gl !== this.gl) this.resources = undefined;
    this.map = map;
    this.gl = gl;
    this.dirty = true;
  }

  onRemove(_map: MaplibreMap, gl: WebGL2RenderingContext): void {
    if (this.resources) deleteVertexProgram(gl, this.resources);
    this.resources = undefined;
    this.map = undefined;
  }

  abstract render(gl: WebGL2RenderingContext, args: CustomRenderMethodInput): void;

  /** A position as stored in the buffer (Web Mercator from the origin). */
  protected local(lngLat: [number, number]): [number, number] {
    const p = MercatorCoordinate.fromLngLat(lngLat);
    this.origin ??= [p.x, p.y];
    return [p.x - this.origin[0], p.y - this.origin[1]];
  }

  /** Binds the program and buffer (uploading `data` if it changed) and sets `u_matrix`; the caller sets the rest and draws. */
  protected prepare(gl: WebGL2RenderingContext, args: CustomRenderMethodInput, data: Float32Array): VertexProgram<U | 'matrix'> {
    const r = (this.resources ??= this.createProgram(gl));
    gl.bindBuffer(gl.ARRAY_BUFFER, r.buffer);
    if (this.dirty) {
      gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
      this.dirty = false;
    }
    gl.useProgram(r.program);
    const [x0, y0] = this.origin ?? [0, 0];
    gl.uniformMatrix4fv(r.uniforms.matrix, false, placedMatrix(args.defaultProjectionData.mainMatrix, x0, y0));
    return r;
  }
}
