/**
 * SLA rules evaluated against a level summary: pure data in, PASS/FAIL per rule with the actual
 * value and the limit out.
 */
import type { LevelSummary } from '../metrics/aggregate.js';
import type { ChaosSla, SlaRule } from '../config/types.js';

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

/** What the chaos phase's rules judge (app/chaos-timeline.ts ChaosFigures has these fields). */
export interface ChaosOutcome {
  recovered: boolean;
  recovery_s: number | null;
  lost_requests: number;
  error_burst: { count: number };
}

/**
 * The chaos rules of sla: against the phase's figures. Not recovered within the bound fails
 * recovery_s, with the bound as its actual value (it took at least that long).
 */
export function evaluateChaosSla(rules: ChaosSla, f: ChaosOutcome, boundS: number): SlaCheck[] {
  const out: SlaCheck[] = [];
  if (rules.recoveryS !== undefined) {
    const actual = f.recovered && f.recovery_s !== null ? f.recovery_s : boundS;
    out.push({ rule: 'recovery_s', actual, limit: rules.recoveryS, bound: 'max', pass: f.recovered && actual <= rules.recoveryS });
  }
  if (rules.lostRequests !== undefined)
    out.push({ rule: 'lost_requests', actual: f.lost_requests, limit: rules.lostRequests, bound: 'max', pass: f.lost_requests <= rules.lostRequests });
  if (rules.errorBurst !== undefined)
    out.push({ rule: 'error_burst', actual: f.error_burst.count, limit: rules.errorBurst, bound: 'max', pass: f.error_burst.count <= rules.errorBurst });
  return out;
}

export function slaPasses(checks: SlaCheck[]): boolean {
  return checks.every((c) => c.pass);
}
