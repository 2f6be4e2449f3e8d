/**
 * When requests go out, through the real client to a real server on 127.0.0.1: constant arrivals
 * as the server logged them, closed-loop users counted as open responses on the server, and a
 * cancel in the middle of a level closing real requests. Bounds compare with what the server
 * logged or scripted, not with fixed wall-clock figures a busy machine can miss. The exact
 * schedules (Poisson, think time, counts) are in pacing.test.ts on virtual time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient, type RequestSpec } from '../../src/client/openai.js';
import { runLevel, type Workload } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { chatChunk, meanOpen, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

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
    srv = await startScriptServer(() => ({
      chunks: [
        { delayMs: respMs, data: chatChunk('a') },
        { delayMs: 1, data: chatChunk('b') },
        { delayMs: 0, data: usageChunk(1, 2) },
      ],
    }));
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
    // The server logged every request, none before it was due (server and client read the same
    // monotonic clock: they share this process), spread over the level rather than in a burst:
    // first to last arrival within ±50 % of the scheduled 980 ms (a busy machine delays single
    // arrivals by tens of ms, and can make a few arrive together; the schedule itself is checked
    // exactly above).
    const got = srv.received.slice(first).sort((a, b) => a - b);
    expect(got).toHaveLength(50);
    got.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(sched[i]!));
    expect(got.at(-1)! - got[0]!).toBeGreaterThan(980 * 0.5);
    expect(got.at(-1)! - got[0]!).toBeLessThan(980 * 1.5);
    // Sends are never early, and each left at or after its scheduled time, as the client logged it.
    expect(Math.min(...records.map((r) => r.sentAt - r.scheduledAt))).toBeGreaterThanOrEqual(0);
    // Most sends kept to schedule: the median lag is small beside the 20 ms between sends.
    expect(s.send_lag_ms.p50).toBeLessThan(10);
  });

  it('closed loop without think time keeps exactly C requests open on the server', async () => {
    respMs = 40;
    const w = new UserWorkload();
    const first = srv.received.length;
    const t0 = performance.now();
    const s = await runLevel('u', { kind: 'concurrency', users: 4, thinkMs: 0, durationS: 0.5 }, { sender: client, workload: w });
    const t1 = performance.now();
    expect(s.offered).toEqual({ kind: 'concurrency', value: 4 });
    expect(s.requests.errors).toEqual({});
    expect([...w.byUser.keys()].sort()).toEqual([0, 1, 2, 3]);
    // Never more than C open at once on the server, and most of the time C (each hand-over from a
    // response to the next request costs the loop a little, more on a busy machine).
    const tl = srv.openTimeline.filter(([t]) => t >= t0 && t <= t1);
    expect(Math.max(...tl.map(([, v]) => v))).toBe(4);
    expect(meanOpen(srv.openTimeline, t0 + 50, t1 - 50)).toBeGreaterThan(2);
    // Each user's requests are strictly one after another.
    for (const recs of w.byUser.values()) for (let i = 1; i < recs.length; i++) expect(recs[i]!.sentAt).toBeGreaterThanOrEqual(recs[i - 1]!.endedAt);
    // At most 4 users × 500 ms / 40 ms per request (+ the 4 last ones).
    expect(s.requests.sent).toBeGreaterThan(8);
    expect(s.requests.sent).toBeLessThanOrEqual(54);
    expect(srv.received.length - first).toBe(s.requests.sent);
  });

  it.each([
    { loop: 'open', stage: { kind: 'rate' as const, rate: 50, arrival: 'constant' as const, durationS: 1 } },
    { loop: 'closed', stage: { kind: 'concurrency' as const, users: 5, thinkMs: 0, durationS: 1 } },
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
    // Returns without waiting for the responses: every cancelled request ended before the server's
    // 500 ms would have (a request sent just before the abort had nearly all of it to go).
    for (const r of records.filter((x) => x.outcome === 'cancelled')) expect(r.endedAt).toBeLessThan(r.sentAt + 500);
    expect(returnedAt).toBeLessThan(Math.max(...records.map((r) => r.sentAt)) + 500);
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
