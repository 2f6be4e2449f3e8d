/**
 * Sends one OpenAI-compatible completion request and times it. Never throws: every request ends in
 * exactly one RequestRecord whose outcome is `ok` or an error kind (see metrics/record.ts).
 *
 * Connections come from one undici Agent whose pools have no connection cap, so the client never
 * queues a request behind a hidden limit; the pacer's max-in-flight cap is the only limit and its
 * overflow is counted by the runner.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { computeTpot, type ErrorKind, type RequestRecord } from '../metrics/record.js';
import { SseParser } from './sse.js';
import { classifyThrown, classifyStatus } from './errors.js';
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
  /** Aborting it ends the request with outcome `cancelled`. */
  signal?: AbortSignal;
}

const MAX_ERROR_BODY = 2048;

export class OpenAIClient {
  private readonly agent: Agent;
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly timeouts: Timeouts;
  /** Credentials a server might echo back in an error; scrubbed from every error message. */
  private readonly secrets: string[];

  constructor(private readonly opts: ClientOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.agent = new Agent({
      connections: null,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      keepAliveTimeoutThreshold: 1_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: this.timeouts.connectMs },
    });
    this.url = completionUrl(opts.baseUrl, opts.endpoint);
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
    const run = new RequestRun(spec, ctx, this.timeouts, this.secrets);
    await run.execute(this.url, this.headers, JSON.stringify(this.body(spec)), this.agent, this.opts.stream, ctx.signal);
    return run.record;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** Joins a base URL (with or without /v1) and the completion path. */
export function completionUrl(baseUrl: string, endpoint: Endpoint): string {
  const base = baseUrl.replace(/\/+$/, '');
  const path = endpoint === 'chat' ? '/chat/completions' : '/completions';
  return /\/v1$/.test(base) ? `${base}${path}` : `${base}/v1${path}`;
}

/** State of one request in flight; owns its timers and its abort controller. */
class RequestRun {
  readonly record: RequestRecord;
  private readonly controller = new AbortController();
  private abortKind: ErrorKind | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastActivity = 0;
  private gotHead = false;
  private lastTokenAt = 0;
  private sawDone = false;
  private usageOutput: number | undefined;
  /** Content pieces, only when the spec asked for the text (undefined otherwise: no per-chunk cost). */
  private readonly textParts: string[] | undefined;
  private readonly onCancel = (): void => this.abort('cancelled');

  constructor(
    spec: RequestSpec,
    ctx: SendContext,
    private readonly t: Timeouts,
    private readonly secrets: string[] = [],
  ) {
    this.record = {
      id: ctx.id,
      phase: ctx.phase,
      scheduledAt: ctx.scheduledAt,
      sentAt: 0,
      endedAt: 0,
      outcome: 'ok',
      requestedModel: spec.model,
      itlMs: [],
      tokensEstimated: false,
      contentChunks: 0,
      requestedInputTokens: spec.requestedInputTokens,
      requestedOutputTokens: spec.maxTokens,
    };
    if (spec.captureText) this.textParts = [];
    if (ctx.signal?.aborted) this.abortKind = 'cancelled';
  }

  async execute(url: string, headers: Record<string, string>, body: string, agent: Agent, stream: boolean, signal?: AbortSignal): Promise<void> {
    const r = this.record;
    r.sentAt = performance.now();
    if (this.abortKind) {
      r.endedAt = r.sentAt;
      return this.finish(this.abortKind, 'cancelled before send');
    }
    signal?.addEventListener('abort', this.onCancel, { once: true });
    this.lastActivity = r.sentAt;
    this.arm();
    try {
      const res = await request(url, { method: 'POST', headers, body, dispatcher: agent, signal: this.controller.signal });
      this.gotHead = true;
      this.lastActivity = performance.now();
      // The pending timer was armed for the first-byte deadline; the idle clock starts now.
      clearTimeout(this.timer);
      this.arm();
      r.status = res.statusCode;
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const text = await readLimited(res.body, MAX_ERROR_BODY);
        return this.finish(classifyStatus(res.statusCode), `HTTP ${res.statusCode}: ${errorMessage(text)}`);
      }
      if (stream) await this.readStream(res.body);
      else await this.readWhole(res.body);
    } catch (err) {
      // A stream that ended with [DONE] but was held open (a proxy, keep-alive comments) is a
      // complete answer, not a timeout.
      if (this.sawDone && this.abortKind !== 'cancelled') return this.complete();
      if (this.abortKind) return this.finish(this.abortKind, abortMessage(this.abortKind, this.t));
      const kind = classifyThrown(err, this.gotHead);
      return this.finish(kind, describe(err));
    } finally {
      r.endedAt = performance.now();
      clearTimeout(this.timer);
      signal?.removeEventListener('abort', this.onCancel);
    }
  }

  private async readStream(body: AsyncIterable<Uint8Array>): Promise<void> {
    const parser = new SseParser();
    for await (const chunk of body) {
      // Every event completed by this read arrived now: one clock read per read, not per event.
      const now = (this.lastActivity = performance.now());
      for (const data of parser.push(chunk)) if (!this.onData(data, now)) return;
    }
    for (const data of parser.flush()) if (!this.onData(data, this.lastActivity)) return;
    if (this.abortKind) return this.finish(this.abortKind, abortMessage(this.abortKind, this.t));
    if (!this.sawDone) return this.finish('malformed_stream', 'stream ended without data: [DONE]');
    this.complete();
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
    return true;
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
  }

  private async readWhole(body: { text(): Promise<string> }): Promise<void> {
    const text = await body.text();
    const now = performance.now();
    let obj: WholeResponse;
    try {
      obj = JSON.parse(text) as WholeResponse;
    } catch {
      return this.finish('malformed_stream', `response is not JSON: ${truncate(text, 80)}`);
    }
    const r = this.record;
    if (typeof obj?.model === 'string') r.responseModel = obj.model;
    if (obj?.usage) this.takeUsage(obj.usage);
    const choice = obj?.choices?.[0];
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

  private abort(kind: ErrorKind): void {
    if (this.abortKind) return;
    this.abortKind = kind;
    this.controller.abort();
  }

  /** One timer per request; re-armed lazily, so a chunk costs only a clock read. */
  private arm(): void {
    const now = performance.now();
    const r = this.record;
    const totalLeft = r.sentAt + this.t.totalMs - now;
    const stageLeft = this.gotHead ? this.lastActivity + this.t.idleMs - now : r.sentAt + this.t.firstByteMs - now;
    if (totalLeft <= 0) return this.abort('timeout_total');
    if (stageLeft <= 0) return this.abort(this.gotHead ? 'timeout_idle' : 'timeout_first_byte');
    this.timer = setTimeout(() => this.arm(), Math.ceil(Math.min(totalLeft, stageLeft)));
  }
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
  choices?: Array<{ message?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; text?: string }>;
}

async function readLimited(body: AsyncIterable<Uint8Array> & { destroy?: () => void }, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    parts.push(Buffer.from(chunk));
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(parts).toString('utf8').slice(0, limit);
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

