/**
 * evaluateSla per rule kind (pass and fail, with actual vs limit) and levelCost against
 * hand-computed figures. Rules come from loadgate.yml keys through the real parser.
 */
import { describe, expect, it } from 'vitest';
import { evaluateSla, slaPasses } from '../../src/verdict/sla.js';
import { levelCost } from '../../src/metrics/cost.js';
import { buildConfig } from '../../src/config/parse.js';
import { stats, summary, type SummaryOverrides } from '../helpers/level-summary.js';

const rulesOf = (sla: Record<string, number>) => buildConfig({ target: { url: 'http://127.0.0.1:1', model: 'm' }, sla }).sla;

describe('evaluateSla', () => {
  const cases: Array<{ name: string; sla: Record<string, number>; level: SummaryOverrides; actual: number; limit: number; bound: 'max' | 'min'; pass: boolean }> = [
    // --- latency percentiles: actual ≤ limit passes ---
    // TTFT p95 exactly at 300 ms: passes (≤).
    { name: 'ttft p95 at the limit', sla: { ttft_p95_ms: 300 }, level: { ttft_ms: stats({ p95: 300 }) }, actual: 300, limit: 300, bound: 'max', pass: true },
    // 300.5 ms: fails.
    { name: 'ttft p95 over', sla: { ttft_p95_ms: 300 }, level: { ttft_ms: stats({ p95: 300.5 }) }, actual: 300.5, limit: 300, bound: 'max', pass: false },
    // Each metric/stat pair reads its own field: itl p99, tpot mean, e2e max, ttfc p50, ttft p90.
    { name: 'itl p99', sla: { itl_p99_ms: 50 }, level: { itl_ms: stats({ p99: 49 }) }, actual: 49, limit: 50, bound: 'max', pass: true },
    { name: 'tpot mean', sla: { tpot_mean_ms: 20 }, level: { tpot_ms: stats({ mean: 25 }) }, actual: 25, limit: 20, bound: 'max', pass: false },
    { name: 'e2e max', sla: { e2e_max_ms: 5000 }, level: { e2e_ms: stats({ max: 4999 }) }, actual: 4999, limit: 5000, bound: 'max', pass: true },
    { name: 'ttfc p50', sla: { ttfc_p50_ms: 100 }, level: { ttfc_ms: stats({ p50: 101 }) }, actual: 101, limit: 100, bound: 'max', pass: false },
    { name: 'ttft p90', sla: { ttft_p90_ms: 100 }, level: { ttft_ms: stats({ p90: 80, p99: 900 }) }, actual: 80, limit: 100, bound: 'max', pass: true },
    // No successful sample: p99 reads 0, which is ≤ any limit, but must fail.
    {
      name: 'zero-sample latency fails',
      sla: { ttft_p99_ms: 500 },
      level: { ttft_ms: stats({ count: 0, p50: 0 }), requests: { sent: 5, errors: { http_5xx: 5 } } },
      actual: 0,
      limit: 500,
      bound: 'max',
      pass: false,
    },

    // --- error_rate: actual ≤ limit ---
    // 1 error of 100 = 1 % at a 1 % limit: passes.
    {
      name: 'error rate at the limit',
      sla: { error_rate: 0.01 },
      level: { requests: { sent: 100, errors: { http_5xx: 1 } } },
      actual: 0.01,
      limit: 0.01,
      bound: 'max',
      pass: true,
    },
    // 2 of 100 = 2 %: fails.
    { name: 'error rate over', sla: { error_rate: 0.01 }, level: { requests: { sent: 100, errors: { timeout_idle: 2 } } }, actual: 0.02, limit: 0.01, bound: 'max', pass: false },
    // Nothing sent: 0 % errors of nothing is not a pass.
    { name: 'error rate with nothing sent', sla: { error_rate: 0.01 }, level: { requests: { sent: 0, ok: 0 } }, actual: 0, limit: 0.01, bound: 'max', pass: false },

    // --- goodput_ratio: actual ≥ limit; ratio = goodput/achieved × ok/sent ---
    // 9 good of 10 req/s, all ok: 0.9 at min 0.9 passes.
    {
      name: 'goodput at the limit',
      sla: { goodput_ratio: 0.9, goodput_ttft_ms: 200 },
      level: { achieved_rps: 10, goodput_rps: 9 },
      actual: 0.9,
      limit: 0.9,
      bound: 'min',
      pass: true,
    },
    // 8 of 10: fails.
    { name: 'goodput under', sla: { goodput_ratio: 0.9, goodput_ttft_ms: 200 }, level: { achieved_rps: 10, goodput_rps: 8 }, actual: 0.8, limit: 0.9, bound: 'min', pass: false },
    // Every success good, but 20 of 100 failed: 1.0 × 0.8 = 0.8 — failures are not good requests.
    {
      name: 'goodput counts failures',
      sla: { goodput_ratio: 0.9, goodput_tpot_ms: 50 },
      level: { achieved_rps: 10, goodput_rps: 10, requests: { sent: 100, errors: { http_5xx: 20 } } },
      actual: 0.8,
      limit: 0.9,
      bound: 'min',
      pass: false,
    },
    // Nothing completed: ratio 0.
    {
      name: 'goodput with nothing achieved',
      sla: { goodput_ratio: 0.5, goodput_ttft_ms: 200 },
      level: { achieved_rps: 0, goodput_rps: 0 },
      actual: 0,
      limit: 0.5,
      bound: 'min',
      pass: false,
    },
  ];
  it.each(cases)('$name', (c) => {
    const checks = evaluateSla(rulesOf(c.sla), summary(c.level));
    const key = Object.keys(c.sla).find((k) => !k.startsWith('goodput_') || k === 'goodput_ratio')!;
    expect(checks).toEqual([{ rule: key, actual: c.actual, limit: c.limit, bound: c.bound, pass: c.pass }]);
    expect(slaPasses(checks)).toBe(c.pass);
  });

  it('checks every rule and passes only if all pass', () => {
    const s = summary({ ttft_ms: stats({ p95: 250, p99: 700 }), requests: { sent: 200, errors: { http_429: 1 } } });
    const checks = evaluateSla(rulesOf({ ttft_p95_ms: 300, ttft_p99_ms: 600, error_rate: 0.01 }), s);
    expect(checks.map((c) => [c.rule, c.pass])).toEqual([
      ['ttft_p95_ms', true],
      ['ttft_p99_ms', false], // 700 > 600
      ['error_rate', true], // 0.5 % ≤ 1 %
    ]);
    expect(slaPasses(checks)).toBe(false);
    // No rules: nothing to break.
    expect(slaPasses(evaluateSla([], s))).toBe(true);
  });
});

describe('levelCost', () => {
  const cases = [
    // 2 GPUs × $2.50/h = $5/h. 1,000 tok/s × 3,600 s = 3.6 M tok/h → $5 / 3.6 = $1.3889 per M tokens.
    // Output 250 tok/s → 0.9 M tok/h → $5 / 0.9 = $5.5556 per M output tokens.
    { name: '2 × $2.50, 1,000 tok/s', gpus: 2, price: 2.5, total: 1000, output: 250, perHour: 5, perM: 1.3889, perMOut: 5.5556 },
    // 1 GPU × $4/h. 10,000 tok/s → 36 M tok/h → $4 / 36 = $0.1111. Output 2,000 tok/s → 7.2 M/h → $0.5556.
    { name: '1 × $4, 10,000 tok/s', gpus: 1, price: 4, total: 10_000, output: 2000, perHour: 4, perM: 0.1111, perMOut: 0.5556 },
    // 8 GPUs × $3.10/h = $24.80/h. 12,400 tok/s → 44.64 M/h → $0.5556 per M; output 6,200 tok/s → 22.32 M/h → $1.1111.
    { name: '8 × $3.10, 12,400 tok/s', gpus: 8, price: 3.1, total: 12_400, output: 6200, perHour: 24.8, perM: 0.5556, perMOut: 1.1111 },
    // 1 GPU × $1/h, 1 tok/s → 3,600 tok/h → $1 / 0.0036 M = $277.7778 per M.
    { name: 'slow endpoint', gpus: 1, price: 1, total: 1, output: 1, perHour: 1, perM: 277.7778, perMOut: 277.7778 },
    // Nothing served: GPUs still cost $5/h, but per-token cost is undefined (null, not Infinity).
    { name: 'zero throughput', gpus: 2, price: 2.5, total: 0, output: 0, perHour: 5, perM: null, perMOut: null },
    // Prompt tokens only (output 0): the per-token figure exists, the per-output-token one is null.
    { name: 'zero output', gpus: 1, price: 3.6, total: 1000, output: 0, perHour: 3.6, perM: 1, perMOut: null },
  ];
  it.each(cases)('$name', (c) => {
    expect(levelCost({ total_tokens_per_s: c.total, output_tokens_per_s: c.output }, { gpus: c.gpus, gpuHourUsd: c.price })).toEqual({
      usd_per_hour: c.perHour,
      usd_per_million_tokens: c.perM,
      usd_per_million_output_tokens: c.perMOut,
    });
  });
});
