/** What a LiveConnection tells its owner. */
export interface LiveConnectionHost {
  /** The stream is open (it may still fail before sending anything). */
  opened(): void;
  /** One message's text, and when it arrived (performance.now()). */
  received(text: string, at: number): void;
  /** The stream ended or failed; a reconnect is scheduled `retryInMs` from now (attempt counts from 1). */
  dropped(why: string, attempt: number, retryInMs: number): void;
}

/** Where to connect: the URL (with the current `since`), and the WebSocket subprotocols to offer. */
export interface LiveEndpoint {
  url: string;
  protocols?: string[];
}

export interface LiveConnectionOptions {
  /** First retry delay; doubles per failed attempt up to `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** No message (heartbeats included) for this long counts as a dropped stream. */
  stallMs: number;
}

/**
 * One live stream: Server-Sent Events for `http(s):` and relative URLs, WebSocket for `ws(s):`.
 * Reconnects itself with exponential backoff and jitter (half to all of the delay, so a wall of
 * screens does not reconnect in step after a server restart); the owner says where to resume
 * (`since`) each time. EventSource's own retry is not used: it would resume by Last-Event-ID without
 * the owner knowing, and never back off.
 */
export class LiveConnection {
  private source?: EventSource | WebSocket;
  private retryTimer = 0;
  private stallTimer = 0;
  private failures = 0;
  private closed = true;
  /** Bumped by each open and teardown: a target that resolves late for an older open is dropped. */
  private opening = 0;

  constructor(
    private readonly host: LiveConnectionHost,
    /** Read at each use: the owner's settings may change. */
    private readonly options: () => LiveConnectionOptions,
    /** Where to connect now; a promise when a token must be fetched first. */
    private readonly target: () => LiveEndpoint | Promise<LiveEndpoint>,
  ) {}

  /** Opens the stream now (closing any open one). */
  open(): void {
    this.teardown();
    this.closed = false;
    const opening = this.opening;
    const target = this.target();
    if (!(target instanceof Promise)) return this.connect(target);
    target.then(
      (t) => opening === this.opening && !this.closed && this.connect(t),
      (error: unknown) => opening === this.opening && !this.closed && this.fail(`no token for the feed (${String(error).slice(0, 120)})`, true),
    );
  }

  private connect({ url, protocols }: LiveEndpoint): void {
    this.source = /^wss?:/i.test(url) ? this.openSocket(url, protocols) : this.openEvents(url);
    this.watch();
  }

  /** Stops for good (until `open()`): no retry. */
  close(): void {
    this.closed = true;
    this.teardown();
  }

  /** A message was read and sequenced: the stream works, so the next failure starts the backoff over. */
  healthy(): void {
    this.failures = 0;
  }

  private openEvents(url: string): EventSource {
    const source = new EventSource(url);
    source.onopen = () => this.host.opened();
    source.onmessage = (event) => this.arrived(event.data as string);
    source.onerror = () => this.fail('the event stream failed or closed');
    return source;
  }

  private openSocket(url: string, protocols?: string[]): WebSocket {
    const socket = protocols?.length ? new WebSocket(url, protocols) : new WebSocket(url);
    socket.onopen = () => this.host.opened();
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.arrived(event.data);
      else this.arrived(''); // binary frames are not part of the protocol: reported as malformed
    };
    socket.onclose = (event) => this.fail(`the socket closed (${event.code})`);
    return socket;
  }

  private arrived(text: string): void {
    this.watch();
    this.host.received(text, performance.now());
  }

  /** (Re)starts the stall watchdog. */
  private watch(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = window.setTimeout(() => this.fail(`nothing arrived for ${Math.round(this.options().stallMs / 1000)} s`), this.options().stallMs);
  }

  private fail(why: string, beforeOpening = false): void {
    if (this.closed || (!this.source && !beforeOpening)) return;
    this.teardown();
    this.failures++;
    const { initialBackoffMs, maxBackoffMs } = this.options();
    const ceiling = Math.min(maxBackoffMs, initialBackoffMs * 2 ** (this.failures - 1));
    const delay = Math.round(ceiling * (0.5 + Math.random() * 0.5));
    this.retryTimer = window.setTimeout(() => this.open(), delay);
    this.host.dropped(why, this.failures, delay);
  }

  private teardown(): void {
    this.opening++;
    clearTimeout(this.retryTimer);
    clearTimeout(this.stallTimer);
    const source = this.source;
    this.source = undefined;
    if (!source) return;
    if (source instanceof WebSocket) {
      source.onclose = source.onmessage = source.onopen = null;
    } else {
      source.onerror = source.onmessage = source.onopen = null;
    }
    source.close();
  }
}
