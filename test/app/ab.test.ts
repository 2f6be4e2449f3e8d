/**
 * Live A/B: the interleaving order, the headline's wording, the level evidence, and a whole runAb
 * on virtual time against two simulator models in process (SimSender on one VirtualClock) — A
 * with one `tiny` replica, B with two — where B must hold at least the levels A holds. Every level
 * is exact and repeatable, so the capacities, breakpoints and headline are compared exactly.
 *
 * Sizing (tiny profile, docs in src/sim/profiles.ts): 8 sequences per replica; a completions
 * request of 60 characters (15 prompt tokens) and 20 output tokens (ignore_eos) takes 20 decode
 * steps of 2 + 0.25·8 = 4 ms at a full batch, ≈ 85 ms, i.e. ≈ 340 ms at speedup 0.25. Closed loop:
 * up to 8 users per replica run at once, with a TTFT of a step or two (≈ 20–40 ms); beyond that a
 * request waits for a whole request to finish (≈ 340 ms). With TTFT p95 ≤ 150 ms, A (8 slots)
 * holds 2, 4, 8 users and breaks at 16; B (16 slots, least-loaded routing) holds 16 and breaks at 32.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abHeadline, orderAt, runAb, withLevelEvidence } from '../../src/app/ab.js';
import type { AbResult, AbSideResult } from '../../src/results/types.js';
import { workloadFor } from '../../src/app/execute.js';
import type { LevelResult } from '../../src/results/types.js';
import { buildConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { judgeMetric } from '../../src/verdict/compare.js';
import { SimSender } from '../../src/load/sim-sender.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { fastConfig, removeTmpOuts } from './fixture.js';

afterAll(removeTmpOuts);

describe('orderAt', () => {
  it('alternates A B, B A, A B, …', () => {
    expect([0, 1, 2, 3, 4, 5].map(orderAt)).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });
});

const side = (label: string, capacity: number | null, breakpoint: number | null): AbSideResult => ({ label, levels: [], capacity, capacity_rps: capacity, breakpoint });
const slaConfig = (sla: Record<string, number>): Pick<Config, 'sla' | 'mode'> => buildConfig({ target: { url: 'http://127.0.0.1:1', model: 'm' }, sla });

describe('abHeadline', () => {
  const p95 = slaConfig({ ttft_p95_ms: 400 });
  it.each([
    // B higher: (56 − 40) / 40 = 40 % more.
    {
      name: 'B higher',
      a: side('main', 40, 48),
      b: side('pr', 56, 64),
      load: 'concurrency' as const,
      cfg: p95,
      want: 'pr sustains 40 % more concurrent sessions than main at TTFT p95 ≤ 400 ms (56 vs 40).',
    },
    // A higher: (40 − 20) / 20 = 100 % more (relative to the lower side, not −50 %).
    {
      name: 'A higher',
      a: side('main', 40, 48),
      b: side('pr', 20, 24),
      load: 'concurrency' as const,
      cfg: p95,
      want: 'main sustains 100 % more concurrent sessions than pr at TTFT p95 ≤ 400 ms (40 vs 20).',
    },
    // Equal.
    {
      name: 'equal',
      a: side('A', 16, 32),
      b: side('B', 16, 32),
      load: 'concurrency' as const,
      cfg: p95,
      want: 'B and A both sustain 16 concurrent sessions at TTFT p95 ≤ 400 ms.',
    },
    // B never broke: its figure is a lower bound, and the headline says so.
    {
      name: 'B open-ended',
      a: side('A', 8, 16),
      b: side('B', 32, null),
      load: 'rate' as const,
      cfg: p95,
      want: 'B sustains 300 % more req/s than A at TTFT p95 ≤ 400 ms (32 vs 8; B (no breakpoint within the levels tried: at least)).',
    },
    // One side held nothing.
    {
      name: 'A none',
      a: side('A', null, 2),
      b: side('B', 8, 16),
      load: 'concurrency' as const,
      cfg: p95,
      want: 'B sustains 8 concurrent sessions at TTFT p95 ≤ 400 ms; A did not hold even the lowest level.',
    },
    {
      name: 'B none',
      a: side('A', 8, 16),
      b: side('B', null, 2),
      load: 'rate' as const,
      cfg: p95,
      want: 'A sustains 8 req/s at TTFT p95 ≤ 400 ms; B did not hold even the lowest level.',
    },
    // Neither.
    { name: 'neither', a: side('A', null, 2), b: side('B', null, 2), load: 'rate' as const, cfg: p95, want: 'Neither A nor B held the lowest level at TTFT p95 ≤ 400 ms.' },
    // No SLA: no "at …"; an error-rate rule prints as a clean percentage (0.07 × 100 is 7.000000000000001 in floats).
    { name: 'no SLA', a: side('A', 10, 20), b: side('B', 15, 20), load: 'rate' as const, cfg: slaConfig({}), want: 'B sustains 50 % more req/s than A (15 vs 10).' },
    {
      name: 'error-rate SLA',
      a: side('A', 10, 20),
      b: side('B', 15, 20),
      load: 'rate' as const,
      cfg: slaConfig({ error_rate: 0.07 }),
      want: 'B sustains 50 % more req/s than A at error rate ≤ 7 % (15 vs 10).',
    },
  ])('$name', ({ a, b, load, cfg, want }) => {
    expect(abHeadline([a, b], load, cfg)).toBe(want);
  });
});

describe('withLevelEvidence', () => {
  const m = judgeMetric('saturation_rps', { value: 16, spread: 16 }, { value: 8, spread: 8 }, 0.05); // inside the noise
  it.each([
    // B broke at 8, which A held (A capacity 16): at least 1 − 8/16 = 50 % lower → regression.
    { name: 'B broke where A held', a: side('A', 16, 32), b: side('B', 4, 8), want: 'regression', note: 'B broke at 8 users, which A held: at least 50 % lower' },
    // B held 32 where A broke at 16: at least 32/16 − 1 = 100 % higher → improvement.
    { name: 'B held where A broke', a: side('A', 8, 16), b: side('B', 32, 64), want: 'improvement', note: 'B held 32 users, where A broke at 16: at least 100 % higher' },
    // Same levels held and broken: no level evidence, the spreads decide (inconclusive here).
    { name: 'same levels', a: side('A', 8, 16), b: side('B', 8, 16), want: 'inconclusive', note: undefined },
  ])('$name', ({ a, b, want, note }) => {
    const v = withLevelEvidence(m, [a, b], 0.05, 'concurrency');
    expect(v.status).toBe(want);
    expect(v.remeasured).toBe(note);
  });
});

describe('runAb against two simulator models, on virtual time', () => {
  let r: AbResult;
  let virtualMs: number;
  const order: string[] = [];
  const LEVELS = [2, 4, 8, 16, 32];

  beforeAll(async () => {
    const clock = new VirtualClock();
    const a = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', speedup: 0.25, seed: 3, replicas: 1 } });
    const b = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', speedup: 0.25, seed: 3, replicas: 2, routing: 'least-loaded' } });
    const config = fastConfig('http://a.invalid/v1', {
      mode: 'capacity-at-sla',
      target: { model: 'tiny', endpoint: 'completions' },
      workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
      baseline: { concurrency: 1, duration: '1s' },
      saturation: { strategy: 'steps', load: 'concurrency', levels: LEVELS, level_duration: '1.5s', stop_at_first_saturated: true },
      sla: { ttft_p95_ms: 150 },
    });
    try {
      r = await clock.run(() =>
        runAb(
          config,
          [
            { label: 'A', sender: a, workload: workloadFor(config, 'ab-a') },
            { label: 'B', sender: b, workload: workloadFor(config, 'ab-b') },
          ],
          {
            signal: new AbortController().signal,
            log: () => {},
            onLevel: (label, l: LevelResult) => order.push(`${label}:${l.summary.offered.value}`),
            clock,
          },
        ),
      );
      virtualMs = clock.now();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('each side holds and breaks where its slots say; B’s capacity ≥ A’s', () => {
    const [sa, sb] = r.sides;
    const summary = (s: AbSideResult) => s.levels.map((l) => `${l.summary.offered.value}${l.valid ? (l.saturated ? '✗' : '✓') : '?'} p95=${l.summary.ttft_ms.p95}`).join(', ');
    expect({ a: sa.capacity, b: sb.capacity }, `A: ${summary(sa)} | B: ${summary(sb)}`).toEqual({ a: 8, b: 16 });
    expect([sa.breakpoint, sb.breakpoint]).toEqual([16, 32]);
    expect(sb.capacity!).toBeGreaterThanOrEqual(sa.capacity!);
    expect(r.headline).toBe('B sustains 100 % more concurrent sessions than A at TTFT p95 ≤ 150 ms (16 vs 8).');
    expect(r.status).toBe('complete');
    // B judged against A: B's achieved rate is higher. With doubling levels the level evidence only
    // bounds the gain below by 16/16 − 1 = 0 and each side's spread is its bracket width (100 %),
    // so the verdict is at best an improvement and never a regression.
    const sat = r.metrics.find((m) => m.metric === 'saturation_rps')!;
    expect(sat.current!.value).toBeGreaterThan(sat.baseline!.value);
    // B is better; inside the (wide, doubling-level) spreads a better figure is a pass.
    expect(sat.status).toBe('pass');
    expect(r.verdict).toBe('pass');
    // B's second replica serves B's level 2n exactly as A serves level n (same seed, least-loaded routing).
    expect(sb.levels.slice(1).map((l) => l.summary.ttft_ms.p95)).toEqual(sa.levels.map((l) => l.summary.ttft_ms.p95));
  });

  it('levels alternate A B, B A, …; each side stops after its breakpoint', () => {
    // Level 0: A B; 1: B A; 2: A B; 3: B A (A breaks at 16); 4: A is done, only B.
    expect(order).toEqual(['A:2', 'B:2', 'B:4', 'A:4', 'A:8', 'B:8', 'B:16', 'A:16', 'B:32']);
    expect(r.sides[0].levels.map((l) => l.summary.name)).toEqual(['A-2', 'A-4', 'A-8', 'A-16']);
    expect(r.sides[1].levels.map((l) => l.summary.name)).toEqual(['B-2', 'B-4', 'B-8', 'B-16', 'B-32']);
    // Each side's unloaded baseline ran first.
    expect(r.sides.map((s) => s.baseline?.name)).toEqual(['A-baseline', 'B-baseline']);
    expect(r.load_minutes).toBeGreaterThan((2 * 1 + 9 * 1.5) / 60 - 0.01);
    // Load-minutes count the load, not the pauses: no more than the virtual time the run took (load_minutes has 3 decimals).
    expect(r.load_minutes).toBeLessThanOrEqual(virtualMs / 60_000 + 0.0005);
  });
});
