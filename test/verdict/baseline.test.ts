/**
 * Baselines: the figures and spreads measure() takes from a hand-built gate result (worked out by
 * hand below), the document toBaseline() writes, the reader's errors (each names its field), and
 * the comparability rules of fingerprints.
 */
import { describe, expect, it } from 'vitest';
import { BaselineError, comparabilityNotes, curveOf, measure, parseBaseline, toBaseline, validateBaseline, type Baseline } from '../../src/baseline/baseline.js';
import type { Fingerprint } from '../../src/results/types.js';
import { stats } from '../helpers/level-summary.js';
import { fingerprint, gateResult, level, range, rep, sampled } from './gate-result.js';

/** Operating point: 200 sent, 190 ok (5 % errors); TTFT 95 × 10 ms then 100, 200, 300, 400, 500 ms. */
const opSummary = sampled(
  { ttft_ms: [...rep(10, 95), 100, 200, 300, 400, 500], itl_ms: range(1, 100) },
  { name: 'operating-point', offered: { kind: 'rate', value: 28 }, requests: { sent: 200, errors: { http_5xx: 10 } } },
);
const sat = (value: number, saturated: boolean, o: { valid?: boolean; ttft?: number; ok?: number } = {}) =>
  level(sampled({ ttft_ms: rep(o.ttft ?? 20, 10) }, { name: `sat-${value}`, offered: { kind: 'rate', value }, requests: { sent: o.ok ?? 100 } }), {
    saturated,
    valid: o.valid ?? true,
  });

describe('measure', () => {
  it('saturation spread: the bracket width relative to the last good level', () => {
    // rps 40, bracket [40, 44]: 40 × (44 − 40) / 40 = 4 req/s.
    expect(measure(gateResult({ rps: 40, bracket: [40, 44] })).saturation_rps).toEqual({ value: 40, spread: 4 });
    // Bracket open above (never saturated): ±50 % of the value.
    expect(measure(gateResult({ rps: 40, bracket: [40, null] })).saturation_rps).toEqual({ value: 40, spread: 20 });
    // Concurrency: rps is the achieved rate (23), the bracket is in users [16, 24]: 23 × 8/16 = 11.5.
    expect(measure(gateResult({ load: 'concurrency', rps: 23, load_value: 16, bracket: [16, 24] })).saturation_rps).toEqual({ value: 23, spread: 11.5 });
    // No level held: nothing to measure.
    expect(measure(gateResult({ rps: null, load_value: null, bracket: [null, 5] })).saturation_rps).toBeNull();
  });

  it('operating-point latencies: order-statistic spread over requests, or the floor', () => {
    const r = measure(gateResult({ op: { value: 28, level: opSummary } }));
    // TTFT p99 is rank 99 of 100 → 400 ms (HDR reads a bucket's top: 400 ms to 0.26 ms).
    expect(r.ttft_p99_ms!.value).toBe(opSummary.ttft_ms.p99);
    expect(Math.abs(r.ttft_p99_ms!.value - 400)).toBeLessThanOrEqual(0.26);
    // Independent samples = 190 ok requests (not the 100 recorded TTFTs, which are fewer: n = 100).
    // half = 1.96·√(0.0099/100) = 1.95 % → ranks ⌈97.05⌉ = 98 (300 ms) and 100 (500 ms):
    // spread max(400 − 300, 500 − 400) = 100 ms, above the floor max(1, lag, 5 % × 400 = 20).
    expect(Math.abs(r.ttft_p99_ms!.spread - 100)).toBeLessThanOrEqual(0.52);
    // ITL 1..100 ms: p99 = 99 ms; order statistics give max(99 − 98, 100 − 99) = 1 ms, under the
    // floor 5 % × 99 = 4.95 ms, so the floor is the spread.
    expect(Math.abs(r.itl_p99_ms!.value - 99)).toBeLessThanOrEqual(0.07);
    expect(r.itl_p99_ms!.spread).toBeCloseTo(0.05 * r.itl_p99_ms!.value, 3);
    // Error rate 10 of 200 = 5 %, Wilson ±0.031099 (see spread.test.ts).
    expect(r.error_rate!.value).toBe(0.05);
    expect(r.error_rate!.spread).toBeCloseTo(0.0311, 4);
  });

  it('the client send lag is a floor for latency spreads', () => {
    // Constant 100 ms TTFT: no order-statistic spread; the floor max(1, 12 ms lag, 5 ms) = 12 ms.
    const s = { ...sampled({ ttft_ms: rep(100, 100) }), send_lag_ms: stats({ p50: 3, p99: 12 }) };
    const t = measure(gateResult({ op: { value: 10, level: s } })).ttft_p99_ms!;
    // (100 ms reads back as its 64 µs bucket's top, 100.031 ms.)
    expect(Math.abs(t.value - 100)).toBeLessThanOrEqual(0.064);
    expect(t.spread).toBe(12);
  });

  it('no operating point: no latencies or error rate; no ITL samples: no ITL', () => {
    const none = measure(gateResult());
    expect([none.ttft_p99_ms, none.itl_p99_ms, none.error_rate]).toEqual([null, null, null]);
    const noItl = measure(gateResult({ op: { value: 10, level: sampled({ itl_ms: [] }) } }));
    expect(noItl.itl_p99_ms).toBeNull();
    expect(noItl.ttft_p99_ms).not.toBeNull();
  });

  it('cost at saturation: Poisson spread over the last good level’s successful requests', () => {
    const cost = { gpus: 1, gpu_hour_usd: 2, at_saturation: { usd_per_hour: 2, usd_per_million_tokens: 2.5, usd_per_million_output_tokens: 5 } };
    // Last good level (valid, not saturated) has 400 ok: 2.5 × 1.96/√400 = 0.245.
    const levels = [sat(20, false, { ok: 100 }), sat(40, false, { ok: 400 }), sat(44, true), sat(50, false, { valid: false, ok: 9 })];
    expect(measure(gateResult({ levels, cost })).cost_per_million_tokens).toEqual({ value: 2.5, spread: 0.245 });
    // No cost configured, or no good level: null.
    expect(measure(gateResult({ levels })).cost_per_million_tokens).toBeNull();
    expect(measure(gateResult({ levels: [sat(44, true)], cost })).cost_per_million_tokens).toBeNull();
  });
});

describe('toBaseline', () => {
  const levels = [sat(40, false, { ttft: 30 }), sat(20, false, { ttft: 25 }), sat(44, true, { ttft: 900 }), sat(60, true, { valid: false })];
  const r = gateResult({ name: 'main', rps: 40, load_value: 40, bracket: [40, 44], levels, op: { value: 28, level: opSummary } });
  const fp = fingerprint();
  const b = toBaseline(r, fp, new Date('2025-01-02T03:04:05.000Z'));

  it('keeps the figures, the fingerprint, the operating load and the curve', () => {
    expect(b).toMatchObject({
      schema_version: 1,
      name: 'main',
      recorded_at: '2025-01-02T03:04:05.000Z',
      fingerprint: fp,
      load: 'rate',
      operating_point: { load: 'rate', value: 28 },
      saturation: { load_value: 40, bracket: [40, 44] },
    });
    expect(b.metrics).toEqual(measure(r));
    // Valid levels only, sorted by offered load, with their TTFT percentiles.
    expect(b.curve.map((p) => [p.offered, p.saturated])).toEqual([
      [20, false],
      [40, false],
      [44, true],
    ]);
    expect(b.curve[0]).toMatchObject({ offered: 20, achieved_rps: 20, ttft_p99_ms: levels[1]!.summary.ttft_ms.p99, ttft_p50_ms: levels[1]!.summary.ttft_ms.p50 });
    expect(curveOf(r)).toEqual(b.curve);
  });

  it('round-trips through JSON and the reader', () => {
    expect(parseBaseline(JSON.stringify(b), 'b.json')).toEqual(b);
  });

  it('without an operating point: operating_point null', () => {
    expect(toBaseline(gateResult(), fp).operating_point).toBeNull();
  });
});

describe('validateBaseline', () => {
  const good = (): Record<string, any> => JSON.parse(JSON.stringify(toBaseline(gateResult({ op: { value: 10, level: opSummary } }), fingerprint())));

  it('accepts a written baseline, and null metrics', () => {
    const d = good();
    d.metrics.cost_per_million_tokens = null;
    expect(validateBaseline(d, 'b.json').name).toBe('gate');
  });

  it.each([
    // Each malformation, and the field the message must name.
    { name: 'wrong schema version', bad: (d: any) => (d.schema_version = 2), field: 'schema_version 2: expected 1' },
    { name: 'no schema version', bad: (d: any) => delete d.schema_version, field: 'schema_version undefined' },
    { name: 'name not a string', bad: (d: any) => (d.name = 7), field: 'name: missing or not a string' },
    { name: 'no fingerprint', bad: (d: any) => delete d.fingerprint, field: 'fingerprint: missing' },
    { name: 'fingerprint.hardware a number', bad: (d: any) => (d.fingerprint.hardware = 1), field: 'fingerprint.hardware' },
    { name: 'fingerprint.sla_hash missing', bad: (d: any) => delete d.fingerprint.sla_hash, field: 'fingerprint.sla_hash' },
    { name: 'unknown load', bad: (d: any) => (d.load = 'users'), field: 'load "users": expected rate or concurrency' },
    { name: 'no metrics', bad: (d: any) => delete d.metrics, field: 'metrics: missing' },
    { name: 'metric value a string', bad: (d: any) => (d.metrics.ttft_p99_ms = { value: '1', spread: 0 }), field: 'metrics.ttft_p99_ms' },
    { name: 'metric without spread', bad: (d: any) => delete d.metrics.saturation_rps.spread, field: 'metrics.saturation_rps' },
    { name: 'metric missing (not null)', bad: (d: any) => delete d.metrics.error_rate, field: 'metrics.error_rate' },
    { name: 'curve not an array', bad: (d: any) => (d.curve = {}), field: 'curve: expected an array' },
    { name: 'recorded_at missing', bad: (d: any) => delete d.recorded_at, field: 'recorded_at' },
    { name: 'saturation missing', bad: (d: any) => delete d.saturation, field: 'saturation.load_value' },
    { name: 'saturation.load_value a string', bad: (d: any) => (d.saturation.load_value = '40'), field: 'saturation.load_value' },
  ])('$name → names $field', ({ bad, field }) => {
    const d = good();
    bad(d);
    expect(() => validateBaseline(d, 'baselines/main.json')).toThrow(BaselineError);
    try {
      validateBaseline(d, 'baselines/main.json');
    } catch (e) {
      expect((e as Error).message).toContain('baselines/main.json: 1 problem in the baseline');
      expect((e as Error).message).toContain(field);
    }
  });

  it('lists every problem at once', () => {
    const d = good();
    d.name = null;
    d.load = 'x';
    d.curve = 'no';
    expect(() => validateBaseline(d, 'b.json')).toThrow(/3 problems in the baseline:\n {2}- name.*\n {2}- load.*\n {2}- curve/);
  });

  it.each([null, 'text', 42])('not an object (%j)', (doc) => {
    expect(() => validateBaseline(doc, 'b.json')).toThrow(/^b\.json: not a JSON object/);
  });
});

describe('parseBaseline', () => {
  it.each(['{', '', 'not json', '{"a":1,}'])('bad JSON %j → BaselineError naming the file', (text) => {
    expect(() => parseBaseline(text, 'baselines/x.json')).toThrow(BaselineError);
    expect(() => parseBaseline(text, 'baselines/x.json')).toThrow(/^baselines\/x\.json: not valid JSON .*re-record/);
  });
  it('valid JSON but not a baseline → the validation errors', () => {
    expect(() => parseBaseline('{}', 'x.json')).toThrow(/x\.json: \d+ problems in the baseline/);
  });
});

describe('comparabilityNotes', () => {
  const base = fingerprint();
  it.each<{ name: string; run: Partial<Fingerprint>; notes: string[] }>([
    // Same fingerprint: comparable.
    { name: 'identical', run: {}, notes: [] },
    { name: 'model', run: { model: 'other' }, notes: ['model differs: baseline m, this run other'] },
    { name: 'workload', run: { workload_hash: 'w2' }, notes: ['workload differs (hash w1 vs w2)'] },
    { name: 'SLA rules', run: { sla_hash: 's2' }, notes: ['SLA rules differ (hash s1 vs s2)'] },
    { name: 'target label', run: { target_label: 'prod' }, notes: ['target label differs: baseline "staging", this run "prod"'] },
    { name: 'hardware', run: { hardware: 'a100' }, notes: ['hardware differs: baseline "h100", this run "a100"'] },
    // Patch versions compare equal (major.minor rule)…
    { name: 'patch version', run: { tool_version: '0.1.9' }, notes: [] },
    // …minor and major versions do not.
    { name: 'minor version', run: { tool_version: '0.2.0' }, notes: ['llm-loadgate version differs: baseline 0.1.0, this run 0.2.0'] },
    { name: 'major version', run: { tool_version: '1.1.0' }, notes: ['llm-loadgate version differs'] },
    // Two differences, two notes in field order.
    { name: 'model and hardware', run: { model: 'x', hardware: 'y' }, notes: ['model differs', 'hardware differs'] },
  ])('$name', ({ run, notes }) => {
    const got = comparabilityNotes(base, { ...base, ...run });
    expect(got).toHaveLength(notes.length);
    notes.forEach((n, i) => expect(got[i]).toContain(n));
  });
});

// Type-only check that the helper's baseline shape is what validateBaseline returns.
export type _B = Baseline;
