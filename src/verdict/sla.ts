/**
 * SLA rules evaluated against a level summary: pure data in, PASS/FAIL per rule with the actual
 * value and the limit out.
 */
import type { LevelSummary } from '../metrics/aggregate.js';
import type { SlaRule } from '../config/types.js';

export interface SlaCheck {
  rule: string;
  actual: number;
  limit: number;
  /** `max`: actual must be ≤ limit; `min`: actual must be ≥ limit. */
  bound: 'max' | 'min';
  pass: boolean;
}

export function evaluateSla(rules: SlaRule[], s: LevelSummary): SlaCheck[] {
  return rules.map((r) => {
    if (r.kind === 'latency') {
      const actual = s[r.metric][r.stat];
      // A latency with no successful sample cannot meet its limit.
      const pass = s[r.metric].count > 0 && actual <= r.max;
      return { rule: r.key, actual, limit: r.max, bound: 'max', pass };
    }
    if (r.kind === 'error_rate') return { rule: r.key, actual: s.error_rate, limit: r.max, bound: 'max', pass: s.requests.sent > 0 && s.error_rate <= r.max };
    // goodput_rps and achieved_rps share one window, so their ratio is the share of successes that were good.
    const ratio = s.achieved_rps > 0 && s.requests.sent > 0 ? (s.goodput_rps / s.achieved_rps) * (s.requests.ok / s.requests.sent) : 0;
    return { rule: r.key, actual: Math.round(ratio * 10000) / 10000, limit: r.min, bound: 'min', pass: ratio >= r.min };
  });
}

export function slaPasses(checks: SlaCheck[]): boolean {
  return checks.every((c) => c.pass);
}
