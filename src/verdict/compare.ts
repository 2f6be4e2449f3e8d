/**
 * Judges a run against a baseline, metric by metric. A change counts only when it exceeds both
 * the tolerance and the measured noise (the two runs' spreads combined); a change past the
 * tolerance but inside the noise is `inconclusive`, which the gate may settle by re-measuring.
 */
import type { Measured, MetricKey } from './measured.js';

export type Status = 'pass' | 'regression' | 'improvement' | 'inconclusive';

/** Tolerances: relative for rates, latencies and cost; absolute points for the error rate. */
export interface Tolerances {
  saturation_rps: number;
  ttft_p99_ms: number;
  itl_p99_ms: number;
  cost_per_million_tokens: number;
  error_rate: number;
}

/** Latency changes smaller than this are never judged (see judgeMetric). */
const MIN_LATENCY_CHANGE_MS = 1;

export const DEFAULT_TOLERANCES: Tolerances = { saturation_rps: 0.05, ttft_p99_ms: 0.1, itl_p99_ms: 0.1, cost_per_million_tokens: 0.05, error_rate: 0.005 };

/** Which direction is worse, and whether the tolerance is relative or absolute. */
const METRICS: Record<MetricKey, { label: string; worse: 'lower' | 'higher'; relative: boolean; unit: string }> = {
  saturation_rps: { label: 'Saturation', worse: 'lower', relative: true, unit: 'req/s' },
  ttft_p99_ms: { label: 'P99 TTFT at the operating point', worse: 'higher', relative: true, unit: 'ms' },
  itl_p99_ms: { label: 'P99 ITL at the operating point', worse: 'higher', relative: true, unit: 'ms' },
  cost_per_million_tokens: { label: 'Cost per million tokens at saturation', worse: 'higher', relative: true, unit: 'USD' },
  error_rate: { label: 'Error rate at the operating point', worse: 'higher', relative: false, unit: '' },
};

export interface MetricVerdict {
  metric: MetricKey;
  label: string;
  unit: string;
  baseline: Measured | null;
  current: Measured | null;
  /** Relative change (or absolute for error_rate); null when either side is missing. */
  delta: number | null;
  /** The tolerance, in the same terms as delta. */
  tolerance: number;
  /** Combined noise in the same terms as delta. */
  noise: number | null;
  status: Status;
  /** Set when a re-measurement settled this metric. */
  remeasured?: string;
}

export function metricInfo(k: MetricKey): (typeof METRICS)[MetricKey] {
  return METRICS[k];
}

export function judgeMetric(metric: MetricKey, baseline: Measured | null, current: Measured | null, tolerance: number): MetricVerdict {
  const info = METRICS[metric];
  const base = { metric, label: info.label, unit: info.unit, baseline, current, tolerance };
  if (!baseline || !current) {
    // A capacity the baseline had and the run lost is a regression, not a gap in the data.
    const lost = metric === 'saturation_rps' && baseline && !current;
    return { ...base, delta: null, noise: null, status: lost ? 'regression' : 'pass' };
  }
  // A latency change under a millisecond is below what one run can resolve (timer resolution,
  // scheduling on a shared machine): never a verdict, however small the latency itself.
  if (info.unit === 'ms' && Math.abs(current.value - baseline.value) < MIN_LATENCY_CHANGE_MS) {
    const scale0 = Math.abs(baseline.value) || 1;
    return { ...base, delta: round((current.value - baseline.value) / scale0), noise: round(Math.hypot(baseline.spread, current.spread) / scale0), status: 'pass' };
  }
  const scale = info.relative ? Math.abs(baseline.value) || 1 : 1;
  const delta = (current.value - baseline.value) / scale;
  const noise = Math.hypot(baseline.spread, current.spread) / scale;
  const worse = info.worse === 'higher' ? delta : -delta;
  let status: Status = 'pass';
  if (Math.abs(delta) > tolerance) {
    // Inconclusive means "might be a regression, cannot tell"; a better figure inside the noise
    // is simply a pass (an unlucky baseline must not hold up every later pull request).
    if (Math.abs(delta) <= noise) status = worse > 0 ? 'inconclusive' : 'pass';
    else status = worse > 0 ? 'regression' : 'improvement';
  }
  return { ...base, delta: round(delta), noise: round(noise), status };
}

/** Overall: any regression wins, then any inconclusive, then any improvement, else pass. */
export function overall(verdicts: Pick<MetricVerdict, 'status'>[], comparable: boolean): Status {
  if (!comparable) return 'inconclusive';
  const has = (s: Status): boolean => verdicts.some((v) => v.status === s);
  if (has('regression')) return 'regression';
  if (has('inconclusive')) return 'inconclusive';
  if (has('improvement')) return 'improvement';
  return 'pass';
}

export function compareMetrics(base: Record<MetricKey, Measured | null>, cur: Record<MetricKey, Measured | null>, tol: Tolerances): MetricVerdict[] {
  return (Object.keys(METRICS) as MetricKey[]).map((k) => judgeMetric(k, base[k], cur[k], tol[k]));
}

/** The sentence that opens the report: the most important change, in plain words. */
export function verdictSentence(verdicts: MetricVerdict[], status: Status, comparable: boolean): string {
  if (!comparable) return 'This run is not comparable with the baseline (see the notes below), so no verdict on capacity is given.';
  // Capacity lost altogether (no level held) has no "from … to …": say so, before anything else.
  const lost = verdicts.find((x) => x.status === 'regression' && x.baseline && !x.current);
  if (lost?.baseline)
    return `This change loses ${lost.label.charAt(0).toLowerCase() + lost.label.slice(1)}: the baseline sustained ${fmt(lost.baseline.value)}${lost.unit ? ` ${lost.unit}` : ''}; this run sustained none of the levels it tried.`;
  const order: Status[] = ['regression', 'inconclusive', 'improvement'];
  for (const s of order) {
    const v = verdicts.find((x) => x.status === s && x.baseline && x.current);
    if (!v || !v.baseline || !v.current) continue;
    const pct = v.delta === null ? '' : METRICS[v.metric].relative ? ` (${signed(v.delta * 100)} %)` : ` (${signed(v.delta * 100)} points)`;
    const verb = v.current.value < v.baseline.value ? 'lowers' : 'raises';
    const what = v.label.charAt(0).toLowerCase() + v.label.slice(1);
    const tail = s === 'inconclusive' ? ', within the measurement noise: inconclusive' : '';
    return `This change ${verb} ${what} from ${fmt(v.baseline.value)} to ${fmt(v.current.value)}${v.unit ? ` ${v.unit}` : ''}${pct}${tail}.`;
  }
  return status === 'pass' ? 'No change beyond tolerance and noise: capacity, latency, cost and errors hold.' : '';
}

const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(4));
const round = (x: number): number => Math.round(x * 10000) / 10000;
