/**
 * The spreads a change must exceed: percentile CIs from order statistics on real HDR histograms,
 * the latency floor, Wilson intervals for proportions and Poisson noise for rates, each against
 * figures worked out by hand below.
 *
 * HDR quantisation: our histograms keep 3 significant digits (2048 sub-buckets), so a value
 * between 524 288 µs and 1 048 576 µs sits in a 512 µs bucket and reads back as its bucket's top.
 * A difference of two such readings is therefore exact to ±0.512 ms; we allow 0.52 ms.
 */
import { describe, expect, it } from 'vitest';
import { newHistogram, recordMs } from '../../src/metrics/histogram.js';
import { latencySpreadFloorMs, percentileSpreadMs, proportionSpread, rateRelativeSpread } from '../../src/verdict/spread.js';
import { range } from './gate-result.js';

const hist = (ms: number[]) => {
  const h = newHistogram();
  for (const x of ms) recordMs(h, x);
  return h;
};

describe('percentileSpreadMs', () => {
  // 1, 2, …, 1000 ms: the value of rank r is r ms.
  const uniform = hist(range(1, 1000));

  it('p99 of 1..1000 ms from order statistics', () => {
    // n = 1000, q = 0.99: half-width in quantile terms z·√(q(1−q)/n) = 1.96·√(0.0099/1000)
    //   = 1.96 · 0.0031464 = 0.0061669.
    // lo = 98.3833 %, hi = 99.6167 %; HDR reads rank ⌈p·n⌉: ranks 984 and 997 → 984 ms, 997 ms.
    // p99 itself is rank 990 → 990 ms. Spread = max(990 − 984, 997 − 990) = 7 ms.
    expect(Math.abs(percentileSpreadMs(uniform, 99) - 7)).toBeLessThanOrEqual(0.52);
  });

  it('p50 of 1..1000 ms', () => {
    // q = 0.5: half = 1.96·√(0.25/1000) = 0.030990 → lo 46.901 % (rank 470), hi 53.099 % (rank 531).
    // p50 = rank 500. Spread = max(500 − 470, 531 − 500) = 31 ms. Values here are in 256 µs
    // buckets (262 144..524 288 µs), so ±0.26 ms.
    expect(Math.abs(percentileSpreadMs(uniform, 50) - 31)).toBeLessThanOrEqual(0.52);
  });

  it('fewer independent samples widen the interval', () => {
    // independent = 100: half = 1.96·√(0.0099/100) = 0.019502 → lo 97.0498 % (rank 971),
    // hi 100.95 % clamped to 100 % (rank 1000). Spread = max(990 − 971, 1000 − 990) = 19 ms.
    const wide = percentileSpreadMs(uniform, 99, 100);
    expect(Math.abs(wide - 19)).toBeLessThanOrEqual(0.52);
    expect(wide).toBeGreaterThan(percentileSpreadMs(uniform, 99));
    // More "independent" samples than recorded ones cannot narrow it below the recorded count.
    expect(percentileSpreadMs(uniform, 99, 1_000_000)).toBe(percentileSpreadMs(uniform, 99));
  });

  it('fewer than two samples: a finite, large spread (the value itself)', () => {
    // One sample of 500 ms: ±100 %, i.e. 500 ms.
    const one = percentileSpreadMs(hist([500]), 99);
    expect(Number.isFinite(one)).toBe(true);
    expect(Math.abs(one - 500)).toBeLessThanOrEqual(0.52);
    // Many samples but a single independent one (e.g. one request's ITL gaps): same rule.
    const clumped = percentileSpreadMs(uniform, 99, 1);
    expect(Number.isFinite(clumped)).toBe(true);
    expect(Math.abs(clumped - 1000)).toBeLessThanOrEqual(0.52);
    // Empty histogram: zero, not NaN.
    expect(percentileSpreadMs(newHistogram(), 99)).toBe(0);
    // independent = 0 (no request succeeded): finite too.
    expect(Number.isFinite(percentileSpreadMs(uniform, 99, 0))).toBe(true);
  });

  it('a constant distribution has no spread', () => {
    expect(percentileSpreadMs(hist(Array.from({ length: 200 }, () => 42)), 99)).toBe(0);
  });
});

describe('latencySpreadFloorMs', () => {
  it.each([
    // Fast and quiet: one millisecond of timer resolution.
    { value: 10, lag: 0.2, want: 1 },
    // 5 % of 100 ms = 5 ms beats a 3 ms send lag.
    { value: 100, lag: 3, want: 5 },
    // An 8 ms client send lag beats 5 % of 100 ms.
    { value: 100, lag: 8, want: 8 },
    // 5 % of 2 s = 100 ms.
    { value: 2000, lag: 1, want: 100 },
    // Nothing measured: still 1 ms.
    { value: 0, lag: 0, want: 1 },
  ])('value $value ms, send lag $lag ms → $want ms', ({ value, lag, want }) => {
    expect(latencySpreadFloorMs(value, lag)).toBeCloseTo(want, 10);
  });
});

describe('proportionSpread (Wilson, 95 %)', () => {
  // Half-width = z/(1 + z²/n) · √(p(1−p)/n + z²/(4n²)), z = 1.96, z² = 3.8416.
  it.each([
    // 0 of 100: √(0 + 3.8416/40000) = 0.0098000; × 1.96 = 0.019208; ÷ 1.038416 = 0.018497.
    { k: 0, n: 100, want: 0.018497 },
    // 5 of 100: p(1−p)/n = 0.000475; + 0.00009604 = 0.00057104; √ = 0.023896; × 1.96 = 0.046837;
    // ÷ 1.038416 = 0.045104.
    { k: 5, n: 100, want: 0.045104 },
    // 10 of 200: 0.05·0.95/200 = 0.0002375; + 3.8416/160000 = 0.00002401 → 0.00026151; √ = 0.016171;
    // × 1.96 = 0.031696; ÷ 1.019208 = 0.031099.
    { k: 10, n: 200, want: 0.031099 },
    // 50 of 100: 0.0025 + 0.00009604 = 0.00259604; √ = 0.050951; × 1.96 = 0.099864; ÷ 1.038416 = 0.096170.
    { k: 50, n: 100, want: 0.09617 },
  ])('$k of $n → ±$want', ({ k, n, want }) => {
    expect(proportionSpread(k, n)).toBeCloseTo(want, 5);
  });

  it('nothing sent: the whole range', () => {
    expect(proportionSpread(0, 0)).toBe(1);
  });

  it('narrows with more samples, and is symmetric in k ↔ n − k', () => {
    expect(proportionSpread(50, 1000)).toBeLessThan(proportionSpread(5, 100));
    expect(proportionSpread(5, 100)).toBeCloseTo(proportionSpread(95, 100), 12);
  });
});

describe('rateRelativeSpread (Poisson)', () => {
  it.each([
    // z/√n: 1.96/10 = 0.196.
    { n: 100, want: 0.196 },
    // 1.96/20 = 0.098.
    { n: 400, want: 0.098 },
    // 1.96/1 = 1.96.
    { n: 1, want: 1.96 },
    // No events: ±100 %.
    { n: 0, want: 1 },
  ])('$n events → ±$want', ({ n, want }) => {
    expect(rateRelativeSpread(n)).toBeCloseTo(want, 10);
  });
});
