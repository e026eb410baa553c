/**
 * A typed event emitter with no DOM (MapLibre's `Evented`, typed by an event map): what the engine
 * and its parts tell the views above them. Listeners are called in the order they were added; one
 * that throws does not stop the others (the error is rethrown in a microtask, so it is not lost).
 */
export class Emitter<M extends object> {
  private readonly listeners = new Map<keyof M, Set<(detail: never) => void>>();

  /** Calls `listener` with each `type` event's detail; returns a function that stops it. */
  on<K extends keyof M>(type: K, listener: (detail: M[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (detail: never) => void);
    return () => this.off(type, listener);
  }

  off<K extends keyof M>(type: K, listener: (detail: M[K]) => void): void {
    this.listeners.get(type)?.delete(listener as (detail: never) => void);
  }

  fire<K extends keyof M>(type: K, detail: M[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        (listener as (detail: M[K]) => void)(detail);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
