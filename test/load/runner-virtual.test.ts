/**
 * The runner on virtual time: a Sender that answers through the same Clock (no sockets) makes
 * every instant exact, so the drain bound, the sizing rule and the steady-window throughput are
 * checked to the millisecond, in milliseconds of wall time.
 */
import { describe, expect, it } from 'vitest';
import { runLevelDetailed } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { VirtualServer } from '../helpers/virtual-server.js';
import { runMeasured } from '../../src/app/level.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

const workload = new FixedWorkload({ model: 'm', prompt: 'p' });

describe('runner on a virtual clock', () => {
  it('open loop keeping up: exact schedule, achieved = offered, no drain needed', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 100);
    const run = await clock.run(() => runLevelDetailed('v', { kind: 'rate', rate: 10, arrival: 'constant', durationS: 2 }, { sender: srv, workload, clock }));
    expect(srv.log.map((x) => x.sentAt)).toEqual(Array.from({ length: 20 }, (_, i) => i * 100));
    expect(run.summary.requests).toMatchObject({ sent: 20, ok: 20 });
    expect(run.summary.achieved_rps).toBe(10);
    expect(run.drainExpired).toBe(0);
    expect(clock.now()).toBe(1900 + 100);
  });

  it('the drain is exact: a server that never answers is cut drainMs after the last send, all counted incomplete', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, Infinity);
    const records: RequestRecord[] = [];
    const run = await clock.run(() =>
      runLevelDetailed('d', { kind: 'rate', rate: 2, arrival: 'constant', durationS: 3 }, { sender: srv, workload, clock, drainMs: 30_000, onRecord: (r) => records.push(r) }),
    );
    expect(run.summary.requests.sent).toBe(6);
    expect(run.summary.requests.errors).toEqual({ incomplete: 6 });
    expect(run.drainExpired).toBe(6);
    // Last send at 2,500 ms; every request ends at 2,500 + 30,000 exactly.
    expect(records.map((r) => r.endedAt)).toEqual(Array(6).fill(32_500));
    expect(clock.now()).toBe(32_500);
  });

  it('closed loop: the drain starts at the end time, not when the stuck users return', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, Infinity);
    const run = await clock.run(() => runLevelDetailed('c', { kind: 'concurrency', users: 4, thinkMs: 0, durationS: 3 }, { sender: srv, workload, clock, drainMs: 1000 }));
    expect(run.summary.requests).toMatchObject({ sent: 4, errors: { incomplete: 4 } });
    expect(clock.now()).toBe(3000 + 1000);
  });

  it('sized: stops at the first send due after the floor with the completions in hand', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 50);
    const stage = { kind: 'rate' as const, rate: 10, arrival: 'constant' as const, durationS: 60, sizing: { minS: 1, minCompletions: 25 } };
    const run = await clock.run(() => runLevelDetailed('s', stage, { sender: srv, workload, clock }));
    // Completions at 50, 150, …: the 25th at 2,450, so the send due at 2,500 is not made.
    expect(run.stoppedBy).toBe('samples');
    expect(run.summary.requests.sent).toBe(25);
    expect(srv.log.at(-1)!.sentAt).toBe(2400);
    expect(run.sendingS).toBe(2.4);
  });

  it('sized: the floor holds even when the completions come early', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 10);
    const stage = { kind: 'rate' as const, rate: 100, arrival: 'constant' as const, durationS: 60, sizing: { minS: 2, minCompletions: 5 } };
    const run = await clock.run(() => runLevelDetailed('f', stage, { sender: srv, workload, clock }));
    expect(run.summary.requests.sent).toBe(200); // sends at 0, 10, …, 1,990; the one due at 2,000 is not made
    expect(run.stoppedBy).toBe('samples');
  });

  it('sized: the upper bound ends a level whose completions never come', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, Infinity);
    const stage = { kind: 'rate' as const, rate: 5, arrival: 'constant' as const, durationS: 4, sizing: { minS: 1, minCompletions: 50 } };
    const run = await clock.run(() => runLevelDetailed('u', stage, { sender: srv, workload, clock, drainMs: 500 }));
    expect(run.summary.requests.sent).toBe(20);
    expect(run.summary.requests.errors).toEqual({ incomplete: 20 });
    expect(clock.now()).toBe(3800 + 500);
  });

  it('saturated: achieved is the service rate over the steady window, whatever the offered load', async () => {
    const clock = new VirtualClock();
    // One slot, 200 ms per request: capacity 5 req/s. Offered 10 req/s for 4 s: the queue grows.
    const srv = new VirtualServer(clock, 200, 1);
    const run = await clock.run(() => runLevelDetailed('q', { kind: 'rate', rate: 10, arrival: 'constant', durationS: 4 }, { sender: srv, workload, clock }));
    expect(run.summary.requests.ok).toBe(40);
    expect(run.summary.achieved_rps).toBe(5);
  });

  it('runMeasured on a virtual clock: the client CPU share is not measured (0)', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 100);
    const m = await clock.run(() => runMeasured('m', { kind: 'rate', rate: 10, arrival: 'constant', durationS: 1 }, { sender: srv, workload, clock }));
    expect(m.cpu).toBe(0);
    expect(m.run?.drainExpired).toBe(0);
  });

  it('a level whose signal is already aborted sends nothing', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 100);
    const ac = new AbortController();
    ac.abort();
    const run = await clock.run(() => runLevelDetailed('n', { kind: 'rate', rate: 10, arrival: 'constant', durationS: 5 }, { sender: srv, workload, clock, signal: ac.signal }));
    expect(srv.log).toEqual([]);
    expect(run.summary.requests.sent).toBe(0);
    expect(run.stoppedBy).toBe('cancelled');
    const closed = await clock.run(() => runLevelDetailed('n2', { kind: 'concurrency', users: 3, thinkMs: 0, durationS: 5 }, { sender: srv, workload, clock, signal: ac.signal }));
    expect(closed.summary.requests.sent).toBe(0);
  });

  it("the user's cancel ends the level at once: in-flight requests cancelled, no drain", async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, Infinity);
    const ac = new AbortController();
    clock.setTimer(() => ac.abort(), 1050);
    const run = await clock.run(() => runLevelDetailed('x', { kind: 'rate', rate: 10, arrival: 'constant', durationS: 5 }, { sender: srv, workload, clock, signal: ac.signal }));
    expect(run.summary.requests.sent).toBe(11);
    expect(run.summary.requests.errors).toEqual({ cancelled: 11 });
    expect(run.stoppedBy).toBe('cancelled');
    expect(clock.now()).toBe(1050);
  });
});
