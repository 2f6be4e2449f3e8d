/**
 * Levels sized by what they must decide: the sizing of saturation levels, the undecided verdict
 * for a level with too few samples, the baseline's TTFT reference, and a whole gate on virtual
 * time whose search moves up past levels too thin to decide.
 */
import { describe, expect, it } from 'vitest';
import { buildConfig, type RawConfig } from '../../src/config/parse.js';
import { levelSize, probeSeconds, runGate } from '../../src/app/gate.js';
import { toLevel } from '../../src/app/level.js';
import { baselineTtftReference, levelSamples } from '../../src/app/saturation.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { stats, summary } from '../helpers/level-summary.js';
import { VirtualServer } from '../helpers/virtual-server.js';

const configOf = (over: RawConfig = {}) => buildConfig({ target: { url: 'http://127.0.0.1:1', model: 'm' }, ...over });
const withE2e = (p50: number) => summary({ name: 'baseline', e2e_ms: stats({ p50 }) });

describe('levelSize', () => {
  it('search: at least probe_duration, or min_latencies × the unloaded median E2E when longer; up to max_level_duration', () => {
    const c = configOf({ saturation: { level_duration: '20s', probe_duration: '5s', max_level_duration: '90s' } });
    expect(levelSize(c, withE2e(200))).toEqual({ minS: 5, maxS: 90 });
    // 5 × 3 s E2E = 15 s.
    expect(levelSize(c, withE2e(3000))).toEqual({ minS: 15, maxS: 90 });
    expect(probeSeconds(c, withE2e(3000))).toBe(15);
    // A minimum past the upper bound is held to it.
    expect(levelSize(c, withE2e(60_000))).toEqual({ minS: 90, maxS: 90 });
    expect(levelSize(configOf({ saturation: { min_latencies: 10 } }), withE2e(3000)).minS).toBe(30);
  });

  it('steps: at least level_duration; the upper bound never below it', () => {
    const c = configOf({ saturation: { levels: [1, 2], level_duration: '120s' } });
    expect(levelSize(c, withE2e(100))).toEqual({ minS: 120, maxS: 120 });
  });

  it('defaults: 50 samples, 5 latencies, 60 s upper bound, 30 s drain', () => {
    const c = configOf();
    expect(c.saturation).toMatchObject({ minRequests: 50, minLatencies: 5, maxLevelDurationS: 60 });
    expect(c.run.drainS).toBe(30);
  });

  it('bad values are refused with what, where and how to fix', () => {
    expect(() => configOf({ run: { drain: '0s' } })).toThrow(/run\.drain 0s: must be longer than 0 \(e\.g\. drain: 30s\)/);
    expect(() => configOf({ saturation: { min_requests: 0 } })).toThrow(/saturation\.min_requests/);
    expect(() => configOf({ saturation: { max_level_duration: 'soon' } })).toThrow(/saturation\.max_level_duration/);
  });
});

describe('undecided levels and the baseline reference', () => {
  const config = configOf();
  it('a saturation level with fewer than min_requests samples is undecided, with the count', () => {
    const s = summary({ name: 'sat-1', duration_s: 60, requests: { sent: 12 } });
    const l = toLevel('saturation', { summary: s, cpu: 0.1 }, config, 20);
    expect(l.valid).toBe(false);
    expect(l.invalid_reason).toMatch(/^undecided: 12 of 50 samples in 60\.0 s/);
    // The baseline and the operating point are not held to it.
    expect(toLevel('baseline', { summary: s, cpu: 0.1 }, config, undefined).valid).toBe(true);
    expect(toLevel('operating_point', { summary: s, cpu: 0.1 }, config, 20).valid).toBe(true);
  });

  it('cancelled requests are not samples; incomplete ones are', () => {
    expect(levelSamples(summary({ requests: { sent: 60, errors: { cancelled: 15, incomplete: 5 } } }))).toBe(45);
  });

  it('a level cut by the drain says how many were still open', () => {
    const s = summary({ name: 'sat-2', requests: { sent: 80, errors: { incomplete: 3 } } });
    const l = toLevel('saturation', { summary: s, cpu: 0.1, run: { drainExpired: 3, drainMs: 30_000, sendingS: 20, stoppedBy: 'duration' } }, config, 20);
    expect(l.notes).toEqual(['3 requests still open after the 30 s drain: cut and counted as incomplete']);
  });

  it('the baseline reference is the percentile its sample supports: one cold request cannot set it', () => {
    // 15 requests, one cold 679 ms against a 181 ms median: P90, not the P99 (= the cold one).
    const small = summary({ ttft_ms: stats({ count: 15, p50: 181, p90: 195, p95: 679, p99: 679 }) });
    expect(baselineTtftReference(small)).toEqual({ value: 195, stat: 'p90' });
    expect(baselineTtftReference(summary({ ttft_ms: stats({ count: 40, p95: 210 }) }))?.stat).toBe('p95');
    expect(baselineTtftReference(summary({ ttft_ms: stats({ count: 250, p99: 230 }) }))).toMatchObject({ stat: 'p99', value: 230 });
    expect(baselineTtftReference(summary({ ttft_ms: stats({ count: 0 }) }))).toBeUndefined();
    expect(baselineTtftReference(undefined)).toBeUndefined();
  });
});

describe('a gate on virtual time', () => {
  it('the search moves up past levels too thin to decide, then decides where samples suffice', async () => {
    const clock = new VirtualClock();
    // One slot, 100 ms per request: capacity 10 req/s.
    const sender = new VirtualServer(clock, 100, 1);
    const config = configOf({
      warmup: { requests: 2, concurrency: 1 },
      baseline: { rate: 1, duration: '5s' },
      saturation: { start: 1, max: 64, level_duration: '4s', probe_duration: '1s', max_level_duration: '4s', min_requests: 20 },
      sla_validation: { enabled: false },
    });
    const lines: string[] = [];
    const r = await clock.run(() =>
      runGate(config, { sender, workload: new FixedWorkload({ model: 'm', prompt: 'p' }), signal: new AbortController().signal, log: (l) => lines.push(l), clock }),
    );
    const lv = r.saturation.levels;
    // 1, 2 and 4 req/s gather 4, 8 and 16 samples in the 4 s bound: undecided, and the search doubles on.
    expect(lv.slice(0, 3).map((l) => [l.summary.offered.value, l.valid, l.invalid_reason?.slice(0, 27)])).toEqual([
      [1, false, 'undecided: 4 of 20 samples '],
      [2, false, 'undecided: 8 of 20 samples '],
      [4, false, 'undecided: 16 of 20 samples'],
    ]);
    // 8 req/s has its 20 samples in 2.5 s (sends stop at the first due after the 20th completion).
    expect(lv[3]!.summary.offered.value).toBe(8);
    expect(lv[3]).toMatchObject({ valid: true, saturated: false });
    expect(lv[3]!.summary.requests.sent).toBe(20);
    // 16 req/s is over the 10 req/s capacity: saturated; the bracket closes around 10.
    expect(lv[4]).toMatchObject({ valid: true, saturated: true });
    expect(r.saturation.bracket[1]).toBeLessThanOrEqual(16);
    expect(r.saturation.rps).toBeGreaterThanOrEqual(8);
    expect(r.saturation.rps).toBeLessThanOrEqual(10);
    expect(lines.filter((l) => l.includes('undecided'))).toHaveLength(3);
    // No level judged on the client's CPU (a virtual clock has none to measure).
    expect(lv.every((l) => l.client_cpu === 0)).toBe(true);
  });

  it('an undecided level below a saturated one ends the search instead of repeating it', async () => {
    const clock = new VirtualClock();
    // One slot, 333 ms per request: capacity 3 req/s. From 16 the probe goes down: 16 and 8 are
    // saturated; 4 req/s gathers only 16 of 20 samples in its 4 s bound.
    const sender = new VirtualServer(clock, 333, 1);
    const config = configOf({
      warmup: { requests: 2, concurrency: 1 },
      baseline: { rate: 1, duration: '5s' },
      saturation: { start: 16, max: 64, level_duration: '4s', probe_duration: '1s', max_level_duration: '4s', min_requests: 20 },
      sla_validation: { enabled: false },
    });
    const r = await clock.run(() =>
      runGate(config, { sender, workload: new FixedWorkload({ model: 'm', prompt: 'p' }), signal: new AbortController().signal, log: () => {}, clock }),
    );
    const lv = r.saturation.levels;
    expect(lv.map((l) => [l.summary.offered.value, l.valid, l.saturated])).toEqual([
      [16, true, true],
      [8, true, true],
      [4, false, true],
    ]);
    expect(lv[2]!.invalid_reason).toMatch(/^undecided: 16 of 20 samples/);
    // Nothing decided below the saturated levels: no capacity figure rather than a guess.
    expect(r.saturation).toMatchObject({ rps: null, bracket: [null, 8] });
  });
});
