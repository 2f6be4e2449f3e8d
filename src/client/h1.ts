/**
 * The transport for plain-http endpoints: HTTP/1.1 over keep-alive sockets, read with net's
 * `onread` into one reused buffer (no stream, no 'data' event, no nextTick per read), its
 * response framing (head, Content-Length, chunked, read-until-close) parsed in place.
 *
 * Why our own: a load generator's client does its work once per token, and a real engine sends
 * each token as its own network read. undici reads its socket as a stream and parses in
 * WebAssembly; at one event per read that cost about twice what a read itself costs
 * (bench/paced.ts, bench/paced-floor.ts). The requests this tool sends are one shape (a POST with
 * a JSON body, one at a time per connection), so the transport is small. It speaks undici's
 * dispatch-handler protocol (onRequestStart … onResponseEnd/onResponseError with a controller),
 * so the request logic, redirects and the decompress interceptor are the same over either
 * transport; https endpoints keep undici (TLS, ALPN and certificates are not ours to write).
 *
 * Errors carry a `code`: H1_CONNECT_TIMEOUT, H1_SOCKET (the server closed or reset the
 * connection mid-answer), H1_PARSE (not valid HTTP/1.x), H1_INVALID_ARG (a header that cannot be
 * sent), or the system's (ECONNREFUSED, ENOTFOUND …).
 */
import { connect, type Socket } from 'node:net';
import type { Dispatcher } from 'undici';

type Handler = Dispatcher.DispatchHandler;
type Headers = Record<string, string | string[]>;

/** What dispatch takes: the request as RequestRun sends it. */
export interface H1Request {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface H1Options {
  connectTimeoutMs: number;
  /** How long an idle connection is kept (a server's shorter `Keep-Alive: timeout` hint wins, less 1 s). */
  keepAliveMs?: number;
}

class H1Error extends Error {
  constructor(
    message: string,
    readonly code: 'H1_CONNECT_TIMEOUT' | 'H1_SOCKET' | 'H1_PARSE' | 'H1_INVALID_ARG',
  ) {
    super(message);
    this.name = 'H1Error';
  }
}

/** The H1_SOCKET messages (the simulator's in-process sender words its resets alike). */
export const SOCKET_CLOSED_MID = 'the server closed the connection before the end of the response';
export const SOCKET_CLOSED_BEFORE = 'the server closed the connection without answering';

/** Largest response head accepted (status line + headers). */
const MAX_HEAD = 64 * 1024;
/** Longest chunk-size or trailer line accepted. */
const MAX_LINE = 8 * 1024;
/** One buffer every socket reads into; what a handler keeps is copied out first. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const HEAD_END = Buffer.from('\r\n\r\n');
const LF = 0x0a;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;
/** Headers the transport writes itself or that would change the connection's framing. */
const FORBIDDEN = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'expect']);

/** A request ready to be written: its controller (which holds its handler) and its bytes. */
interface Job {
  ctl: Controller;
  bytes: string;
}

/** An idle connection the server closes this soon after its first answer: it closes after every answer. */
const QUICK_CLOSE_MS = 50;
/**
 * Until a server has answered on a kept connection, a connection is reused only once it has been
 * idle this long (requests meanwhile get new connections): a server that closes right after its
 * answer without saying so is seen closing first, and no request is written into a closing
 * connection (a request is never sent twice).
 */
const FIRST_REUSE_GRACE_MS = 10;

export class H1Agent {
  /** Connections with no request, per origin (the most recently used last). */
  private readonly idle = new Map<string, Conn[]>();
  /** Connections serving a request, or held for one until they are validated. */
  private readonly active = new Set<Conn>();
  private closed = false;
  /**
   * Origins whose server closes the connection after each answer without saying so (llama.cpp's
   * server does after a streamed answer): their connections are not kept, so no request is written
   * into one that is closing.
   */
  private readonly closesAfterAnswer = new Set<string>();
  /** Origins whose server has answered on a kept connection: idle connections are reused after one event-loop turn. */
  private readonly keepsConnections = new Set<string>();
  /** Resolves close() once no request is in flight (one promise, however many callers). */
  private drained: { promise: Promise<void>; resolve: () => void } | undefined;
  readonly keepAliveMs: number;

  constructor(readonly opts: H1Options) {
    this.keepAliveMs = opts.keepAliveMs ?? 4_000;
  }

  /** Sends one request; the handler hears of it through undici's dispatch-handler callbacks. */
  dispatch(req: H1Request, handler: Handler): boolean {
    const ctl = new Controller(handler);
    handler.onRequestStart?.(ctl, {});
    if (ctl.aborted) return true;
    let head: string;
    try {
      if (this.closed) throw new H1Error('the client is closed', 'H1_INVALID_ARG');
      head = requestHead(req);
    } catch (err) {
      ctl.abort(err as Error);
      return true;
    }
    this.assign(req.origin, { ctl, bytes: head + req.body });
    return true;
  }

  /** Idle connections close now; the call resolves when every request in flight has ended. */
  close(): Promise<void> {
    this.closed = true;
    for (const list of this.idle.values()) for (const c of list) c.destroy();
    this.idle.clear();
    if (this.active.size === 0) return Promise.resolve();
    if (!this.drained) {
      let resolve!: () => void;
      const promise = new Promise<void>((res) => (resolve = res));
      this.drained = { promise, resolve };
    }
    return this.drained.promise;
  }

  /**
   * Gives a job a connection: an idle one already validated (the most recent first), else — when
   * the server is known to keep connections — the most recent one still being validated (the job
   * is written after that one loop turn), else a new one.
   */
  assign(origin: string, job: Job): void {
    const list = this.idle.get(origin);
    let conn: Conn | undefined;
    if (list) {
      for (let k = list.length - 1; k >= 0 && !conn; k--) {
        const c = list[k]!;
        if (!c.usable()) {
          list.splice(k, 1);
          c.destroy();
        } else if (c.validated) {
          list.splice(k, 1);
          conn = c;
        }
      }
      // Still being validated: worth waiting one loop turn for, once the server is known to keep connections.
      if (!conn && list.length > 0 && this.keepsConnections.has(origin)) conn = list.pop();
    }
    conn ??= new Conn(this, origin);
    this.active.add(conn);
    conn.take(job);
  }

  /** A connection whose response ended: kept for the next request, or closed. */
  release(conn: Conn, keep: boolean): void {
    this.active.delete(conn);
    if (keep && !this.closed && !this.closesAfterAnswer.has(conn.origin)) {
      this.toIdle(conn);
      conn.park();
    } else conn.destroy();
    this.settle();
  }

  /** The server closed a connection right after its first answer: it will do so every time. */
  noteClosesAfterAnswer(origin: string): void {
    this.closesAfterAnswer.add(origin);
  }

  /** The server answered on a kept connection. */
  noteKeepsConnections(origin: string): void {
    this.keepsConnections.add(origin);
  }

  knownToKeep(origin: string): boolean {
    return this.keepsConnections.has(origin);
  }

  /** A connection held for a job that was aborted before it was written: idle again. */
  unreserve(conn: Conn): void {
    this.active.delete(conn);
    if (this.closed) conn.destroy();
    else this.toIdle(conn);
    this.settle();
  }

  /** A connection that closed, or whose keep-alive ran out, while it held no request. */
  forget(conn: Conn): void {
    const list = this.idle.get(conn.origin);
    const i = list ? list.indexOf(conn) : -1;
    if (i >= 0) list!.splice(i, 1);
    this.active.delete(conn);
    this.settle();
  }

  private toIdle(conn: Conn): void {
    const list = this.idle.get(conn.origin);
    if (list) list.push(conn);
    else this.idle.set(conn.origin, [conn]);
  }

  private settle(): void {
    if (this.active.size === 0 && this.drained) {
      this.drained.resolve();
      this.drained = undefined;
    }
  }
}

/** The dispatch controller: abort ends the request at once (its connection is closed). */
class Controller implements Dispatcher.DispatchController {
  aborted = false;
  paused = false;
  reason: Error | null = null;
  /** The connection serving the request (or held for it), once it has one. */
  conn: Conn | undefined;

  constructor(
    /** The handler, until the request has ended (then every later event is dropped). */
    public handler: Handler | undefined,
  ) {}

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const h = this.handler;
    this.handler = undefined;
    this.conn?.abandon(this);
    this.conn = undefined;
    h?.onResponseError?.(this, reason);
  }

  // Only while the request holds its connection: once it has ended, the socket may serve another.
  pause(): void {
    this.paused = true;
    this.conn?.socket.pause();
  }

  resume(): void {
    this.paused = false;
    this.conn?.socket.resume();
  }
}

type State = 'idle' | 'head' | 'length' | 'until-close' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers';

class Conn {
  readonly socket: Socket;
  private state: State = 'idle';
  private ctl: Controller | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private connected = false;
  private dead = false;
  /** Bytes of a head or a line split over reads. */
  private pending: Buffer | undefined;
  /** Body bytes left (Content-Length, or the current chunk). */
  private left = 0;
  private keep = true;
  private keepAliveMs: number;
  private gotHead = false;
  /**
   * False from the end of a response until a FIN or RST the server sent right after its answer
   * would have been read (llama.cpp's server closes after each streamed response without saying
   * so), so no request is written into a connection that is closing: one event-loop turn once the
   * server is known to keep connections (undici's idle-socket validation does the same), else
   * FIRST_REUSE_GRACE_MS.
   */
  validated = true;
  private validation: NodeJS.Immediate | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  /** Answers completed on this connection, and when the last one ended. */
  private served = 0;
  private parkedAt = 0;
  /** The connection had served an answer before the current request was written on it. */
  private reused = false;
  /** A job given to this connection while it was being validated. */
  private waiting: Job | undefined;

  constructor(
    private readonly agent: H1Agent,
    readonly origin: string,
  ) {
    const u = new URL(origin);
    const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    this.keepAliveMs = agent.keepAliveMs;
    this.socket = connect({ host, port: Number(u.port || 80), onread: { buffer: READ_BUFFER, callback: (n: number) => this.onRead(n) } });
    this.socket.setNoDelay(true);
    this.connectTimer = setTimeout(() => {
      this.fail(new H1Error(`connect timed out after ${agent.opts.connectTimeoutMs} ms`, 'H1_CONNECT_TIMEOUT'));
    }, agent.opts.connectTimeoutMs);
    this.socket.once('connect', () => {
      this.connected = true;
      clearTimeout(this.connectTimer);
    });
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('end', () => this.onEnd());
    this.socket.on('close', () => this.onEnd());
  }

  /** Takes a job: written now, or once the connection is validated. */
  take(job: Job): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    job.ctl.conn = this;
    if (this.validated) this.start(job);
    else {
      this.waiting = job;
      // Parked in its grace period before the origin was known to keep connections: a waiting job
      // needs a ref'd wake-up, one loop turn away as for any known origin's connection.
      if (!this.validation) this.validation = setImmediate(() => this.validate());
    }
  }

  /** Writes a request and waits for its answer. */
  private start({ ctl, bytes }: Job): void {
    this.reused = this.served > 0;
    this.ctl = ctl;
    ctl.conn = this;
    this.state = 'head';
    this.gotHead = false;
    this.keep = true;
    this.pending = undefined;
    if (ctl.paused) this.socket.pause();
    this.socket.write(bytes);
  }

  /** True when an idle connection can take another request. */
  usable(): boolean {
    return !this.dead && this.state === 'idle' && !this.socket.destroyed && this.socket.writable;
  }

  /** Idle: validated after one turn of the event loop, kept until its keep-alive runs out. */
  park(): void {
    this.state = 'idle';
    this.ctl = undefined;
    this.parkedAt = performance.now();
    this.socket.resume();
    this.validated = false;
    if (this.agent.knownToKeep(this.origin)) this.validation = setImmediate(() => this.validate());
    else {
      // Unref'd: a job is given to a connection in its grace only once the origin is known to keep
      // connections (H1Agent.assign), and an idle connection must not keep the process alive.
      this.graceTimer = setTimeout(() => this.validate(), FIRST_REUSE_GRACE_MS);
      this.graceTimer.unref();
    }
    this.idleTimer = setTimeout(() => {
      this.drop();
    }, this.keepAliveMs);
    this.idleTimer.unref();
  }

  /** The connection has outlived the moment a closing server's FIN would have come: a waiting job goes out. */
  private validate(): void {
    clearTimeout(this.graceTimer);
    if (this.validation) clearImmediate(this.validation);
    this.graceTimer = this.validation = undefined;
    this.validated = true;
    const job = this.waiting;
    this.waiting = undefined;
    if (job && !this.dead) this.start(job);
  }

  /** Closes a connection that holds no request and leaves the pool. */
  private drop(): void {
    this.agent.forget(this);
    this.destroy();
  }

  /** Closes the connection; a job waiting for it goes to another. */
  destroy(): void {
    this.dead = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.idleTimer);
    if (this.validation) clearImmediate(this.validation);
    this.validation = undefined;
    clearTimeout(this.graceTimer);
    this.socket.destroy();
    const job = this.waiting;
    this.waiting = undefined;
    if (job) {
      this.agent.forget(this);
      this.agent.assign(this.origin, job);
    }
  }

  /** The request was aborted: its connection cannot be trusted with another (unless it has moved on). */
  abandon(ctl: Controller): void {
    if (this.waiting?.ctl === ctl) {
      // Not written yet: the connection is as good as before.
      this.waiting = undefined;
      this.agent.unreserve(this);
      return;
    }
    if (this.ctl !== ctl) return;
    this.ctl = undefined;
    this.state = 'idle';
    this.agent.release(this, false);
  }

  private fail(err: Error): void {
    const ctl = this.ctl;
    if (ctl) {
      this.ctl = undefined;
      ctl.conn = undefined;
      this.agent.release(this, false);
      const h = ctl.handler;
      ctl.handler = undefined;
      h?.onResponseError?.(ctl, err);
    } else {
      if (this.state === 'idle' && this.served === 1 && performance.now() - this.parkedAt < QUICK_CLOSE_MS) this.agent.noteClosesAfterAnswer(this.origin);
      this.drop();
    }
  }

  private onEnd(): void {
    if (this.state === 'until-close' && this.ctl) return this.finish();
    const what = this.gotHead ? SOCKET_CLOSED_MID : this.connected ? SOCKET_CLOSED_BEFORE : 'the connection closed';
    this.fail(new H1Error(what, 'H1_SOCKET'));
  }

  /** Bytes [0, n) of READ_BUFFER arrived. */
  private onRead(n: number): boolean {
    const ctl = this.ctl;
    if (!ctl) {
      // Bytes with no request outstanding: the connection is out of step.
      this.drop();
      return false;
    }
    if (this.reused && !this.gotHead) this.agent.noteKeepsConnections(this.origin);
    // A view of just these bytes: searches must not run into what earlier reads left in the buffer.
    let buf = READ_BUFFER.subarray(0, n);
    if (this.pending) {
      buf = Buffer.concat([this.pending, buf]);
      this.pending = undefined;
    }
    const end = buf.length;
    let i = 0;
    try {
      while (i < end && this.ctl === ctl) i = this.step(buf, i, end);
    } catch (err) {
      this.fail(err as Error);
      return false;
    }
    if (this.ctl === undefined && i < end && this.state === 'idle' && !this.dead) {
      // More bytes after a whole response: not a server to keep a connection to.
      this.drop();
    }
    return true;
  }

  /** Parses from i; returns where it stopped (end when it needs more bytes). */
  private step(buf: Buffer, i: number, end: number): number {
    switch (this.state) {
      case 'head': {
        const at = buf.indexOf(HEAD_END, i);
        if (at < 0) return this.keepPending(buf, i, end, MAX_HEAD, 'response head');
        this.onHead(buf.toString('latin1', i, at));
        return at + 4;
      }
      case 'length': {
        const take = Math.min(this.left, end - i);
        this.data(buf, i, i + take);
        this.left -= take;
        if (this.left === 0 && this.ctl) this.finish();
        return i + take;
      }
      case 'until-close':
        this.data(buf, i, end);
        return end;
      case 'chunk-size': {
        const nl = buf.indexOf(LF, i);
        if (nl < 0) return this.keepPending(buf, i, end, MAX_LINE, 'chunk size line');
        this.left = chunkSize(buf, i, nl);
        this.state = this.left === 0 ? 'trailers' : 'chunk-data';
        return nl + 1;
      }
      case 'chunk-data': {
        const take = Math.min(this.left, end - i);
        this.left -= take;
        if (this.left === 0) this.state = 'chunk-end';
        this.data(buf, i, i + take);
        return i + take;
      }
      case 'chunk-end': {
        // The CRLF after a chunk's data (a bare LF is taken too); `left` is 1 once its CR is read.
        const c = buf[i]!;
        if (c === 0x0d && this.left === 0) {
          this.left = 1;
          return i + 1;
        }
        if (c !== LF) throw new H1Error('missing CRLF after chunk data', 'H1_PARSE');
        this.left = 0;
        this.state = 'chunk-size';
        return i + 1;
      }
      case 'trailers': {
        const nl = buf.indexOf(LF, i);
        if (nl < 0) return this.keepPending(buf, i, end, MAX_LINE, 'trailer line');
        const blank = nl === i || (nl === i + 1 && buf[i] === 0x0d);
        if (blank) this.finish();
        return nl + 1;
      }
      default:
        return end;
    }
  }

  /** Keeps bytes [i, end) until more arrive; a head or line longer than `max` is an error. */
  private keepPending(buf: Buffer, i: number, end: number, max: number, what: string): number {
    if (end - i > max) throw new H1Error(`${what} longer than ${max} bytes`, 'H1_PARSE');
    this.pending = Buffer.from(buf.subarray(i, end));
    return end;
  }

  private onHead(text: string): void {
    const lines = text.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]!);
    if (!m) throw new H1Error(`not an HTTP/1.x status line: ${JSON.stringify(lines[0]!.slice(0, 60))}`, 'H1_PARSE');
    const status = Number(m[2]);
    const headers: Headers = {};
    for (let k = 1; k < lines.length; k++) {
      const line = lines[k]!;
      const colon = line.indexOf(':');
      if (colon <= 0 || !TOKEN.test(line.slice(0, colon))) throw new H1Error(`invalid header line ${JSON.stringify(line.slice(0, 60))}`, 'H1_PARSE');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      const had = headers[name];
      headers[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    }
    if (status < 200) {
      if (status === 101) throw new H1Error('the server switched protocols (HTTP 101)', 'H1_PARSE');
      return; // 100 Continue, 103 Early Hints …: the answer follows
    }
    this.gotHead = true;
    const conn = joined(headers.connection).toLowerCase();
    this.keep = m[1] === '1' ? !/\bclose\b/.test(conn) : /\bkeep-alive\b/.test(conn);
    const hint = /\btimeout=(\d+)/i.exec(joined(headers['keep-alive']));
    if (hint) this.keepAliveMs = Math.min(this.agent.keepAliveMs, Math.max(0, Number(hint[1]) * 1000 - 1000));
    const te = joined(headers['transfer-encoding']);
    const cl = headers['content-length'];
    if (te) {
      if (!/(?:^|,)\s*chunked\s*$/i.test(te)) {
        this.state = 'until-close';
        this.keep = false;
      } else this.state = 'chunk-size';
    } else if (cl !== undefined) {
      const values = [...new Set(joined(cl).split(/\s*,\s*/))];
      if (values.length !== 1 || !/^\d{1,15}$/.test(values[0]!)) throw new H1Error(`invalid Content-Length ${JSON.stringify(joined(cl))}`, 'H1_PARSE');
      this.left = Number(values[0]);
      this.state = 'length';
    } else if (status === 204 || status === 304) {
      this.left = 0;
      this.state = 'length';
    } else {
      this.state = 'until-close';
      this.keep = false;
    }
    const ctl = this.ctl!;
    ctl.handler?.onResponseStart?.(ctl, status, headers, m[3] ?? '');
    if (this.ctl === ctl && this.state === 'length' && this.left === 0) this.finish();
  }

  /** Body bytes [s, e): handed to the handler as a copy (it may keep them). */
  private data(buf: Buffer, s: number, e: number): void {
    if (e <= s) return;
    const ctl = this.ctl!;
    ctl.handler?.onResponseData?.(ctl, Buffer.copyBytesFrom(buf, s, e - s));
  }

  /** The response is complete. */
  private finish(): void {
    const ctl = this.ctl!;
    const h = ctl.handler;
    ctl.handler = undefined;
    ctl.conn = undefined;
    this.ctl = undefined;
    this.served++;
    this.agent.release(this, this.keep && this.state !== 'until-close');
    h?.onResponseEnd?.(ctl, {});
  }
}

/**
 * The size on a chunk-size line, bytes [s, nl) before its LF: hex digits (at most 12), then
 * optional blanks, an optional `;extension`, an optional CR. Read from the bytes, no string.
 */
function chunkSize(buf: Buffer, s: number, nl: number): number {
  let size = 0;
  let i = s;
  for (; i < nl && i - s < 13; i++) {
    const c = buf[i]!;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) break;
    size = size * 16 + d;
  }
  const digits = i - s;
  while (i < nl && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  let ok = digits > 0 && digits <= 12;
  if (ok && i < nl && buf[i] === 0x3b) {
    // An extension runs to the line's end; a CR may only end it.
    const cr = buf.indexOf(0x0d, i);
    ok = cr < 0 || cr >= nl - 1;
  } else if (ok) ok = i === nl || (i === nl - 1 && buf[i] === 0x0d);
  if (!ok) {
    throw new H1Error(`invalid chunk size line ${JSON.stringify(buf.toString('latin1', s, Math.min(nl, s + 40)))}`, 'H1_PARSE');
  }
  return size;
}

function joined(h: string | string[] | undefined): string {
  return Array.isArray(h) ? h.join(', ') : (h ?? '');
}

/** The request line and headers; a header that cannot be sent is an H1_INVALID_ARG error. */
function requestHead(req: H1Request): string {
  if (!req.path.startsWith('/') || BAD_VALUE.test(req.path) || / /.test(req.path)) throw new H1Error(`invalid request path ${JSON.stringify(req.path)}`, 'H1_INVALID_ARG');
  let host = new URL(req.origin).host;
  let head = '';
  for (const name in req.headers) {
    const value = req.headers[name]!;
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) throw new H1Error(`invalid header name ${JSON.stringify(name)}`, 'H1_INVALID_ARG');
    if (BAD_VALUE.test(value)) throw new H1Error(`invalid value for header ${name}`, 'H1_INVALID_ARG');
    if (FORBIDDEN.has(lower)) throw new H1Error(`header ${name} is set by the client and cannot be given`, 'H1_INVALID_ARG');
    if (lower === 'host') host = value;
    else head += `${name}: ${value}\r\n`;
  }
  return `${req.method} ${req.path} HTTP/1.1\r\nhost: ${host}\r\n${head}content-length: ${Buffer.byteLength(req.body)}\r\n\r\n`;
}
