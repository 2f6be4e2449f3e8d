/**
 * Sends one OpenAI-compatible completion request and times it. Never throws: every request ends in
 * exactly one RequestRecord whose outcome is `ok` or an error kind (see metrics/record.ts).
 *
 * Connections come from one undici Agent whose pools have no connection cap, so the client never
 * queues a request behind a hidden limit; the pacer's max-in-flight cap is the only limit and its
 * overflow is counted by the runner.
 */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
// By path, not from 'undici': that would evaluate all of undici (see undici-parts.d.ts). Its Agent
// is imported on use (https only), below.
import decompress from 'undici/lib/interceptor/decompress.js';
import { computeTpot, DRAIN_EXPIRED, newRecord, type ErrorKind, type RequestRecord } from '../metrics/record.js';
import { SseParser } from './sse.js';
import { H1Agent, type H1Request } from './h1.js';
import { classifyThrown, classifyStatus, isDecodeError } from './errors.js';
import { realClock, type Clock, type TimerHandle } from '../util/clock.js';
import { redact, truncate } from '../util/text.js';

export type Endpoint = 'chat' | 'completions';

export interface Timeouts {
  /** TCP (and TLS) connect. */
  connectMs: number;
  /** Send → response head. */
  firstByteMs: number;
  /** Longest silence between two reads of the body (including head → first chunk). */
  idleMs: number;
  /** Send → end of body. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, firstByteMs: 60_000, idleMs: 30_000, totalMs: 600_000 };

export interface ClientOptions {
  /** Base URL with or without a trailing /v1. */
  baseUrl: string;
  endpoint: Endpoint;
  stream: boolean;
  /** Sent as `Authorization: Bearer …`; never logged or written anywhere. */
  apiKey?: string;
  headers?: Record<string, string>;
  timeouts?: Partial<Timeouts>;
  /**
   * Runs the timeout timers (default: the real clock). Timestamps on the record always come from
   * the real monotonic clock: the bytes travel in real time. With a virtual clock the timeouts
   * fire only when its driver advances it (for tests of the timeout logic).
   */
  clock?: Clock;
  /** Same-origin 307/308 redirects followed per request (default 3); any other 3xx is `http_3xx`. */
  maxRedirects?: number;
  /**
   * `auto` (default): http endpoints through client/h1.ts, https through undici; `undici`: undici
   * for both (the tests run the client's behaviour over each transport).
   */
  transport?: Transport;
}

export type Transport = 'auto' | 'undici';

/** Redirects followed per request unless ClientOptions.maxRedirects says otherwise. */
const DEFAULT_MAX_REDIRECTS = 3;

/**
 * Chunks with generated text (content or reasoning) beyond which a stream is cut as
 * `overlong_stream`: 2 × max_tokens + 16. Chunks are not tokens: a server sending several tokens
 * per chunk sends fewer chunks, never more, and the slack covers servers that split a token's
 * text over two chunks. Reasoning counts because max_tokens bounds it too. No max_tokens: no cut.
 */
export function overlongChunkLimit(maxTokens: unknown): number {
  return typeof maxTokens === 'number' && Number.isFinite(maxTokens) && maxTokens > 0 ? 2 * maxTokens + 16 : Infinity;
}

export interface ChatMessage {
  role: string;
  content: string;
}

/** What the workload asks the client to send. */
export interface RequestSpec {
  model: string;
  messages?: ChatMessage[];
  prompt?: string;
  maxTokens?: number;
  /** Extra body fields (e.g. ignore_eos, min_tokens, temperature). */
  extra?: Record<string, unknown>;
  requestedInputTokens?: number;
  /** Keep the generated content text on the record (`RequestRecord.text`), e.g. for multi-turn sessions. */
  captureText?: boolean;
}

export interface SendContext {
  id: number;
  phase: string;
  scheduledAt: number;
  /**
   * Aborting it ends the request with outcome `cancelled`, or `incomplete` when the abort reason
   * is DRAIN_EXPIRED (the level's drain bound ran out while the request was still open).
   */
  signal?: AbortSignal;
}

const MAX_ERROR_BODY = 2048;
/** Largest whole JSON answer collected for a streaming request (a body that never ends is cut). */
export const MAX_WHOLE_BODY = 16 * 1024 * 1024;

/** What RequestRun sends a hop through: an undici dispatcher, or H1Agent behind the same interceptor. */
interface Dispatch {
  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
}

export class OpenAIClient {
  /** The connections: H1Agent (http), or undici's Agent once its module has loaded (https). */
  private agent: { close(): Promise<void> } | undefined;
  /** The transport with undici's decompress interceptor: gzip, deflate, br (and zstd) bodies decoded. */
  private dispatcher: Dispatch | undefined;
  /** undici's Agent is loaded only for https (about 9 MB of RSS a plain-http run does not pay). */
  private readonly loading: Promise<Dispatch> | undefined;
  private readonly clock: Clock;
  private readonly maxRedirects: number;
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly timeouts: Timeouts;
  /** Credentials a server might echo back in an error; scrubbed from every error message. */
  private readonly secrets: string[];

  constructor(private readonly opts: ClientOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.url = completionUrl(opts.baseUrl, opts.endpoint);
    // Responses without Content-Encoding pass straight through (one call per chunk, no copy).
    // Error bodies are decoded too, so their message can be read.
    const decode = decompress({ skipErrorResponses: false });
    if (useH1(this.url, opts.transport)) {
      // Plain http: our own HTTP/1.1 reader (client/h1.ts), less CPU per token than undici.
      const h1 = new H1Agent({ connectTimeoutMs: this.timeouts.connectMs, keepAliveMs: KEEP_ALIVE_MS });
      this.agent = h1;
      this.dispatcher = { dispatch: decode((o, h) => h1.dispatch(o as H1Request, h)) };
    } else {
      this.loading = import('undici/lib/dispatcher/agent.js').then(({ default: Agent }) => {
        const agent = new Agent({
          connections: null,
          pipelining: 1,
          keepAliveTimeout: KEEP_ALIVE_MS,
          keepAliveTimeoutThreshold: 1_000,
          headersTimeout: 0,
          bodyTimeout: 0,
          connect: { timeout: this.timeouts.connectMs },
        });
        this.agent = agent;
        return (this.dispatcher = agent.compose(decode));
      });
    }
    this.clock = opts.clock ?? realClock;
    this.maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.headers = { 'content-type': 'application/json', accept: opts.stream ? 'text/event-stream' : 'application/json', ...opts.headers };
    if (opts.apiKey) this.headers.authorization = `Bearer ${opts.apiKey}`;
    this.secrets = [opts.apiKey, ...Object.values(opts.headers ?? {})].filter((x): x is string => typeof x === 'string' && x.length >= 6);
  }

  /** The JSON body for a spec; exposed for tests and for the per-request log. */
  body(spec: RequestSpec): Record<string, unknown> {
    const b: Record<string, unknown> = { model: spec.model };
    if (this.opts.endpoint === 'chat') b.messages = spec.messages ?? [{ role: 'user', content: spec.prompt ?? '' }];
    else b.prompt = spec.prompt ?? (spec.messages ?? []).map((m) => m.content).join('\n');
    if (spec.maxTokens !== undefined) b.max_tokens = spec.maxTokens;
    b.stream = this.opts.stream;
    if (this.opts.stream) b.stream_options = { include_usage: true };
    return { ...b, ...spec.extra };
  }

  async send(spec: RequestSpec, ctx: SendContext): Promise<RequestRecord> {
    const body = this.body(spec);
    const limit = overlongChunkLimit(body.max_tokens ?? body.max_completion_tokens);
    const dispatcher = this.dispatcher ?? (await this.loading!);
    const run = new RequestRun(spec, ctx, this.timeouts, this.secrets, this.clock, limit);
    await run.execute(this.url, this.headers, JSON.stringify(body), dispatcher, this.opts.stream, this.maxRedirects);
    return run.record;
  }

  async close(): Promise<void> {
    await this.loading?.catch(() => undefined);
    await this.agent?.close();
  }
}

/** How long an idle keep-alive connection is kept for the next request. */
const KEEP_ALIVE_MS = 4_000;

/** Which transport a URL gets: http → H1Agent unless undici is asked for; https (TLS) → undici. */
function useH1(url: string, transport: Transport | undefined): boolean {
  return transport !== 'undici' && url.startsWith('http:');
}

/** Joins a base URL (with or without /v1) and the completion path. */
function completionUrl(baseUrl: string, endpoint: Endpoint): string {
  const base = baseUrl.replace(/\/+$/, '');
  const path = endpoint === 'chat' ? '/chat/completions' : '/completions';
  return /\/v1$/.test(base) ? `${base}${path}` : `${base}/v1${path}`;
}

/** What the body of the current response is read for. */
type Mode =
  /** A 3xx: its body is discarded, then the next hop is sent (or the request ends as http_3xx). */
  | 'discard'
  /** An error status: up to MAX_ERROR_BODY bytes collected for the message. */
  | 'error'
  /** A streaming answer: SSE (or, told by its first bytes, one whole JSON answer). */
  | 'stream'
  /** A non-streaming answer: the whole body. */
  | 'whole';

/** Bytes of a redirect's body read (and dropped) before its connection is closed instead. */
const MAX_DISCARD = 128 * 1024;

/**
 * State of one request in flight; owns its timers. It is the undici dispatch handler of each hop:
 * the body arrives as Buffers in onResponseData (no stream, no async iteration), each read is
 * timed where it arrives and parsed in place by the byte-level SSE parser.
 */
class RequestRun implements Dispatcher.DispatchHandler {
  readonly record: RequestRecord;
  private abortKind: ErrorKind | undefined;
  private timer: TimerHandle | undefined;
  /** Real time of the last read (record timestamps). */
  private lastRead = 0;
  /** Send and last read on the timer clock (deadlines); the same readings when it is the real clock. */
  private sentClock = 0;
  private lastActivity = 0;
  private readonly sameClock: boolean;
  private gotHead = false;
  private lastTokenAt = 0;
  private sawDone = false;
  private usageOutput: number | undefined;
  /** Content pieces, only when the spec asked for the text (undefined otherwise: no per-chunk cost). */
  private readonly textParts: string[] | undefined;
  private readonly onCancel = (): void => this.abort(cancelKind(this.signal));
  private readonly signal: AbortSignal | undefined;

  // What every hop sends.
  private stream = true;
  private maxRedirects = 0;
  private dispatcher: Dispatch | undefined;
  private headers: Record<string, string> = {};
  private body = '';
  // Per hop / per response.
  private ctl: Dispatcher.DispatchController | undefined;
  private mode: Mode = 'discard';
  private target = '';
  private hops = 0;
  /** The next hop's URL once a followed 3xx's body has been read, or why the 3xx is not followed. */
  private next: string | { message: string } | undefined;
  private contentType = '';
  private parser: SseParser | undefined;
  private events = 0;
  /** Undecided until the first non-blank byte; then the pieces of a JSON body, or null for SSE. */
  private wholeParts: Buffer[] | null | undefined;
  private wholeBytes = 0;
  /** Time of the read being parsed (every event it completes arrived then). */
  private readAt = 0;
  /** A redirect body too large to read: its hop was aborted; the next hop follows its error. */
  private discardCut = false;
  private settled = false;
  private resolve: (() => void) | undefined;
  private readonly onEvent = (data: string): boolean => {
    this.events++;
    return this.onData(data, this.readAt);
  };

  constructor(
    spec: RequestSpec,
    ctx: SendContext,
    private readonly t: Timeouts,
    private readonly secrets: string[] = [],
    private readonly clock: Clock = realClock,
    /** Chunks with text beyond which the stream is cut (overlongChunkLimit). */
    private readonly chunkLimit = Infinity,
  ) {
    this.record = newRecord(spec, ctx);
    if (spec.captureText) this.textParts = [];
    this.signal = ctx.signal;
    if (ctx.signal?.aborted) this.abortKind = cancelKind(ctx.signal);
    this.sameClock = clock === realClock;
  }

  /** Sends the request (following redirects); resolves when it has its outcome, never rejects. */
  execute(url: string, headers: Record<string, string>, body: string, dispatcher: Dispatch, stream: boolean, maxRedirects: number): Promise<void> {
    const r = this.record;
    r.sentAt = performance.now();
    if (this.abortKind) {
      r.endedAt = r.sentAt;
      this.settled = true;
      this.finish(this.abortKind, this.abortKind === 'incomplete' ? "not sent: the level's drain bound had expired" : 'cancelled before send');
      return Promise.resolve();
    }
    this.stream = stream;
    this.maxRedirects = maxRedirects;
    this.dispatcher = dispatcher;
    this.headers = headers;
    this.body = body;
    this.signal?.addEventListener('abort', this.onCancel, { once: true });
    this.sentClock = this.lastActivity = this.sameClock ? r.sentAt : this.clock.now();
    const done = new Promise<void>((res) => (this.resolve = res));
    this.arm();
    if (!this.settled) this.send(url);
    return done;
  }

  /** Dispatches one hop; a URL or header undici rejects ends the request like a thrown error. */
  private send(target: string): void {
    this.target = target;
    this.ctl = undefined;
    this.mode = 'discard';
    this.next = undefined;
    try {
      const u = new URL(target);
      this.dispatcher!.dispatch({ origin: u.origin, path: `${u.pathname}${u.search}`, method: 'POST', headers: this.headers, body: this.body }, this);
    } catch (err) {
      this.onResponseError(undefined, err as Error);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.ctl = controller;
    // Aborted while it waited for a connection: it ended then; now it is taken back before it is written.
    if (this.settled) controller.abort(new Error('request ended before it was sent'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (this.settled || statusCode < 200) return;
    const r = this.record;
    if (statusCode >= 300 && statusCode < 400) {
      // A redirect: followed (same origin, 307/308: method and body kept) or counted as http_3xx,
      // once its body has been read (so the connection is kept).
      this.next = redirectTarget(this.target, headers.location, statusCode, this.hops < this.maxRedirects);
      this.mode = 'discard';
      this.wholeBytes = 0;
      if (typeof this.next !== 'string') {
        this.gotHead = true;
        r.status = statusCode;
      }
      return;
    }
    this.gotHead = true;
    this.lastRead = performance.now();
    this.lastActivity = this.sameClock ? this.lastRead : this.clock.now();
    // The pending timer was armed for the first-byte deadline; the idle clock starts now.
    this.timer?.cancel();
    this.arm();
    if (this.settled) return;
    r.status = statusCode;
    this.wholeBytes = 0;
    if (statusCode >= 300) {
      this.mode = 'error';
      this.wholeParts = [];
    } else if (this.stream) {
      this.mode = 'stream';
      this.contentType = headerText(headers['content-type']);
      this.parser = new SseParser();
    } else {
      this.mode = 'whole';
      this.wholeParts = [];
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (this.mode === 'discard') {
      // More than a redirect's body should hold: the connection is closed instead of read on.
      if ((this.wholeBytes += chunk.length) > MAX_DISCARD && !this.discardCut) {
        this.discardCut = true;
        controller.abort(new Error('redirect body too large'));
      }
      return;
    }
    // Every event completed by this read arrived now: one clock read per read, not per event.
    const now = (this.readAt = this.lastRead = performance.now());
    this.lastActivity = this.sameClock ? now : this.clock.now();
    if (this.mode === 'stream') {
      if (this.wholeParts !== null) {
        this.wholeParts ??= looksLikeJson(chunk, this.contentType);
        if (this.wholeParts) {
          this.wholeParts.push(chunk);
          if ((this.wholeBytes += chunk.length) > MAX_WHOLE_BODY) {
            this.finish('malformed_stream', `JSON body for a streaming request is larger than ${MAX_WHOLE_BODY} bytes`);
            this.end(true);
          }
          return;
        }
      }
      // onData returns false when the request ended with an error (it may have ended it already).
      if (!this.parser!.feed(chunk, this.onEvent) || this.record.outcome !== 'ok') this.end(true);
      return;
    }
    // The error body (bounded) or a whole answer.
    this.wholeParts!.push(chunk);
    this.wholeBytes += chunk.length;
    if (this.mode === 'error' && this.wholeBytes >= MAX_ERROR_BODY) this.endError(true);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    switch (this.mode) {
      case 'discard':
        return this.afterRedirect();
      case 'error':
        return this.endError(false);
      case 'whole':
        this.takeWhole(Buffer.concat(this.wholeParts!).toString('utf8'), performance.now(), false);
        return this.end(false);
      case 'stream':
        return this.endStream();
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, err: Error): void {
    if (this.settled) return;
    if (this.discardCut) return this.afterRedirect();
    if (this.mode === 'error' && this.gotHead && !this.abortKind) {
      // The status decides the kind; a body that cannot be read or decoded only loses the message.
      this.finish(classifyStatus(this.record.status!), `HTTP ${this.record.status}: ${errorMessage(`(body unreadable: ${describe(err)})`)}`);
    } else if (this.sawDone && this.abortKind !== 'cancelled') {
      // A stream that ended with [DONE] but was held open (a proxy, keep-alive comments) is a
      // complete answer, not a timeout (nor incomplete when the drain bound cut it).
      this.complete();
    } else if (this.abortKind) this.finish(this.abortKind, abortMessage(this.abortKind, this.t));
    else if (isDecodeError(err)) this.finish('malformed_stream', `response body could not be decompressed: ${describe(err)}`);
    else this.finish(classifyThrown(err, this.gotHead), describe(err));
    this.end(false);
  }

  /** A 3xx's body is read: the next hop, or the end as http_3xx. */
  private afterRedirect(): void {
    this.discardCut = false;
    const next = this.next;
    if (typeof next === 'string') {
      this.record.redirects = ++this.hops;
      return this.send(next);
    }
    this.finish('http_3xx', next?.message ?? `HTTP ${this.record.status}`);
    this.end(false);
  }

  private endError(cut: boolean): void {
    const text = Buffer.concat(this.wholeParts!).toString('utf8').slice(0, MAX_ERROR_BODY);
    this.finish(classifyStatus(this.record.status!), `HTTP ${this.record.status}: ${errorMessage(text)}`);
    this.end(cut);
  }

  /**
   * The end of a streaming body: an SSE stream, or — when the body turned out to be JSON (see
   * looksLikeJson) — one whole answer from a server or proxy that does not stream, taken as a
   * non-streamed completion.
   */
  private endStream(): void {
    if (this.wholeParts) {
      this.takeWhole(Buffer.concat(this.wholeParts).toString('utf8'), this.lastRead, true);
      return this.end(false);
    }
    this.readAt = this.lastRead;
    if (this.parser!.end(this.onEvent) && this.record.outcome === 'ok') {
      if (this.events === 0) this.finish('malformed_stream', `no SSE data events in the body (content-type: ${this.contentType || 'none'})`);
      else if (!this.sawDone) this.finish('malformed_stream', 'stream ended without data: [DONE]');
      else this.complete();
    }
    this.end(false);
  }

  /** The request has its outcome: timers stop, the caller is answered; `cut` closes the connection. */
  private end(cut: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.record.endedAt = performance.now();
    this.timer?.cancel();
    this.signal?.removeEventListener('abort', this.onCancel);
    if (cut) this.ctl?.abort(new Error('response no longer read'));
    this.resolve?.();
  }

  /** Handles one SSE data payload; returns false when the request has ended with an error. */
  private onData(data: string, now: number): boolean {
    if (this.record.outcome !== 'ok' || this.sawDone) return true;
    if (data === '[DONE]') {
      this.sawDone = true;
      return true;
    }
    let obj: StreamChunk;
    try {
      obj = JSON.parse(data) as StreamChunk;
    } catch {
      this.finish('malformed_stream', `chunk is not JSON: ${truncate(data, 80)}`);
      return false;
    }
    if (obj === null || typeof obj !== 'object') {
      this.finish('malformed_stream', `chunk is not a JSON object: ${truncate(data, 80)}`);
      return false;
    }
    if (obj.error) {
      const status = typeof obj.error.code === 'number' ? obj.error.code : 500;
      this.record.status = status;
      this.finish(classifyStatus(status), `error in stream: ${truncate(String(obj.error.message ?? ''), 200)}`);
      return false;
    }
    this.onChunk(obj, now);
    return this.record.outcome === 'ok';
  }

  private onChunk(obj: StreamChunk, now: number): void {
    const r = this.record;
    if (r.responseModel === undefined && typeof obj.model === 'string') r.responseModel = obj.model;
    if (obj.usage) this.takeUsage(obj.usage);
    const choice = obj.choices?.[0];
    if (!choice) return;
    const delta = choice.delta ?? {};
    const content = delta.content ?? choice.text;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    const hasContent = typeof content === 'string' && content.length > 0;
    const hasReasoning = typeof reasoning === 'string' && reasoning.length > 0;
    if (!hasContent && !hasReasoning) return;
    const sinceSend = now - r.sentAt;
    if (r.contentChunks === 0) r.ttftMs = sinceSend;
    else r.itlMs.push(now - this.lastTokenAt);
    if (hasContent) {
      if (r.ttfcMs === undefined) r.ttfcMs = sinceSend;
      if (this.textParts) this.textParts.push(content);
    }
    r.contentChunks++;
    r.e2eMs = sinceSend;
    this.lastTokenAt = now;
    if (r.contentChunks > this.chunkLimit) {
      this.finish('overlong_stream', `cut after ${r.contentChunks} chunks with text, more than 2 × max_tokens + 16 = ${this.chunkLimit}: the server does not stop at max_tokens`);
    }
  }

  /**
   * A whole JSON answer that arrived (completely) at `now`; `nonStreamed`: it came for a streaming
   * request, so it is flagged and its TTFT equals its E2E.
   */
  private takeWhole(text: string, now: number, nonStreamed: boolean): void {
    const what = nonStreamed ? 'JSON body for a streaming request' : 'response';
    let obj: WholeResponse;
    try {
      obj = JSON.parse(text) as WholeResponse;
    } catch {
      return this.finish('malformed_stream', `${what} is not JSON: ${truncate(text, 80)}`);
    }
    if (obj === null || typeof obj !== 'object') return this.finish('malformed_stream', `${what} is not a JSON object: ${truncate(text, 80)}`);
    const r = this.record;
    if (obj.error) {
      const status = typeof obj.error.code === 'number' ? obj.error.code : 500;
      r.status = status;
      return this.finish(classifyStatus(status), `error in ${what}: ${truncate(String(obj.error.message ?? ''), 200)}`);
    }
    if (!Array.isArray(obj.choices)) return this.finish('malformed_stream', `${what} is not a completion (no choices array): ${truncate(text, 80)}`);
    if (nonStreamed) r.nonStreamed = true;
    if (typeof obj.model === 'string') r.responseModel = obj.model;
    if (obj.usage) this.takeUsage(obj.usage);
    const choice = obj.choices[0];
    const content = choice?.message?.content ?? choice?.text ?? '';
    const reasoning = choice?.message?.reasoning_content ?? choice?.message?.reasoning ?? '';
    if (content.length > 0 || reasoning.length > 0) {
      r.contentChunks = 1;
      r.ttftMs = r.e2eMs = now - r.sentAt;
      if (content.length > 0) r.ttfcMs = r.ttftMs;
    }
    if (this.textParts) this.textParts.push(content);
    this.complete();
    // Without streaming every token arrives at once: there is no per-token time to report
    // (TPOT would read 0 and pass any limit), only TTFT = E2E as the client saw it.
    r.tpotMs = undefined;
  }

  private takeUsage(u: Usage): void {
    if (typeof u.prompt_tokens === 'number') this.record.inputTokens = u.prompt_tokens;
    if (typeof u.completion_tokens === 'number') this.usageOutput = u.completion_tokens;
  }

  private complete(): void {
    const r = this.record;
    if (this.textParts) r.text = this.textParts.join('');
    if (this.usageOutput !== undefined) r.outputTokens = this.usageOutput;
    else {
      r.outputTokens = r.contentChunks;
      r.tokensEstimated = true;
    }
    if (r.contentChunks === 0 || r.outputTokens === 0) return this.finish('empty_completion', 'no generated text in the response');
    if (r.e2eMs !== undefined && r.ttftMs !== undefined) r.tpotMs = computeTpot(r.e2eMs, r.ttftMs, r.outputTokens);
  }

  private finish(kind: ErrorKind, message: string): void {
    if (this.record.outcome !== 'ok') return;
    this.record.outcome = kind;
    this.record.error = redact(message, this.secrets);
  }

  /**
   * A timeout or the caller's abort: the request ends now, with the same outcome whether undici
   * holds it on a connection (aborted there, the connection closed) or still waits for one (taken
   * back in onRequestStart, before anything is written).
   */
  private abort(kind: ErrorKind): void {
    if (this.abortKind || this.settled) return;
    this.abortKind = kind;
    this.onResponseError(this.ctl, new Error(kind));
    this.ctl?.abort(new Error(`aborted: ${kind}`));
  }

  /** One timer per request; re-armed lazily, so a chunk costs only a clock read. */
  private arm(): void {
    if (this.settled) return;
    const now = this.clock.now();
    const totalLeft = this.sentClock + this.t.totalMs - now;
    const stageLeft = this.gotHead ? this.lastActivity + this.t.idleMs - now : this.sentClock + this.t.firstByteMs - now;
    if (totalLeft <= 0) return this.abort('timeout_total');
    if (stageLeft <= 0) return this.abort(this.gotHead ? 'timeout_idle' : 'timeout_first_byte');
    this.timer = this.clock.setTimer(() => this.arm(), Math.ceil(Math.min(totalLeft, stageLeft)));
  }
}

/** What an abort of the caller's signal means: the level's drain ran out, or the user stopped. */
function cancelKind(signal: AbortSignal | undefined): ErrorKind {
  return signal?.reason === DRAIN_EXPIRED ? 'incomplete' : 'cancelled';
}

/**
 * Where a 3xx leads: the URL to follow (same origin, 307/308, hops left), or why it is not
 * followed. 301/302/303 are not followed: by the HTTP rules (and undici's) they turn the POST
 * into a GET, which is no completion request. The query of a Location is not shown (it may carry
 * a token).
 */
function redirectTarget(current: string, location: string | string[] | undefined, status: number, hopsLeft: boolean): string | { message: string } {
  const loc = headerText(location);
  if (!loc) return { message: `HTTP ${status} without a Location header` };
  let next: URL;
  try {
    next = new URL(loc, current);
  } catch {
    return { message: `HTTP ${status} to an invalid Location: ${truncate(loc, 120)}` };
  }
  const shown = `${next.origin}${next.pathname}${next.search ? '?…' : ''}`;
  const to = `HTTP ${status} to ${truncate(shown, 200)}`;
  if (status !== 307 && status !== 308) return { message: `${to} (not followed: only 307/308 keep the POST and its body)` };
  if (next.origin !== new URL(current).origin) return { message: `${to} (not followed: another origin)` };
  if (!hopsLeft) return { message: `${to} (not followed: too many redirects)` };
  return next.href;
}

function headerText(h: string | string[] | undefined): string {
  return Array.isArray(h) ? h.join(', ') : (h ?? '');
}

/**
 * Decides from the first bytes of a streaming response whether it is one JSON answer instead of
 * SSE: it starts with `{` or `[`, or it is labelled JSON and does not start like an SSE field
 * (a letter or `:`). Returns a list to collect it in, null for SSE, or undefined while the bytes
 * so far are blank.
 */
function looksLikeJson(chunk: Uint8Array, type: string): Buffer[] | null | undefined {
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c === 0x7b || c === 0x5b) return [];
    const sseStart = c === 0x3a || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    return !sseStart && /\bjson\b/i.test(type) ? [] : null;
  }
  return undefined;
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}
interface StreamChunk {
  model?: unknown;
  usage?: Usage | null;
  error?: { message?: unknown; code?: unknown };
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; text?: string | null }>;
}
interface WholeResponse {
  model?: unknown;
  usage?: Usage;
  error?: { message?: unknown; code?: unknown };
  choices?: Array<{ message?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; text?: string }>;
}

function errorMessage(text: string): string {
  try {
    const obj = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof obj.error === 'string' ? obj.error : (obj.error?.message ?? obj.message);
    if (typeof m === 'string') return truncate(m, 200);
  } catch {
    /* not JSON: fall through to the raw text */
  }
  return truncate(text, 200);
}

function abortMessage(kind: ErrorKind, t: Timeouts): string {
  switch (kind) {
    case 'timeout_first_byte':
      return `no response head within ${t.firstByteMs} ms`;
    case 'timeout_idle':
      return `no data for ${t.idleMs} ms`;
    case 'timeout_total':
      return `request exceeded ${t.totalMs} ms`;
    case 'incomplete':
      return "still open when the level's drain bound expired";
    default:
      return 'cancelled';
  }
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code;
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  return truncate(code ? `${code}: ${msg}` : msg, 200);
}
