// The chaos timeline and its figures as pure functions of hand-built records and seconds.
import { describe, expect, it } from 'vitest';
import { ChaosTimeline, LogHistogram, chaosFigures, type ChaosSecond } from '../../src/metrics/chaos-timeline.js';
import type { RequestRecord } from '../../src/metrics/record.js';

const rec = (over: Partial<RequestRecord>): RequestRecord => ({
  id: 0,
  phase: 'chaos',
  scheduledAt: 0,
  sentAt: 0,
  endedAt: 0,
  outcome: 'ok',
  requestedModel: 'm',
  itlMs: [],
  tokensEstimated: false,
  contentChunks: 0,
  ...over,
});
const second = (t: number, ok: number, over: Partial<ChaosSecond> = {}): ChaosSecond => ({
  t,
  sent: ok,
  ok,
  errors: {},
  cut: 0,
  ttft_p50_ms: 40,
  ttft_p99_ms: 50,
  itl_p50_ms: 10,
  itl_p99_ms: 12,
  ...over,
});
const tol = { throughput: 0.1, ttftP99: 0.5, errorRate: 0.01 };

describe('LogHistogram', () => {
  it('percentiles within 2 % of the exact ones, empty is null', () => {
    const h = new LogHistogram();
    expect(h.percentile(50)).toBeNull();
    for (let v = 1; v <= 1000; v++) h.add(v);
    expect(h.percentile(50)! / 500).toBeCloseTo(1, 1);
    expect(Math.abs(h.percentile(99)! / 990 - 1)).toBeLessThan(0.02);
    expect(Math.abs(h.percentile(100)! / 1000 - 1)).toBeLessThan(0.02);
  });
});

describe('ChaosTimeline', () => {
  it('counts a request where each thing happened: sent, first token, later tokens, end', () => {
    const t = new ChaosTimeline(1000);
    t.add(rec({ sentAt: 1500, ttftMs: 800, itlMs: [300, 300], endedAt: 3100, outcome: 'ok' }));
    t.add(rec({ sentAt: 1200, endedAt: 1300, outcome: 'reset_after_first_byte' }));
    t.add(rec({ sentAt: 1200, endedAt: 1300, outcome: 'cancelled' }));
    const s = t.seconds();
    expect(s.map((x) => x.sent)).toEqual([3, 0, 0]);
    expect(s.map((x) => x.ok)).toEqual([0, 0, 1]);
    expect(s[0]!.errors).toEqual({ reset_after_first_byte: 1 });
    expect(s[0]!.cut).toBe(1);
    // first token at 2300 (second 1), tokens at 2600 (second 1) and 2900 (second 1)
    expect(s[1]!.ttft_p50_ms).toBeCloseTo(800, -1);
    expect(s[1]!.itl_p50_ms).toBeCloseTo(300, -1);
    expect(s[2]!.ttft_p50_ms).toBeNull();
  });
});

describe('chaosFigures', () => {
  const noisyPre = Array.from({ length: 10 }, (_, i) => second(i, i % 2 ? 105 : 95));
  const figures = (after: ChaosSecond[], over: Partial<Parameters<typeof chaosFigures>[0]> = {}) =>
    chaosFigures({
      seconds: [...noisyPre, ...after.map((s, i) => ({ ...s, t: 10 + i }))],
      injectedMs: 10_000,
      heldS: 10 + after.length,
      fillS: 1,
      tolerance: tol,
      recoverySeconds: 3,
      ...over,
    });

  it('a dip inside the pre-fault noise is not a detection', () => {
    const f = figures([second(0, 90), second(0, 100), second(0, 100), second(0, 100)])!;
    expect(f.detected).toBe(false);
    expect(f.recovered).toBe(true);
    expect(f.recovery_s).toBe(0);
  });

  it('a dip beyond it is: detection at the end of that second, recovery at the first of 3 good seconds', () => {
    const f = figures([second(0, 100), second(0, 40), second(0, 70), second(0, 100), second(0, 98), second(0, 101), second(0, 99)])!;
    expect(f.pre_fault.throughput_rps).toBeCloseTo(100.6, 1); // seconds 1..9
    expect(f.detected_by).toEqual(['throughput']);
    expect(f.detect_s).toBe(2);
    expect(f.recovery_s).toBe(3);
    expect(f.throughput_dip).toBeCloseTo(40 / 100.556, 2);
  });

  it('errors and latency depart on their own; a second without any first token is not recovered', () => {
    const f = figures([
      second(0, 100, { errors: { http_5xx: 3 } }),
      second(0, 100, { ttft_p99_ms: 400 }),
      second(0, 100, { ttft_p99_ms: null }),
      second(0, 100),
      second(0, 100),
      second(0, 100),
    ])!;
    expect(f.detected_by).toEqual(['errors']);
    expect(f.error_burst).toEqual({ count: 3, kinds: { http_5xx: 3 } });
    expect(f.recovery_s).toBe(3);
  });

  it('never back within tolerance: not recovered, the burst runs to the end of the held load', () => {
    const f = figures([second(0, 50, { errors: { http_5xx: 50 }, cut: 0 }), second(0, 50, { errors: { reset_after_first_byte: 2 }, cut: 2 }), second(0, 80)])!;
    expect(f.recovered).toBe(false);
    expect(f.recovery_s).toBeNull();
    expect(f.error_burst.count).toBe(52);
    expect(f.lost_requests).toBe(2);
  });

  it('only settled seconds count while the phase runs, and nothing before the injection is no reference', () => {
    const after = [second(0, 40), second(0, 100), second(0, 100), second(0, 100)];
    expect(figures(after, { settledS: 12 })!.recovered).toBe(false);
    expect(figures(after)!.recovered).toBe(true);
    expect(chaosFigures({ seconds: [], injectedMs: 0, heldS: 0, fillS: 1, tolerance: tol, recoverySeconds: 3 })).toBeNull();
  });
});
