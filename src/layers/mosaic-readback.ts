// Which grid is under the pointer, read back from the mosaic's image on the GPU (its bytes are
// grid numbers). A plain readPixels waits for the GPU to finish everything queued — a stall of
// milliseconds on a real GPU and more in software, which Chromium also logs as "GPU stall due to
// ReadPixels" — so the pointer's moves read through a pixel-pack buffer behind a fence, polled each
// frame, and only a click or a key on a pixel the pointer has not read waits. Written by hand:
// MapLibre has no readback of a custom layer's pixels.

/** A pixel of one of the mosaic's images (its level, coarsest first). */
export interface MosaicPixel {
  level: number;
  x: number;
  y: number;
}

export class MosaicReadback {
  /** Told when a pixel asked for without waiting is back: the pointer's grid is known now. */
  onRead?: () => void;
  /** The last pixel read back, and the grid it held. */
  private last?: MosaicPixel & { grid: number | undefined };
  /** The pixel on its way back from the GPU. */
  private reading?: MosaicPixel;
  /** Bumped when the images change or the context goes: a read of before is dropped. */
  private generation = 0;
  private gl?: WebGL2RenderingContext;

  /** Whether a pixel asked for without waiting is still on its way back. */
  get pending(): boolean {
    return this.reading !== undefined;
  }

  /** The images changed, or their context went: what was read is of no image now. */
  forget(): void {
    this.last = undefined;
    this.reading = undefined;
    this.generation++;
  }

  /**
   * The grid at a pixel of the image bound to `framebuffer`: at once when this pixel was the last
   * read; else, with `now`, read synchronously; without, undefined now and `onRead` once it is back.
   */
  grid(gl: WebGL2RenderingContext, framebuffer: WebGLFramebuffer, at: MosaicPixel, now: boolean): number | undefined {
    this.gl = gl;
    const last = this.last;
    if (last && same(last, at)) return last.grid;
    if (!now) return this.readLater(gl, framebuffer, at);
    const pixel = new Uint8Array(4);
    readPixel(gl, framebuffer, at, pixel);
    return this.remember(at, pixel);
  }

  private readLater(gl: WebGL2RenderingContext, framebuffer: WebGLFramebuffer, at: MosaicPixel): undefined {
    if (this.reading && same(this.reading, at)) return undefined;
    this.reading = at;
    const generation = this.generation;
    const buffer = gl.createBuffer();
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, 4, gl.STREAM_READ);
    readPixel(gl, framebuffer, at, 0);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
    const poll = () => {
      // The context went (the layer left its map): nothing to read.
      if (gl !== this.gl || !sync || gl.isContextLost()) return;
      if (gl.clientWaitSync(sync, 0, 0) === gl.TIMEOUT_EXPIRED) return void requestAnimationFrame(poll);
      gl.deleteSync(sync);
      const pixel = new Uint8Array(4);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
      gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, pixel);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
      gl.deleteBuffer(buffer);
      if (this.reading === at) this.reading = undefined;
      if (generation !== this.generation) return;
      this.remember(at, pixel);
      this.onRead?.();
    };
    requestAnimationFrame(poll);
    return undefined;
  }

  /** Keeps what a pixel held: its bytes are 1 + the grid's number, 0 for none. */
  private remember(at: MosaicPixel, pixel: Uint8Array): number | undefined {
    const id = (pixel[0] << 16) | (pixel[1] << 8) | pixel[2];
    const grid = id ? id - 1 : undefined;
    this.last = { ...at, grid };
    return grid;
  }
}

function same(a: MosaicPixel, b: MosaicPixel): boolean {
  return a.level === b.level && a.x === b.x && a.y === b.y;
}

/** readPixels of one pixel from the framebuffer, into `target` (an array, or the bound pixel-pack buffer's offset); MapLibre's framebuffer binding is put back. */
function readPixel(gl: WebGL2RenderingContext, framebuffer: WebGLFramebuffer, at: MosaicPixel, target: Uint8Array | 0): void {
  const previous = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  if (target === 0) gl.readPixels(at.x, at.y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, 0);
  else gl.readPixels(at.x, at.y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, target);
  gl.bindFramebuffer(gl.FRAMEBUFFER, previous);
}
