/**
 * When requests go out, on virtual time (test/helpers/virtual-server.ts): Poisson arrivals (the
 * seeded schedule, exactly), closed-loop users (exactly C open, back to back), think time
 * (exactly the pause asked for), and cancellation in the middle of a level (counts adding up, no
 * send after the abort). The same through the real client and a real server is pacing-http.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../src/client/openai.js';
import { arrivalOffsets, type RateStage } from '../../src/load/pacer.js';
import { runLevel, type Workload } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { ScriptedSender, type ScriptedRequest } from '../helpers/virtual-server.js';

/** A workload that remembers which closed-loop user sent each request. */
class UserWorkload implements Workload {
  readonly byUser = new Map<number, RequestRecord[]>();
  next(): RequestSpec {
    return { model: 'm', prompt: 'p', maxTokens: 2 };
  }
  observe(r: RequestRecord, user?: number): void {
    const list = this.byUser.get(user ?? -1) ?? [];
    list.push(r);
    this.byUser.set(user ?? -1, list);
  }
}

/** A server answering every request in `ms` (2 tokens: first after ms − 1, the second 1 ms later). */
const answering = (clock: VirtualClock, ms: number): ScriptedSender => new ScriptedSender(clock, () => ({ ttftMs: ms - 1, tokens: 2, gapMs: 1 }));

/** Requests open at once, at most, and on average over [from, to), from the server's log. */
function openStats(log: ScriptedRequest[], from: number, to: number): { max: number; mean: number } {
  const events = log
    .flatMap(
      (x) =>
        [
          [x.sentAt, 1],
          [x.endedAt!, -1],
        ] as const,
    )
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (open += d));
  const busy = log.reduce((a, x) => a + Math.max(0, Math.min(x.endedAt!, to) - Math.max(x.sentAt, from)), 0);
  return { max, mean: busy / (to - from) };
}

const workload = new FixedWorkload({ model: 'm', prompt: 'p' });

describe('pacing', () => {
  it('constant arrivals: right count, exact schedule, sent on time', async () => {
    const clock = new VirtualClock();
    const srv = answering(clock, 5);
    const s = await clock.run(() => runLevel('c', { kind: 'rate', rate: 50, arrival: 'constant', durationS: 1 }, { sender: srv, workload, clock }));
    expect(s.requests).toMatchObject({ scheduled: 50, sent: 50, ok: 50 });
    expect(srv.log.map((x) => x.sentAt)).toEqual(Array.from({ length: 50 }, (_, i) => 20 * i));
    expect(s.send_lag_ms.max).toBeLessThan(0.01); // 0, to the histogram's microsecond
  });

  it('Poisson arrivals: seeded-deterministic, right mean rate, exponential gaps', () => {
    const stage: RateStage = { kind: 'rate', rate: 200, arrival: 'poisson', durationS: 500 };
    const a = [...arrivalOffsets(stage, 7)];
    const b = [...arrivalOffsets(stage, 7)];
    const c = [...arrivalOffsets(stage, 8)];
    expect(a).toEqual(b);
    expect(a.slice(0, 50)).not.toEqual(c.slice(0, 50));
    // 100 000 expected arrivals: the count's standard deviation is ~316, so ±1.5 % is ~5 sigma.
    expect(Math.abs(a.length - 100_000) / 100_000).toBeLessThan(0.015);
    const gaps = a.slice(1).map((t, i) => t - a[i]!);
    const mean = gaps.reduce((x, y) => x + y, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((x, g) => x + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(5, 1); // 1000 / 200 ms
    expect(sd / mean).toBeGreaterThan(0.97); // exponential: coefficient of variation 1
    expect(sd / mean).toBeLessThan(1.03);
    expect(a.every((t, i) => i === 0 || t >= a[i - 1]!)).toBe(true);
    expect(a.at(-1)!).toBeLessThan(500_000);
  });

  it('Poisson level: the runner sends on the seeded schedule exactly, run after run', async () => {
    const stage: RateStage = { kind: 'rate', rate: 80, arrival: 'poisson', durationS: 0.6 };
    const expected = [...arrivalOffsets(stage, 3)];
    for (let run = 0; run < 2; run++) {
      const clock = new VirtualClock();
      const srv = answering(clock, 2);
      await clock.run(() => runLevel('p', stage, { sender: srv, workload, clock, seed: 3 }));
      expect(srv.log.map((x) => x.sentAt)).toEqual(expected);
    }
  });

  it('closed loop without think time keeps exactly C requests open on the server', async () => {
    const clock = new VirtualClock();
    const srv = answering(clock, 40);
    const w = new UserWorkload();
    const s = await clock.run(() => runLevel('u', { kind: 'concurrency', users: 4, thinkMs: 0, durationS: 1 }, { sender: srv, workload: w, clock }));
    expect(s.offered).toEqual({ kind: 'concurrency', value: 4 });
    expect(s.requests.errors).toEqual({});
    expect([...w.byUser.keys()].sort()).toEqual([0, 1, 2, 3]);
    // 4 users × 1000 ms / 40 ms per request, each next request sent the instant the last ended.
    expect(s.requests.sent).toBe(100);
    expect(openStats(srv.log, 0, 1000)).toEqual({ max: 4, mean: 4 });
    for (const recs of w.byUser.values()) for (let i = 1; i < recs.length; i++) expect(recs[i]!.sentAt).toBe(recs[i - 1]!.endedAt);
  });

  it('closed loop honours think time between a response and the next request', async () => {
    const clock = new VirtualClock();
    const srv = answering(clock, 20);
    const w = new UserWorkload();
    await clock.run(() => runLevel('u', { kind: 'concurrency', users: 3, thinkMs: 60, durationS: 1 }, { sender: srv, workload: w, clock }));
    const pauses: number[] = [];
    for (const recs of w.byUser.values()) for (let i = 1; i < recs.length; i++) pauses.push(recs[i]!.sentAt - recs[i - 1]!.endedAt);
    // A cycle of 20 + 60 ms: sends at 0, 80, …, 960 ms, 13 per user, every pause exactly 60 ms.
    expect(pauses).toEqual(Array(3 * 12).fill(60));
    // Users are busy 20 of every 80 ms: 3 × 0.25 open on average.
    expect(openStats(srv.log, 0, 960).mean).toBeCloseTo(0.75, 9);
  });

  it.each([
    { loop: 'open', stage: { kind: 'rate' as const, rate: 50, arrival: 'constant' as const, durationS: 3 }, sent: 15 },
    { loop: 'closed', stage: { kind: 'concurrency' as const, users: 5, thinkMs: 0, durationS: 3 }, sent: 5 },
  ])('cancellation mid-level ($loop loop): returns at once, in-flight requests counted as cancelled', async ({ stage, sent }) => {
    const clock = new VirtualClock();
    const srv = answering(clock, 500);
    const ac = new AbortController();
    const records: RequestRecord[] = [];
    clock.setTimer(() => ac.abort(), 290);
    const s = await clock.run(() => runLevel('x', stage, { sender: srv, workload, clock, signal: ac.signal, onRecord: (r) => records.push(r) }));
    // Returned at the abort although the responses had 500 ms to go; nothing was sent after it.
    expect(clock.now()).toBe(290);
    expect(s.requests).toMatchObject({ sent, ok: 0, errors: { cancelled: sent } });
    expect(records.map((r) => r.endedAt)).toEqual(Array(sent).fill(290));
    expect(Math.max(...srv.log.map((x) => x.sentAt))).toBeLessThanOrEqual(290);
    expect(srv.open).toBe(0);
    expect(s.requests.sent + s.requests.dropped_overflow).toBe(s.requests.scheduled);
  });
});
