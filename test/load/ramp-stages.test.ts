/**
 * Continuous ramps (RateStage.rateEnd) and request-bounded levels (maxRequests), as `load --stages`
 * and `load --requests` use them: the schedule is checked exactly, by the pure arrival generator
 * and by the runner on virtual time against a server that logs every send.
 */
import { describe, expect, it } from 'vitest';
import { arrivalOffsets, offeredOf, type RateStage } from '../../src/load/pacer.js';
import { runLevelDetailed } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { VirtualServer } from '../helpers/virtual-server.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

const workload = new FixedWorkload({ model: 'm', prompt: 'p' });
const offsets = (s: RateStage, seed = 1): number[] => [...arrivalOffsets(s, seed)];
/** Sends in [a, b) ms. */
const inWindow = (xs: number[], a: number, b: number): number => xs.filter((x) => x >= a && x < b).length;

describe('a continuous ramp', () => {
  it('0 → 50 req/s over 60 s: Λ(T) = 1,500 sends, the rate rising within the stage, not in steps', () => {
    const xs = offsets({ kind: 'rate', rate: 0, rateEnd: 50, arrival: 'constant', durationS: 60 });
    expect(xs.length).toBe(1500);
    expect(xs.every((x, i) => i === 0 || x > xs[i - 1]!)).toBe(true);
    expect(xs.at(-1)!).toBeLessThan(60_000);
    // Expected count in [a, b) s is Λ(b) − Λ(a) with Λ(t) = 50·t²/120; each window of 10 s differs.
    const lambda = (t: number): number => (50 * t * t) / 120;
    for (let a = 0; a < 60; a += 10) expect(Math.abs(inWindow(xs, a * 1000, (a + 10) * 1000) - (lambda(a + 10) - lambda(a)))).toBeLessThanOrEqual(1);
    // The k-th send is at Λ⁻¹(k): the 375th at 30 s (a quarter of the sends in the first half).
    expect(xs[375]).toBeCloseTo(30_000, 6);
  });

  it('50 → 0 req/s over 60 s (ramp down): the mirror image, 1,500 sends, the last ones sparse', () => {
    const xs = offsets({ kind: 'rate', rate: 50, rateEnd: 0, arrival: 'constant', durationS: 60 });
    expect(xs.length).toBe(1500);
    expect(xs[1]! - xs[0]!).toBeCloseTo(20, 1); // 50 req/s at the start
    expect(inWindow(xs, 0, 10_000)).toBeGreaterThan(10 * inWindow(xs, 50_000, 60_000));
  });

  it('a hold (rateEnd = rate) is the steady schedule; offered load is the mean rate', () => {
    expect(offsets({ kind: 'rate', rate: 5, rateEnd: 5, arrival: 'constant', durationS: 2 })).toEqual(offsets({ kind: 'rate', rate: 5, arrival: 'constant', durationS: 2 }));
    expect(offeredOf({ kind: 'rate', rate: 10, rateEnd: 30, arrival: 'constant', durationS: 5 })).toEqual({ kind: 'rate', value: 20 });
    expect(offsets({ kind: 'rate', rate: 0, rateEnd: 0, arrival: 'constant', durationS: 5 })).toEqual([]);
  });

  it('poisson ramp: seeded (repeatable), about Λ(T) sends, more in the last third than the first', () => {
    const stage: RateStage = { kind: 'rate', rate: 10, rateEnd: 90, arrival: 'poisson', durationS: 30 };
    const a = offsets(stage, 7);
    expect(offsets(stage, 7)).toEqual(a);
    expect(Math.abs(a.length - 1500) / 1500).toBeLessThan(0.1); // Λ(30) = (10 + 90)/2 · 30; sd ≈ 39
    expect(inWindow(a, 20_000, 30_000)).toBeGreaterThan(2 * inWindow(a, 0, 10_000));
  });
});

describe('a request-bounded level (maxRequests)', () => {
  it('open loop: exactly N sends on the schedule, then the level ends', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 10);
    const run = await clock.run(() => runLevelDetailed('b', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 86_400, maxRequests: 7 }, { sender: srv, workload, clock }));
    expect(srv.log.map((x) => x.sentAt)).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(run.summary.requests).toMatchObject({ sent: 7, ok: 7 });
    expect(clock.now()).toBe(310);
  });

  it('closed loop: a blast of N requests from C users ends after the N-th', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 100);
    const run = await clock.run(() => runLevelDetailed('c', { kind: 'concurrency', users: 4, thinkMs: 0, durationS: 86_400, maxRequests: 10 }, { sender: srv, workload, clock }));
    expect(run.summary.requests).toMatchObject({ sent: 10, ok: 10 });
    // 4 at 0, 4 at 100, 2 at 200: the last ends at 300.
    expect(clock.now()).toBe(300);
  });

  it('a ramp under the runner sends its Λ(T) on schedule', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 5);
    const stage: RateStage = { kind: 'rate', rate: 0, rateEnd: 20, arrival: 'constant', durationS: 4 };
    const run = await clock.run(() => runLevelDetailed('r', stage, { sender: srv, workload, clock }));
    expect(run.summary.requests.sent).toBe(40);
    expect(srv.log.map((x) => x.sentAt)).toEqual(offsets(stage));
  });
});
