/**
 * Closed-loop users against an endpoint that refuses at once (its waiting queue full: 503 before
 * any token), on a virtual clock with the simulator's model in process. A user whose request
 * failed pauses — 10 ms, doubling to 1 s, until one succeeds — instead of re-sending in the same
 * instant: before, thirty users on the tiny profile (8 running, 16 waiting) re-sent their refused
 * requests forever at t = 0 and the level never ended.
 */
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../src/client/openai.js';
import { runLevelDetailed, type Workload } from '../../src/load/runner.js';
import { SimSender } from '../../src/load/sim-sender.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

/** A fixed prompt that remembers which user sent each request. */
class UserWorkload implements Workload {
  readonly byUser = new Map<number, RequestRecord[]>();
  next(): RequestSpec {
    return { model: 'tiny', prompt: 'x'.repeat(60), maxTokens: 20 };
  }
  observe(r: RequestRecord, user?: number): void {
    this.byUser.set(user!, [...(this.byUser.get(user!) ?? []), r]);
  }
}

async function level(users: number, durationS: number, thinkMs = 0) {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11 } });
  const workload = new UserWorkload();
  try {
    const { summary } = await clock.run(() => runLevelDetailed('users', { kind: 'concurrency', users, thinkMs, durationS }, { sender, workload, clock }), {
      maxVirtualMs: 600_000,
    });
    return { summary, byUser: workload.byUser, virtualMs: clock.now() };
  } finally {
    await sender.close();
  }
}

/** The pause a user takes after its k-th failure in a row. */
const pause = (k: number): number => Math.min(1000, 10 * 2 ** (k - 1));

describe('closed-loop users against an endpoint that refuses at once', () => {
  it('the level ends on time; each refused user waits 10, 20, 40 … ms, up to 1 s, before trying again', async () => {
    const r = await level(30, 5);
    const q = r.summary.requests;
    expect(r.virtualMs).toBeGreaterThanOrEqual(5000);
    expect(r.virtualMs).toBeLessThan(5000 + 30_000);
    expect(q.ok).toBeGreaterThan(0);
    expect(q.errors.http_5xx ?? 0).toBeGreaterThan(0);
    // Every request sent has exactly one outcome.
    expect(q.ok + Object.values(q.errors).reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(q.sent);
    let checked = 0;
    for (const recs of r.byUser.values()) {
      let failures = 0;
      for (let i = 1; i < recs.length; i++) {
        failures = recs[i - 1]!.outcome === 'ok' ? 0 : failures + 1;
        const gap = recs[i]!.sentAt - recs[i - 1]!.endedAt;
        // Virtual time is exact: the pause is the whole gap; none after a success.
        expect(gap).toBeCloseTo(failures > 0 ? pause(failures) : 0, 6);
        if (failures > 0) checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('think time still applies after a success, and is the floor of the pause after a failure', async () => {
    const r = await level(30, 3, 25);
    for (const recs of r.byUser.values()) {
      let failures = 0;
      for (let i = 1; i < recs.length; i++) {
        failures = recs[i - 1]!.outcome === 'ok' ? 0 : failures + 1;
        expect(recs[i]!.sentAt - recs[i - 1]!.endedAt).toBeCloseTo(Math.max(25, failures > 0 ? pause(failures) : 0), 6);
      }
    }
  });
});
