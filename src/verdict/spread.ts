/**
 * How far a figure measured once could move on a re-run of the same system: the measured spread
 * that a change must exceed, beside the tolerance, to count. Derived from the run's own data.
 */
import type { Histogram } from 'hdr-histogram-js';

/** z for a two-sided 95% interval. */
const Z = 1.96;

/**
 * Half-width of a 95% confidence interval of the p-th percentile (0..100), in the histogram's
 * units ÷ 1000 (ms for our µs histograms), from order statistics: the true quantile lies between
 * the samples of ranks n·q ± z·√(n·q(1−q)). Needs no distribution assumption, but does assume
 * independent samples: pass `independent` (e.g. the number of requests) when the samples come in
 * correlated clumps — every inter-token gap of one request shares its conditions, so a run of
 * 100 requests is not 10,000 independent ITL samples.
 */
export function percentileSpreadMs(h: Histogram, p: number, independent = h.totalCount): number {
  const n = Math.min(h.totalCount, independent);
  // One sample says nothing about its spread: call it ±100 % (JSON has no Infinity).
  if (n < 2) return h.maxValue / 1000;
  const q = p / 100;
  const half = Z * Math.sqrt((q * (1 - q)) / n);
  const lo = Math.max(0, (q - half) * 100);
  const hi = Math.min(100, (q + half) * 100);
  const value = h.getValueAtPercentile(p);
  const low = h.getValueAtPercentile(lo);
  const high = h.getValueAtPercentile(hi);
  return Math.max(value - low, high - value) / 1000;
}

/**
 * The smallest spread a latency can honestly claim on a shared machine: what the client itself
 * could have added (its own P99 send lag), a millisecond of timer resolution, and 5 % of the
 * value for run-to-run drift that one run cannot see.
 */
export function latencySpreadFloorMs(valueMs: number, sendLagP99Ms: number): number {
  return Math.max(1, sendLagP99Ms, 0.05 * valueMs);
}

/** Half-width of a 95% Wilson interval for a proportion of k in n (as a proportion). */
export function proportionSpread(k: number, n: number): number {
  if (n <= 0) return 1;
  const p = k / n;
  const z2 = Z * Z;
  const denom = 1 + z2 / n;
  return (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
}

/** Relative spread of a rate estimated from n events (Poisson counting noise). */
export function rateRelativeSpread(n: number): number {
  return n > 0 ? Z / Math.sqrt(n) : 1;
}
