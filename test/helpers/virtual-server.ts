/**
 * A Sender on a VirtualClock (no sockets): a server of `slots` parallel slots behind a FIFO queue,
 * each busy `serviceMs` per request, for runner and gate tests on virtual time.
 */
import type { RequestSpec, SendContext } from '../../src/client/openai.js';
import type { Sender } from '../../src/load/runner.js';
import { DRAIN_EXPIRED, type Outcome, type RequestRecord } from '../../src/metrics/record.js';
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

