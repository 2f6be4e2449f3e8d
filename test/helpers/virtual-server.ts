/**
 * Senders on a VirtualClock (no sockets), for runner and gate tests on virtual time:
 * VirtualServer, a server of `slots` parallel slots behind a FIFO queue, each busy `serviceMs`
 * per request; ScriptedSender, each request answered as a script says (errors, streams, silence).
 */
import type { RequestSpec, SendContext } from '../../src/client/openai.js';
import { classifyStatus } from '../../src/client/errors.js';
import type { Sender } from '../../src/load/runner.js';
import { computeTpot, DRAIN_EXPIRED, type Outcome, type RequestRecord } from '../../src/metrics/record.js';
import type { VirtualClock } from '../../src/util/virtual-clock.js';

/**
 * A server of `slots` parallel slots, each busy `serviceMs` per request (FIFO queue in front), or
 * one that never answers (serviceMs Infinity). Aborts end a request as the client would:
 * DRAIN_EXPIRED → incomplete, anything else → cancelled.
 */
export class VirtualServer implements Sender {
  readonly log: Array<{ id: number; sentAt: number }> = [];
  private busy = 0;
  private readonly queue: Array<() => void> = [];
  constructor(
    private readonly clock: VirtualClock,
    private readonly serviceMs: number,
    private readonly slots = Infinity,
  ) {}

  send(spec: RequestSpec, ctx: SendContext): Promise<RequestRecord> {
    const sentAt = this.clock.now();
    this.log.push({ id: ctx.id, sentAt });
    return new Promise((resolve) => {
      let done = false;
      let cancelTimer = (): void => {};
      const finish = (outcome: Outcome): void => {
        if (done) return;
        done = true;
        cancelTimer();
        ctx.signal?.removeEventListener('abort', onAbort);
        const endedAt = this.clock.now();
        const ok = outcome === 'ok';
        resolve({
          id: ctx.id,
          phase: ctx.phase,
          scheduledAt: ctx.scheduledAt,
          sentAt,
          endedAt,
          outcome,
          requestedModel: spec.model,
          itlMs: [],
          tokensEstimated: false,
          contentChunks: ok ? 1 : 0,
          ...(ok ? { ttftMs: endedAt - sentAt, e2eMs: endedAt - sentAt, outputTokens: 1, inputTokens: 1 } : { error: outcome }),
        });
      };
      const onAbort = (): void => finish(ctx.signal?.reason === DRAIN_EXPIRED ? 'incomplete' : 'cancelled');
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
      if (!Number.isFinite(this.serviceMs)) return;
      const start = (): void => {
        if (done) return;
        this.busy++;
        const h = this.clock.setTimer(() => {
          this.busy--;
          this.queue.shift()?.();
          finish('ok');
        }, this.serviceMs);
        cancelTimer = () => h.cancel();
      };
      if (this.busy < this.slots) start();
      else this.queue.push(start);
    });
  }
}

/** What a ScriptedSender does with one request (chosen by its arrival number). */
export type VirtualScript =
  /** An error answer: head with `status` after `delayMs` (default 0), body `{"error":{"message":…}}`. */
  | { status: number; message: string; delayMs?: number }
  /** A streamed answer: first token after `ttftMs`, then `tokens − 1` more `gapMs` apart, then usage (inputTokens default 7). */
  | { ttftMs: number; tokens?: number; gapMs?: number; inputTokens?: number }
  /** Never sends a head: only an abort (drain, cancel) or the client's timeout ends it. */
  | { never: true };

export interface ScriptedRequest {
  /** Arrival number (0-based, in send order). */
  n: number;
  id: number;
  phase: string;
  spec: RequestSpec;
  sentAt: number;
  /** Set when the request ended (answer or abort). */
  endedAt?: number;
  outcome?: Outcome;
}

/**
 * The virtual-time counterpart of test/helpers/script-server.ts: every request follows a script
 * chosen by its arrival number, timed on the VirtualClock, and the sender logs what it did (when
 * each request arrived and ended, how many are open), so a gate test can compare the client's
 * figures with exact server-side instants. Records follow the HTTP client's semantics for these
 * cases (client/openai.ts): an error status is `HTTP <status>: <message>` classified by status;
 * a stream's TTFT, ITL, E2E, TPOT and usage are as scripted; the client's first-byte and total
 * timeouts apply; an abort with DRAIN_EXPIRED is `incomplete`, any other abort `cancelled`.
 */
export class ScriptedSender implements Sender {
  readonly log: ScriptedRequest[] = [];
  private openNow = 0;
  constructor(
    private readonly clock: VirtualClock,
    private readonly script: (req: { n: number; spec: RequestSpec }) => VirtualScript,
    private readonly timeouts: { firstByteMs: number; totalMs: number } = { firstByteMs: 60_000, totalMs: 600_000 },
  ) {}

  /** Requests sent and not yet ended. */
  get open(): number {
    return this.openNow;
  }

  send(spec: RequestSpec, ctx: SendContext): Promise<RequestRecord> {
    const sentAt = this.clock.now();
    const entry: ScriptedRequest = { n: this.log.length, id: ctx.id, phase: ctx.phase, spec, sentAt };
    this.log.push(entry);
    const s = this.script({ n: entry.n, spec });
    this.openNow++;
    const base: RequestRecord = {
      id: ctx.id,
      phase: ctx.phase,
      scheduledAt: ctx.scheduledAt,
      sentAt,
      endedAt: sentAt,
      outcome: 'ok',
      requestedModel: spec.model,
      itlMs: [],
      tokensEstimated: false,
      contentChunks: 0,
      requestedInputTokens: spec.requestedInputTokens,
      requestedOutputTokens: spec.maxTokens,
    };
    return new Promise((resolve) => {
      const timers: Array<{ cancel(): void }> = [];
      let done = false;
      const end = (patch: Partial<RequestRecord>): void => {
        if (done) return;
        done = true;
        for (const t of timers) t.cancel();
        ctx.signal?.removeEventListener('abort', onAbort);
        this.openNow--;
        const r: RequestRecord = { ...base, ...patch, endedAt: this.clock.now() };
        entry.endedAt = r.endedAt;
        entry.outcome = r.outcome;
        resolve(r);
      };
      const onAbort = (): void => {
        const drain = ctx.signal?.reason === DRAIN_EXPIRED;
        end({ outcome: drain ? 'incomplete' : 'cancelled', error: drain ? "still open when the level's drain bound expired" : 'cancelled' });
      };
      if (ctx.signal?.aborted) return onAbort();
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
      const at = (ms: number, fn: () => void): void => {
        timers.push(this.clock.setTimer(fn, ms));
      };
      at(this.timeouts.totalMs, () => end({ outcome: 'timeout_total', error: `request exceeded ${this.timeouts.totalMs} ms` }));
      if ('never' in s) {
        at(this.timeouts.firstByteMs, () => end({ outcome: 'timeout_first_byte', error: `no response head within ${this.timeouts.firstByteMs} ms` }));
        return;
      }
      if ('status' in s) {
        at(s.delayMs ?? 0, () => end({ outcome: classifyStatus(s.status), status: s.status, error: `HTTP ${s.status}: ${s.message}` }));
        return;
      }
      const tokens = s.tokens ?? 4;
      const gap = s.gapMs ?? 2;
      const e2e = s.ttftMs + (tokens - 1) * gap;
      at(e2e, () =>
        end({
          outcome: 'ok',
          status: 200,
          responseModel: spec.model,
          ttftMs: s.ttftMs,
          ttfcMs: s.ttftMs,
          e2eMs: e2e,
          itlMs: Array<number>(tokens - 1).fill(gap),
          tpotMs: computeTpot(e2e, s.ttftMs, tokens),
          inputTokens: s.inputTokens ?? 7,
          outputTokens: tokens,
          contentChunks: tokens,
        }),
      );
    });
  }
}
