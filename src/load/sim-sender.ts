/**
 * A Sender that serves requests from the simulator's model in process: no sockets, time from a
 * Clock (a VirtualClock in tests, so a whole gate runs in milliseconds with exact, repeatable
 * results). Requests take the simulator's own path (sim/completions.ts prepareCompletion and
 * startCompletion, the same Responder with its chunking and faults); this file only turns what
 * the responder would have written into a RequestRecord, with the HTTP client's semantics
 * (client/openai.ts): the same timing fields, usage, and outcomes — a full queue's 503 is
 * http_5xx, a crash is a reset, an abort of ctx.signal is `cancelled` (or `incomplete` when its
 * reason is DRAIN_EXPIRED), the client's first-byte/idle/total timeouts apply on the clock.
 *
 * What only the network can do is not modelled: connect errors, redirects, compression,
 * overlong streams (the simulator stops at max_tokens).
 */
import { classifyStatus } from '../client/errors.js';
import { SOCKET_CLOSED_BEFORE, SOCKET_CLOSED_MID } from '../client/h1.js';
import { DEFAULT_TIMEOUTS, OpenAIClient, type Endpoint, type RequestSpec, type SendContext, type Timeouts } from '../client/openai.js';
import { computeTpot, DRAIN_EXPIRED, newRecord, type ErrorKind, type RequestRecord } from '../metrics/record.js';
import {
  createSimCore,
  prepareCompletion,
  startCompletion,
  type ChunkEvent,
  type FaultConfig,
  type ResponseSink,
  type SimCore,
  type SimOptions,
  type SimStats,
  type SimUsage,
} from '../sim/index.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { truncate } from '../util/text.js';
import type { Sender } from './runner.js';

export interface SimSenderOptions {
  /** Time for the engines and the records; a VirtualClock for tests. */
  clock: Clock;
  /** Simulator options (profile, replicas, routing, seed, faults, speedup…); host/port unused. */
  sim?: Partial<SimOptions>;
  /** Default chat. */
  endpoint?: Endpoint;
  /** Default true (stream_options.include_usage is sent, as the client does). */
  stream?: boolean;
  timeouts?: Partial<Timeouts>;
}

/** What every request of one sender shares. */
interface Env {
  core: SimCore;
  clock: Clock;
  /** Only for its body(): the JSON body a request would carry, built exactly as the client does. */
  bodies: OpenAIClient;
  kind: 'chat' | 'text';
  timeouts: Timeouts;
}

export class SimSender implements Sender {
  private readonly env: Env;

  /** Throws (one-line message) on invalid simulator options. */
  constructor(opts: SimSenderOptions) {
    const endpoint = opts.endpoint ?? 'chat';
    this.env = {
      core: createSimCore(opts.sim ?? {}, opts.clock),
      clock: opts.clock,
      bodies: new OpenAIClient({ baseUrl: 'http://sim.invalid', endpoint, stream: opts.stream ?? true }),
      kind: endpoint === 'chat' ? 'chat' : 'text',
      timeouts: { ...DEFAULT_TIMEOUTS, ...opts.timeouts },
    };
  }

  send(spec: RequestSpec, ctx: SendContext): Promise<RequestRecord> {
    return new Promise((resolve) => new SimRequest(this.env, spec, ctx, resolve).start());
  }

  /** The simulator's counters (requests, completed, rejected, failed, tokens, per replica). */
  stats(): SimStats {
    return this.env.core.stats();
  }

  setFaults(f: Partial<FaultConfig>): void {
    this.env.core.setFaults(f);
  }

  /** Aborts whatever is in flight (those requests end as resets) and cancels scheduled crashes. */
  async close(): Promise<void> {
    this.env.core.close();
    await this.env.bodies.close();
  }
}

/** One request: its record, its timers, and the sink the simulator's responder writes to. */
class SimRequest implements ResponseSink {
  private readonly record: RequestRecord;
  private readonly clock: Clock;
  private readonly t: Timeouts;
  private ended = false;
  private gotHead = false;
  private lastActivity = 0;
  private lastTokenAt = 0;
  private usage: SimUsage | null = null;
  private timer: TimerHandle | undefined;
  private textParts: string[] | undefined;
  /** A whole JSON body came (no streaming): no per-token time. */
  private whole_ = false;
  /** Aborts the simulator's side (the engine frees the slot), as a closed connection would. */
  private abortServer: () => void = () => {};
  private readonly onCancel = (): void => this.fail(cancelKind(this.ctx.signal), cancelMessage(this.ctx.signal));

  constructor(
    private readonly env: Env,
    private readonly spec: RequestSpec,
    private readonly ctx: SendContext,
    private readonly resolve: (r: RequestRecord) => void,
  ) {
    this.clock = env.clock;
    this.t = env.timeouts;
    this.record = newRecord(spec, ctx);
    if (spec.captureText) this.textParts = [];
  }

  start(): void {
    const r = this.record;
    const { core, bodies, kind } = this.env;
    r.sentAt = this.lastActivity = this.clock.now();
    const signal = this.ctx.signal;
    if (signal?.aborted) {
      const k = cancelKind(signal);
      return this.fail(k, k === 'incomplete' ? "not sent: the level's drain bound had expired" : 'cancelled before send');
    }
    signal?.addEventListener('abort', this.onCancel, { once: true });
    this.arm();
    const body = bodies.body(this.spec);
    const prepared = prepareCompletion(core.ctx, kind, body, r.sentAt);
    if ('status' in prepared) return this.httpError(prepared.status, prepared.message);
    const latency = core.ctx.faults.latencyMs / core.ctx.speedup;
    if (latency > 0) this.clock.setTimer(() => this.admit(prepared), latency);
    else this.admit(prepared);
  }

  private admit(prepared: Exclude<ReturnType<typeof prepareCompletion>, { status: number }>): void {
    if (this.ended) return; // the client gave up before the server started
    const { core } = this.env;
    const started = startCompletion(core.ctx, prepared, this, this.record.sentAt);
    if (!started.started) {
      if (started.error) return this.httpError(started.error.status, started.error.message);
      return this.fail('reset_before_first_byte', 'ECONNRESET: the simulated replica is down');
    }
    const { responder } = started;
    this.abortServer = () => {
      if (!responder.finished) responder.onAbort();
    };
    if (this.ended) this.abortServer();
  }

  // ResponseSink: what the simulator's responder would have written to the socket.

  open(): void {
    if (this.ended) return;
    this.record.status = 200;
    this.head();
  }

  chunk(c: ChunkEvent): void {
    if (this.ended) return;
    const r = this.record;
    const now = this.read();
    r.responseModel ??= this.spec.model;
    if (c.malformed) {
      this.fail('malformed_stream', `chunk is not JSON: ${truncate('{…"finish_reason":nul', 80)}`);
      return;
    }
    if (c.text.length > 0) {
      const sinceSend = now - r.sentAt;
      if (r.contentChunks === 0) r.ttftMs = sinceSend;
      else r.itlMs.push(now - this.lastTokenAt);
      if (!c.reasoning) {
        r.ttfcMs ??= sinceSend;
        this.textParts?.push(c.text);
      }
      r.contentChunks++;
      r.e2eMs = sinceSend;
      this.lastTokenAt = now;
    }
    if (c.resetAfter) this.fail('reset_after_first_byte', `H1_SOCKET: ${SOCKET_CLOSED_MID}`);
  }

  finish(_reason: string, usage: SimUsage | null, done: boolean): void {
    if (this.ended) return;
    this.read();
    if (usage) this.usage = usage;
    if (!done) return this.fail('malformed_stream', 'stream ended without data: [DONE]');
    this.complete();
  }

  whole(content: string, reasoning: string, _reason: string, usage: SimUsage): void {
    if (this.ended) return;
    const r = this.record;
    r.status = 200;
    this.whole_ = true;
    this.head();
    const now = this.read();
    r.responseModel = this.spec.model;
    this.usage = usage;
    if (content.length > 0 || reasoning.length > 0) {
      r.contentChunks = 1;
      r.ttftMs = r.e2eMs = now - r.sentAt;
      if (content.length > 0) r.ttfcMs = r.ttftMs;
    }
    this.textParts?.push(content);
    this.complete();
  }

  abort(): void {
    if (this.ended) return;
    this.fail(this.gotHead ? 'reset_after_first_byte' : 'reset_before_first_byte', `H1_SOCKET: ${this.gotHead ? SOCKET_CLOSED_MID : SOCKET_CLOSED_BEFORE}`);
  }

  // Record keeping, as client/openai.ts does it.

  private head(): void {
    if (this.gotHead) return;
    this.gotHead = true;
    this.lastActivity = this.clock.now();
    this.timer?.cancel();
    this.arm();
  }

  private read(): number {
    return (this.lastActivity = this.clock.now());
  }

  private httpError(status: number, message: string): void {
    this.record.status = status;
    this.gotHead = true;
    this.fail(classifyStatus(status), `HTTP ${status}: ${truncate(message, 200)}`);
  }

  private complete(): void {
    const r = this.record;
    if (this.textParts) r.text = this.textParts.join('');
    if (this.usage) {
      r.inputTokens = this.usage.promptTokens;
      r.outputTokens = this.usage.completionTokens;
    } else {
      r.outputTokens = r.contentChunks;
      r.tokensEstimated = true;
    }
    if (r.contentChunks === 0 || r.outputTokens === 0) return this.fail('empty_completion', 'no generated text in the response');
    // Without streaming every token arrives at once: no per-token time (see the client).
    if (r.e2eMs !== undefined && r.ttftMs !== undefined && !this.whole_) r.tpotMs = computeTpot(r.e2eMs, r.ttftMs, r.outputTokens);
    this.end();
  }

  /** Ends the request with an error outcome (the first one wins). */
  private fail(kind: ErrorKind, message: string): void {
    if (this.ended) return;
    this.record.outcome = kind;
    this.record.error = message;
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.record.endedAt = this.clock.now();
    this.timer?.cancel();
    this.ctx.signal?.removeEventListener('abort', this.onCancel);
    this.abortServer();
    this.resolve(this.record);
  }

  /** The client's three deadlines on the clock: first byte, idle between reads, total. */
  private arm(): void {
    if (this.ended) return;
    const now = this.clock.now();
    const r = this.record;
    const totalLeft = r.sentAt + this.t.totalMs - now;
    const stageLeft = this.gotHead ? this.lastActivity + this.t.idleMs - now : r.sentAt + this.t.firstByteMs - now;
    if (totalLeft <= 0) return this.fail('timeout_total', `request exceeded ${this.t.totalMs} ms`);
    if (stageLeft <= 0)
      return this.gotHead ? this.fail('timeout_idle', `no data for ${this.t.idleMs} ms`) : this.fail('timeout_first_byte', `no response head within ${this.t.firstByteMs} ms`);
    this.timer = this.clock.setTimer(() => this.arm(), Math.min(totalLeft, stageLeft));
  }
}

function cancelKind(signal: AbortSignal | undefined): ErrorKind {
  return signal?.reason === DRAIN_EXPIRED ? 'incomplete' : 'cancelled';
}

function cancelMessage(signal: AbortSignal | undefined): string {
  return cancelKind(signal) === 'incomplete' ? "still open when the level's drain bound expired" : 'cancelled';
}
