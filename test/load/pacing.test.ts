/**
 * When requests go out: constant and Poisson arrivals (open loop), closed-loop users (checked by
 * counting open responses on the server), think time, and cancellation in the middle of a level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient, type RequestSpec } from '../../src/client/openai.js';
import { arrivalOffsets, type RateStage } from '../../src/load/pacer.js';
import { runLevel, type Workload } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { chatChunk, meanOpen, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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

describe('pacing', () => {
  let srv: ScriptServer;
  let client: OpenAIClient;
  /** Response duration in ms, settable per test. */
  let respMs = 5;
  beforeAll(async () => {
    srv = await startScriptServer(() => ({ chunks: [{ delayMs: respMs, data: chatChunk('a') }, { delayMs: 1, data: chatChunk('b') }, { delayMs: 0, data: usageChunk(1, 2) }] }));
    client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });
  const workload = new FixedWorkload({ model: 'm', prompt: 'p' });

  it('constant arrivals: right count, exact schedule, server sees even spacing', async () => {
    respMs = 5;
    const records: RequestRecord[] = [];
    const first = srv.received.length;
    const s = await runLevel('c', { kind: 'rate', rate: 50, arrival: 'constant', durationS: 1 }, { sender: client, workload, onRecord: (r) => records.push(r) });
    expect(s.requests.scheduled).toBe(50);
    expect(s.requests.ok).toBe(50);
    const sched = records.map((r) => r.scheduledAt).sort((a, b) => a - b);
    for (let i = 1; i < sched.length; i++) expect(sched[i]! - sched[i - 1]!).toBeCloseTo(20, 6);
    // The server logged every request, evenly spaced in the median. Single gaps are not checked:
    // a new connection or a busy machine can hold one request back so the next arrives with it,
    // which says nothing about the schedule (that is checked exactly above).
    const got = srv.received.slice(first);
    expect(got).toHaveLength(50);
    const gaps = got.slice(1).map((t, i) => t - got[i]!);
    expect(Math.abs(median(gaps) - 20)).toBeLessThan(2);
    // Sends are never early, and each left at or after its scheduled time, as the client logged it.
    expect(Math.min(...records.map((r) => r.sentAt - r.scheduledAt))).toBeGreaterThanOrEqual(0);
    expect(s.send_lag_ms.p50).toBeLessThan(5);
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

  it('Poisson level: the runner follows the seeded schedule exactly', async () => {
    respMs = 2;
    const stage: RateStage = { kind: 'rate', rate: 80, arrival: 'poisson', durationS: 0.6 };
    const runOnce = async (): Promise<number[]> => {
      const recs: RequestRecord[] = [];
      await runLevel('p', stage, { sender: client, workload, seed: 3, onRecord: (r) => recs.push(r) });
      const t = recs.map((r) => r.scheduledAt).sort((x, y) => x - y);
      return t.map((x) => x - t[0]!);
    };
    const expected = [...arrivalOffsets(stage, 3)];
    const one = await runOnce();
    const two = await runOnce();
    expect(one).toHaveLength(expected.length);
    one.forEach((t, i) => expect(t).toBeCloseTo(expected[i]!, 6));
    two.forEach((t, i) => expect(t).toBeCloseTo(expected[i]!, 6));
  });

  it('closed loop without think time keeps exactly C requests open on the server', async () => {
    respMs = 40;
    const w = new UserWorkload();
    const t0 = performance.now();
    const s = await runLevel('u', { kind: 'concurrency', users: 4, thinkMs: 0, durationS: 1 }, { sender: client, workload: w });
    const t1 = performance.now();
    expect(s.offered).toEqual({ kind: 'concurrency', value: 4 });
    expect(s.requests.errors).toEqual({});
    expect([...w.byUser.keys()].sort()).toEqual([0, 1, 2, 3]);
    // Never more than C open at once, and C open nearly all the time.
    const tl = srv.openTimeline.filter(([t]) => t >= t0 && t <= t1);
    expect(Math.max(...tl.map(([, v]) => v))).toBe(4);
    // (each hand-over from a response to the next request costs the loop a little, more on a busy machine)
    expect(meanOpen(srv.openTimeline, t0 + 50, t0 + 950)).toBeGreaterThan(3.5);
    // Each user's requests are strictly one after another.
    for (const recs of w.byUser.values()) for (let i = 1; i < recs.length; i++) expect(recs[i]!.sentAt).toBeGreaterThanOrEqual(recs[i - 1]!.endedAt);
    // ~ 4 users × 1000 ms / ~42 ms per request.
    expect(s.requests.sent).toBeGreaterThan(70);
    expect(s.requests.sent).toBeLessThan(105);
  });

  it('closed loop honours think time between a response and the next request', async () => {
    respMs = 20;
    const w = new UserWorkload();
    const t0 = performance.now();
    await runLevel('u', { kind: 'concurrency', users: 3, thinkMs: 60, durationS: 1 }, { sender: client, workload: w });
    const pauses: number[] = [];
    for (const recs of w.byUser.values()) for (let i = 1; i < recs.length; i++) pauses.push(recs[i]!.sentAt - recs[i - 1]!.endedAt);
    expect(pauses.length).toBeGreaterThan(20);
    expect(Math.min(...pauses)).toBeGreaterThanOrEqual(60);
    expect(median(pauses)).toBeLessThan(64);
    // Users are busy ~22 of every ~82 ms: about 3 × 0.27 open on average.
    const m = meanOpen(srv.openTimeline, t0 + 50, t0 + 950);
    expect(m).toBeGreaterThan(0.5);
    expect(m).toBeLessThan(1.2);
  });

  it.each([
    { loop: 'open', stage: { kind: 'rate' as const, rate: 50, arrival: 'constant' as const, durationS: 3 } },
    { loop: 'closed', stage: { kind: 'concurrency' as const, users: 5, thinkMs: 0, durationS: 3 } },
  ])('cancellation mid-level ($loop loop): returns at once, in-flight requests counted as cancelled', async ({ stage }) => {
    respMs = 500;
    const ac = new AbortController();
    const records: RequestRecord[] = [];
    let abortedAt = Infinity;
    setTimeout(() => {
      abortedAt = performance.now();
      ac.abort();
    }, 290);
    const t0 = performance.now();
    const s = await runLevel('x', stage, { sender: client, workload, signal: ac.signal, onRecord: (r) => records.push(r) });
    const returnedAt = performance.now();
    expect(abortedAt - t0).toBeGreaterThanOrEqual(289);
    // Returns promptly after the abort although the responses had 500 ms to go.
    expect(returnedAt - abortedAt).toBeLessThan(150);
    const errorSum = Object.values(s.requests.errors).reduce((a, b) => a + (b ?? 0), 0);
    expect(s.requests.errors.cancelled).toBeGreaterThan(0);
    expect(s.requests.ok + errorSum).toBe(s.requests.sent);
    expect(s.requests.sent + s.requests.dropped_overflow).toBe(s.requests.scheduled);
    expect(records).toHaveLength(s.requests.sent);
    expect(records.every((r) => r.endedAt <= returnedAt)).toBe(true);
    // Nothing is sent after the abort.
    expect(Math.max(...records.map((r) => r.sentAt))).toBeLessThanOrEqual(abortedAt);
  });
});
