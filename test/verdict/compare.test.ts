/**
 * The verdict rules, metric by metric: a change counts only past BOTH the tolerance and the noise
 * (the two spreads combined, √(a² + b²)); past the tolerance but inside the noise is
 * inconclusive. Direction per metric; the error rate in absolute points; then the overall
 * precedence and the sentence that opens the report.
 */
import { describe, expect, it } from 'vitest';
import type { Measured, MetricKey } from '../../src/verdict/measured.js';
import { compareMetrics, DEFAULT_TOLERANCES, judgeMetric, overall, verdictSentence, type MetricVerdict, type Status } from '../../src/verdict/compare.js';

const m = (value: number, spread: number): Measured => ({ value, spread });

interface Case {
  name: string;
  metric: MetricKey;
  base: Measured | null;
  cur: Measured | null;
  /** Default: DEFAULT_TOLERANCES[metric]. */
  tol?: number;
  status: Status;
  delta?: number | null;
  noise?: number | null;
}

const cases: Case[] = [
  // --- saturation (lower is worse, 5 % relative) ---
  // −2.5 %: inside the tolerance, whatever the noise.
  { name: 'saturation −2.5 %: pass', metric: 'saturation_rps', base: m(40, 1), cur: m(39, 1), status: 'pass', delta: -0.025 },
  // Exactly −5 % is not more than the tolerance.
  { name: 'saturation exactly at the tolerance: pass', metric: 'saturation_rps', base: m(40, 0), cur: m(38, 0), status: 'pass', delta: -0.05, noise: 0 },
  // −10 % with noise √(1²+1²)/40 = 3.5 %: past both.
  { name: 'saturation −10 %, small noise: regression', metric: 'saturation_rps', base: m(40, 1), cur: m(36, 1), status: 'regression', delta: -0.1, noise: 0.0354 },
  // −10 % with noise √(4²+4²)/40 = 14.1 %: past the tolerance, inside the noise.
  { name: 'saturation −10 %, large noise: inconclusive', metric: 'saturation_rps', base: m(40, 4), cur: m(36, 4), status: 'inconclusive', delta: -0.1, noise: 0.1414 },
  // −12.5 % with noise exactly √(3²+4²)/40 = 12.5 %: a change equal to the noise does not exceed it.
  { name: 'saturation change equal to the noise: inconclusive', metric: 'saturation_rps', base: m(40, 3), cur: m(35, 4), status: 'inconclusive', delta: -0.125, noise: 0.125 },
  // +10 %, small noise: the same size, the good direction.
  { name: 'saturation +10 %: improvement', metric: 'saturation_rps', base: m(40, 1), cur: m(44, 1), status: 'improvement', delta: 0.1 },
  // +10 % inside the noise: a better figure that may be luck is a pass, not a doubt.
  { name: 'saturation +10 % inside noise: pass', metric: 'saturation_rps', base: m(40, 4), cur: m(44, 4), status: 'pass', delta: 0.1 },
  // Under a millisecond a latency change is below what one run resolves: +11.5 % but 0.8 ms → pass.
  { name: 'ttft +0.8 ms on 7 ms: pass', metric: 'ttft_p99_ms', base: m(6.967, 1), cur: m(7.767, 1), status: 'pass' },
  // The same for a latency that got better within its noise (an unlucky baseline).
  { name: 'itl −12.5 % inside noise: pass', metric: 'itl_p99_ms', base: m(35, 5.8), cur: m(30.6, 1.5), status: 'pass' },
  // A looser tolerance (20 %) lets −10 % pass.
  { name: 'saturation −10 % under a 20 % tolerance: pass', metric: 'saturation_rps', base: m(40, 1), cur: m(36, 1), tol: 0.2, status: 'pass' },

  // --- latency (higher is worse, 10 % relative) ---
  // +20 % TTFT with noise 2.8 %: regression.
  { name: 'ttft +20 %: regression', metric: 'ttft_p99_ms', base: m(100, 2), cur: m(120, 2), status: 'regression', delta: 0.2, noise: 0.0283 },
  // −20 % TTFT: improvement (lower latency is better, the opposite of saturation).
  { name: 'ttft −20 %: improvement', metric: 'ttft_p99_ms', base: m(100, 2), cur: m(80, 2), status: 'improvement', delta: -0.2 },
  // +9 %: inside the 10 % tolerance.
  { name: 'ttft +9 %: pass', metric: 'ttft_p99_ms', base: m(100, 2), cur: m(109, 2), status: 'pass' },
  // +20 % with 30 ms spreads each (noise 42 %): inconclusive.
  { name: 'ttft +20 % inside noise: inconclusive', metric: 'ttft_p99_ms', base: m(100, 30), cur: m(120, 30), status: 'inconclusive' },
  // ITL follows the same rule.
  { name: 'itl +50 %: regression', metric: 'itl_p99_ms', base: m(10, 0.5), cur: m(15, 0.5), status: 'regression', delta: 0.5 },

  // --- cost (higher is worse, 5 % relative) ---
  { name: 'cost +10 %: regression', metric: 'cost_per_million_tokens', base: m(1, 0.01), cur: m(1.1, 0.01), status: 'regression', delta: 0.1 },
  { name: 'cost −10 %: improvement', metric: 'cost_per_million_tokens', base: m(1, 0.01), cur: m(0.9, 0.01), status: 'improvement', delta: -0.1 },

  // --- error rate (higher is worse, 0.5 points ABSOLUTE) ---
  // 0.1 % → 1.1 %: +1 point, noise √(0.001²+0.002²) = 0.22 points → regression.
  { name: 'error rate +1 point: regression', metric: 'error_rate', base: m(0.001, 0.001), cur: m(0.011, 0.002), status: 'regression', delta: 0.01, noise: 0.0022 },
  // 0.1 % → 0.4 %: +300 % relative but only +0.3 points absolute → pass (absolute rule).
  { name: 'error rate ×4 but +0.3 points: pass', metric: 'error_rate', base: m(0.001, 0), cur: m(0.004, 0), status: 'pass', delta: 0.003 },
  // 1 % → 2 % with spreads of 1 point each: +1 point inside 1.41 points of noise.
  { name: 'error rate +1 point inside noise: inconclusive', metric: 'error_rate', base: m(0.01, 0.01), cur: m(0.02, 0.01), status: 'inconclusive' },
  // 2 % → 0.5 %: −1.5 points → improvement.
  { name: 'error rate −1.5 points: improvement', metric: 'error_rate', base: m(0.02, 0.001), cur: m(0.005, 0.001), status: 'improvement', delta: -0.015 },

  // --- missing sides ---
  // The baseline had a capacity and this run found none: lost capacity is a regression.
  { name: 'saturation lost: regression', metric: 'saturation_rps', base: m(40, 2), cur: null, status: 'regression', delta: null, noise: null },
  // A capacity found where the baseline had none: nothing to compare, pass.
  { name: 'saturation new: pass', metric: 'saturation_rps', base: null, cur: m(40, 2), status: 'pass', delta: null, noise: null },
  // A latency missing on either side is a gap in the data, not a regression.
  { name: 'ttft missing now: pass', metric: 'ttft_p99_ms', base: m(100, 2), cur: null, status: 'pass', delta: null },
  { name: 'itl missing in baseline: pass', metric: 'itl_p99_ms', base: null, cur: m(10, 1), status: 'pass', delta: null },
  { name: 'error rate missing both: pass', metric: 'error_rate', base: null, cur: null, status: 'pass', delta: null },
];

describe('judgeMetric', () => {
  it.each(cases)('$name', (c) => {
    const tol = c.tol ?? DEFAULT_TOLERANCES[c.metric];
    const v = judgeMetric(c.metric, c.base, c.cur, tol);
    expect(v.status).toBe(c.status);
    expect(v.metric).toBe(c.metric);
    expect(v.tolerance).toBe(tol);
    expect(v.baseline).toEqual(c.base);
    expect(v.current).toEqual(c.cur);
    if (c.delta === null) expect(v.delta).toBeNull();
    else if (c.delta !== undefined) expect(v.delta).toBeCloseTo(c.delta, 4);
    if (c.noise === null) expect(v.noise).toBeNull();
    else if (c.noise !== undefined) expect(v.noise).toBeCloseTo(c.noise, 4);
  });

  it('has the documented default tolerances', () => {
    expect(DEFAULT_TOLERANCES).toEqual({ saturation_rps: 0.05, ttft_p99_ms: 0.1, itl_p99_ms: 0.1, cost_per_million_tokens: 0.05, error_rate: 0.005 });
  });
});

describe('overall', () => {
  const st = (...s: Status[]): Array<{ status: Status }> => s.map((status) => ({ status }));
  it.each([
    // Nothing measured differs: pass.
    { name: 'no metrics', v: st(), comparable: true, want: 'pass' },
    { name: 'all pass', v: st('pass', 'pass'), comparable: true, want: 'pass' },
    // An improvement beside passes is the verdict.
    { name: 'improvement over pass', v: st('pass', 'improvement'), comparable: true, want: 'improvement' },
    // Doubt beats good news: one inconclusive outranks an improvement.
    { name: 'inconclusive over improvement', v: st('improvement', 'inconclusive', 'pass'), comparable: true, want: 'inconclusive' },
    // Any regression wins, wherever it is in the list.
    { name: 'regression over everything', v: st('improvement', 'inconclusive', 'pass', 'regression'), comparable: true, want: 'regression' },
    // Not comparable: no verdict on capacity, whatever the metrics say.
    { name: 'not comparable', v: st('regression'), comparable: false, want: 'inconclusive' },
    { name: 'not comparable, all pass', v: st('pass'), comparable: false, want: 'inconclusive' },
  ] as Array<{ name: string; v: Array<{ status: Status }>; comparable: boolean; want: Status }>)('$name', ({ v, comparable, want }) => {
    expect(overall(v, comparable)).toBe(want);
  });
});

describe('compareMetrics', () => {
  const base = { saturation_rps: m(40, 1), ttft_p99_ms: m(100, 2), itl_p99_ms: m(10, 0.2), cost_per_million_tokens: m(1, 0.01), error_rate: m(0, 0.001) };
  it('judges every metric in a fixed order with its own tolerance', () => {
    const cur = { ...base, saturation_rps: m(36, 1), ttft_p99_ms: m(125, 2) };
    const v = compareMetrics(base, cur, DEFAULT_TOLERANCES);
    expect(v.map((x) => x.metric)).toEqual(['saturation_rps', 'ttft_p99_ms', 'itl_p99_ms', 'cost_per_million_tokens', 'error_rate']);
    expect(v.map((x) => x.status)).toEqual(['regression', 'regression', 'pass', 'pass', 'pass']);
    // The same run under a 20 % saturation tolerance and 30 % latency tolerance passes.
    const loose = compareMetrics(base, cur, { ...DEFAULT_TOLERANCES, saturation_rps: 0.2, ttft_p99_ms: 0.3 });
    expect(loose.map((x) => x.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });
});

describe('verdictSentence', () => {
  const v = (metric: MetricKey, b: Measured | null, c: Measured | null): MetricVerdict => judgeMetric(metric, b, c, DEFAULT_TOLERANCES[metric]);
  const say = (vs: MetricVerdict[], comparable = true): string => verdictSentence(vs, overall(vs, comparable), comparable);

  it.each([
    // (33.0 − 41.2) / 41.2 = −19.9 %.
    { name: 'saturation regression', vs: [v('saturation_rps', m(41.2, 0.5), m(33, 0.5))], want: 'This change lowers saturation from 41.2 to 33.0 req/s (−19.9 %).' },
    // Values ≥ 100 print without decimals; the label's first letter is lowered.
    { name: 'ttft regression', vs: [v('ttft_p99_ms', m(100, 2), m(130, 2))], want: 'This change raises p99 TTFT at the operating point from 100 to 130 ms (+30.0 %).' },
    // Error rate: absolute points, no unit, 4 decimals below 1.
    {
      name: 'error rate regression',
      vs: [v('error_rate', m(0.001, 0.001), m(0.011, 0.001))],
      want: 'This change raises error rate at the operating point from 0.0010 to 0.0110 (+1.0 points).',
    },
    // Inside the noise: the same words, marked inconclusive.
    {
      name: 'inconclusive',
      vs: [v('saturation_rps', m(40, 4), m(36, 4))],
      want: 'This change lowers saturation from 40.0 to 36.0 req/s (−10.0 %), within the measurement noise: inconclusive.',
    },
    { name: 'improvement', vs: [v('saturation_rps', m(40, 1), m(44, 1))], want: 'This change raises saturation from 40.0 to 44.0 req/s (+10.0 %).' },
    // The regression is told first even when an improvement comes earlier in the list.
    {
      name: 'regression before an earlier improvement',
      vs: [v('saturation_rps', m(40, 1), m(44, 1)), v('cost_per_million_tokens', m(1, 0.01), m(1.2, 0.01))],
      want: 'This change raises cost per million tokens at saturation from 1.0 to 1.2 USD (+20.0 %).',
    },
    // Nothing moved.
    {
      name: 'pass',
      vs: [v('saturation_rps', m(40, 1), m(40.5, 1)), v('ttft_p99_ms', m(100, 2), m(101, 2))],
      want: 'No change beyond tolerance and noise: capacity, latency, cost and errors hold.',
    },
    // Capacity lost altogether: no "to" value, but still a sentence (was empty before the fix).
    {
      name: 'saturation lost',
      vs: [v('saturation_rps', m(41.2, 2), null)],
      want: 'This change loses saturation: the baseline sustained 41.2 req/s; this run sustained none of the levels it tried.',
    },
  ])('$name', ({ vs, want }) => {
    expect(say(vs)).toBe(want);
  });

  it('not comparable: no verdict on capacity', () => {
    const s = say([v('saturation_rps', m(40, 1), m(20, 1))], false);
    expect(s).toMatch(/^This run is not comparable with the baseline/);
    expect(s).toContain('no verdict');
  });
});
