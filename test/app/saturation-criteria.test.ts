/**
 * judgeLevel and levelValidity, one criterion at a time, on hand-built summaries. Each case changes
 * only the field its criterion reads; the rest of the level is healthy (see helpers/level-summary).
 */
import { describe, expect, it } from 'vitest';
import { isClientLimited, judgeLevel, levelValidity } from '../../src/app/saturation.js';
import { buildConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { criteria, stats, summary, type SummaryOverrides } from '../helpers/level-summary.js';

const target = { url: 'http://127.0.0.1:1', model: 'm' };
/** SLA rules as the parser builds them from loadgate.yml keys. */
const slaOf = (sla: Record<string, number>): Pick<Config, 'sla'> => ({ sla: buildConfig({ target, sla, sla_validation: { enabled: false } }).sla });
const noSla = slaOf({});

interface Case {
  name: string;
  level: SummaryOverrides;
  baseline?: number;
  crit?: Partial<Config['saturation']['criteria']>;
  sla?: Record<string, number>;
  slaOnly?: boolean;
  saturated: boolean;
  /** Substrings the reasons must contain, in order (empty when not saturated). */
  reasons: string[];
}

const cases: Case[] = [
  // --- P99 TTFT vs baseline (factor 2, noise floor 25 ms) ---
  // 250 ms against a 100 ms baseline: 2.5× and +150 ms.
  { name: 'ttft 2.5× baseline', level: { ttft_ms: stats({ p99: 250 }) }, baseline: 100, saturated: true, reasons: ['P99 TTFT 250.0 ms > 2 × baseline 100.0 ms'] },
  // Exactly 2× is not more than 2×.
  { name: 'ttft exactly 2× baseline', level: { ttft_ms: stats({ p99: 200 }) }, baseline: 100, saturated: false, reasons: [] },
  // Just over 2×.
  { name: 'ttft just over 2×', level: { ttft_ms: stats({ p99: 200.5 }) }, baseline: 100, saturated: true, reasons: ['P99 TTFT 200.5 ms'] },
  // 4× a 5 ms baseline but only +15 ms: jitter on a fast endpoint, under the 25 ms noise floor.
  { name: 'ttft 4× but under the noise floor', level: { ttft_ms: stats({ p99: 20 }) }, baseline: 5, saturated: false, reasons: [] },
  // +25 ms exactly meets the floor (≥), and 6× is over the factor.
  { name: 'ttft at the noise floor', level: { ttft_ms: stats({ p99: 30 }) }, baseline: 5, saturated: true, reasons: ['P99 TTFT 30.0 ms > 2 × baseline 5.0 ms'] },
  // With the floor set to 0 only the factor counts.
  { name: 'ttft floor disabled', level: { ttft_ms: stats({ p99: 20 }) }, baseline: 5, crit: { ttftMinIncreaseMs: 0 }, saturated: true, reasons: ['P99 TTFT 20.0 ms'] },
  // A larger factor (3) lets 2.5× pass.
  { name: 'ttft factor 3', level: { ttft_ms: stats({ p99: 250 }) }, baseline: 100, crit: { ttftP99Factor: 3 }, saturated: false, reasons: [] },
  // No baseline measured (or a zero one): the TTFT criterion cannot apply.
  { name: 'ttft without baseline', level: { ttft_ms: stats({ p99: 5000 }) }, baseline: undefined, saturated: false, reasons: [] },
  { name: 'ttft with zero baseline', level: { ttft_ms: stats({ p99: 5000 }) }, baseline: 0, saturated: false, reasons: [] },

  // --- error rate (max 0.5 %) ---
  // 5 of 1000 = 0.5 %: at the limit, not over it.
  { name: 'errors at the limit', level: { requests: { sent: 1000, errors: { http_5xx: 5 } } }, saturated: false, reasons: [] },
  // 6 of 1000 = 0.6 %.
  { name: 'errors over the limit', level: { requests: { sent: 1000, errors: { http_5xx: 6 } } }, saturated: true, reasons: ['error rate 0.6% > 0.5%'] },
  // Errors of any kind count (timeouts, resets…), summed.
  {
    name: 'mixed error kinds',
    level: { requests: { sent: 100, errors: { timeout_first_byte: 1, reset_after_first_byte: 1 } } },
    saturated: true,
    reasons: ['error rate 2% > 0.5%'],
  },
  // A looser limit (5 %) lets 2 % through.
  { name: 'errors under a looser limit', level: { requests: { sent: 100, errors: { http_429: 2 } } }, crit: { maxErrorRate: 0.05 }, saturated: false, reasons: [] },
  // Nothing succeeded: error rate and "no request succeeded" (achieved is 0 too).
  {
    name: 'all failed',
    level: { requests: { sent: 20, errors: { http_5xx: 20 } }, achieved_rps: 0 },
    saturated: true,
    reasons: ['error rate 100%', 'achieved 0.00 req/s < 95% of offered 10.00', 'no request succeeded'],
  },

  // --- achieved vs offered (ratio 0.95, open loop only) ---
  // 95 of 100 req/s offered: exactly 95 %, not below.
  { name: 'achieved at 95 %', level: { offered: { kind: 'rate', value: 100 }, achieved_rps: 95 }, saturated: false, reasons: [] },
  // 94.9 of 100.
  { name: 'achieved below 95 %', level: { offered: { kind: 'rate', value: 100 }, achieved_rps: 94.9 }, saturated: true, reasons: ['achieved 94.90 req/s < 95% of offered 100.00'] },
  // Concurrency levels: 32 users "achieving" 5 req/s is just slow requests, not saturation.
  { name: 'concurrency skips the ratio', level: { offered: { kind: 'concurrency', value: 32 }, achieved_rps: 5 }, saturated: false, reasons: [] },

  // --- SLA (criteria.sla) ---
  // TTFT p95 400 ms breaks ttft_p95_ms: 300 → saturated when criteria.sla is on (default).
  { name: 'SLA broken, criteria.sla on', level: { ttft_ms: stats({ p95: 400, p99: 400 }) }, sla: { ttft_p95_ms: 300 }, saturated: true, reasons: ['SLA ttft_p95_ms: 400 > 300'] },
  // Same level, criteria.sla off: the SLA is still checked (sla_checks) but does not saturate.
  { name: 'SLA broken, criteria.sla off', level: { ttft_ms: stats({ p95: 400, p99: 400 }) }, sla: { ttft_p95_ms: 300 }, crit: { sla: false }, saturated: false, reasons: [] },
  // A min-bound rule (goodput ratio 0.5 < 0.9) reads "<".
  { name: 'goodput SLA broken', level: { goodput_rps: 5 }, sla: { goodput_ratio: 0.9, goodput_ttft_ms: 100 }, saturated: true, reasons: ['SLA goodput_ratio: 0.5 < 0.9'] },

  // --- capacity-at-sla (slaOnly): only the SLA decides ---
  // TTFT 10× baseline, 10 % errors, achieved half the offered rate — but the SLA holds: not saturated.
  {
    name: 'slaOnly ignores ttft, errors and ratio',
    level: { ttft_ms: stats({ p99: 1000 }), requests: { sent: 100, errors: { http_5xx: 10 } }, achieved_rps: 5 },
    baseline: 100,
    sla: { ttft_p99_ms: 2000, error_rate: 0.2 },
    slaOnly: true,
    saturated: false,
    reasons: [],
  },
  // The same level with a tighter SLA: saturated, and the only reason is the SLA rule.
  {
    name: 'slaOnly saturates on the SLA alone',
    level: { ttft_ms: stats({ p99: 1000 }), requests: { sent: 100, errors: { http_5xx: 10 } }, achieved_rps: 5 },
    baseline: 100,
    sla: { ttft_p99_ms: 500, error_rate: 0.2 },
    slaOnly: true,
    saturated: true,
    reasons: ['SLA ttft_p99_ms: 1000 > 500'],
  },
  // slaOnly applies the SLA even if criteria.sla is off (the mode is defined by the SLA).
  {
    name: 'slaOnly with criteria.sla off',
    level: { ttft_ms: stats({ p99: 1000 }) },
    sla: { ttft_p99_ms: 500 },
    crit: { sla: false },
    slaOnly: true,
    saturated: true,
    reasons: ['SLA ttft_p99_ms'],
  },
  // slaOnly and every request failed: a latency rule with no samples fails, so saturated.
  {
    name: 'slaOnly, nothing succeeded',
    level: { requests: { sent: 10, errors: { http_5xx: 10 } }, ttft_ms: stats({ count: 0, p50: 0 }) },
    sla: { ttft_p99_ms: 500 },
    slaOnly: true,
    saturated: true,
    reasons: ['SLA ttft_p99_ms: not measured (no request succeeded)'],
  },
];

describe('judgeLevel: each criterion alone', () => {
  it.each(cases)('$name', (c) => {
    const j = judgeLevel(summary(c.level), criteria(c.crit), c.baseline, c.sla ? slaOf(c.sla) : noSla, c.slaOnly ?? false);
    expect(j.saturated).toBe(c.saturated);
    expect(j.reasons).toHaveLength(c.reasons.length);
    c.reasons.forEach((r, i) => expect(j.reasons[i]).toContain(r));
    // SLA checks are always reported, whether or not they decide saturation.
    expect(j.sla_checks).toHaveLength(c.sla ? Object.keys(c.sla).filter((k) => !k.startsWith('goodput_') || k === 'goodput_ratio').length : 0);
  });

  it('reports every tripped criterion, in a fixed order', () => {
    // TTFT 10×, 10 % errors, 50 % achieved and a broken SLA at once.
    const j = judgeLevel(
      summary({ ttft_ms: stats({ p99: 1000 }), requests: { sent: 100, errors: { http_5xx: 10 } }, achieved_rps: 5 }),
      criteria(),
      100,
      slaOf({ ttft_p99_ms: 500 }),
    );
    expect(j.reasons.map((r) => r.split(' ')[0])).toEqual(['P99', 'error', 'achieved', 'SLA']);
  });
});

describe('levelValidity: the client, not the endpoint, was the bottleneck', () => {
  const v = [
    // Send lag P99 at the 50 ms limit: still valid (not over).
    { name: 'lag at limit', lag: 50, cpu: 0.5, valid: true, reason: undefined },
    // 50.1 ms: requests left late, the level measures the client.
    { name: 'lag over limit', lag: 50.1, cpu: 0.5, valid: false, reason: 'client send lag P99 50.1 ms > 50 ms' },
    // CPU 95 % of a core: valid (limit is > 0.95).
    { name: 'cpu at 95 %', lag: 1, cpu: 0.95, valid: true, reason: undefined },
    // CPU 96 %: the generator was pegged.
    { name: 'cpu pegged', lag: 1, cpu: 0.96, valid: false, reason: 'load generator CPU at 96% of a core' },
    // CPU over one core (several threads): still invalid.
    { name: 'cpu over a core', lag: 1, cpu: 1.7, valid: false, reason: 'CPU at 170%' },
    // Both: send lag is reported first.
    { name: 'both', lag: 200, cpu: 1.2, valid: false, reason: 'send lag' },
  ];
  it.each(v)('$name', (c) => {
    const r = levelValidity(summary({ send_lag_ms: stats({ p50: 1, p99: c.lag }) }), 50, c.cpu);
    expect(r.valid).toBe(c.valid);
    if (c.reason) expect(r.reason).toContain(c.reason);
    else expect(r.reason).toBeUndefined();
    // Every invalid reason here is the client's: the bottleneck rules name "client" from it.
    expect(isClientLimited(r.reason)).toBe(!c.valid);
  });

  it('other reasons a level is invalid are not the client', () => {
    expect(isClientLimited('undecided: 12 of 50 samples')).toBe(false);
    expect(isClientLimited(undefined)).toBe(false);
  });

  it('uses the configured max send lag', () => {
    // 20 ms lag is fine at the default 50 ms, not at a strict 10 ms.
    const s = summary({ send_lag_ms: stats({ p99: 20 }) });
    expect(levelValidity(s, 50, 0.1).valid).toBe(true);
    expect(levelValidity(s, 10, 0.1)).toEqual({ valid: false, reason: expect.stringContaining('> 10 ms') });
  });
});

describe('the defaults these cases assume', () => {
  it('are the parser defaults', () => {
    expect(criteria()).toEqual({ ttftP99Factor: 2, ttftMinIncreaseMs: 25, maxErrorRate: 0.005, minAchievedRatio: 0.95, sla: true });
  });
});
