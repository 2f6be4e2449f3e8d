import { expect, test } from 'vitest';
import { LevelAccumulator } from '../../src/metrics/aggregate.js';
import { mergeSummaries } from '../../src/metrics/merge.js';
import type { RequestRecord } from '../../src/metrics/record.js';

function rec(id: number, model: string, endedAt: number, o: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id,
    phase: 'p',
    scheduledAt: endedAt - 100,
    sentAt: endedAt - 100,
    endedAt,
    outcome: 'ok',
    requestedModel: model,
    responseModel: model,
    ttftMs: 10 + id,
    e2eMs: 100,
    itlMs: [5, 6],
    tpotMs: 30,
    tokensEstimated: false,
    contentChunks: 3,
    inputTokens: 50,
    outputTokens: 4,
    requestedInputTokens: 48,
    ...o,
  };
}

test('per_model is accumulated per requested model and merges exactly', () => {
  const a = new LevelAccumulator('a', { kind: 'rate', value: 1 });
  const b = new LevelAccumulator('b', { kind: 'rate', value: 1 });
  const all = new LevelAccumulator('all', { kind: 'rate', value: 1 });
  for (let i = 0; i < 40; i++) {
    const r = rec(i, i % 4 === 0 ? 'y' : 'x', 1000 + i * 10, i === 3 ? { outcome: 'http_5xx', ttftMs: undefined } : i % 8 === 0 ? { responseModel: 'z' } : {});
    (i < 20 ? a : b).add(r);
    all.add(r);
  }
  const sa = a.summary(0.5);
  expect(sa.per_model!.x!.requests).toBe(15);
  expect(sa.per_model!.x!.ok).toBe(14);
  expect(sa.per_model!.x!.error_rate).toBeCloseTo(1 / 15, 5);
  expect(sa.per_model!.y!.mismatched).toBe(3);
  expect(sa.per_model!.y!.mismatched_as).toEqual({ z: 3 });
  expect(sa.input_length).toEqual({ requested_mean: 48, actual_mean: 50 });
  const m = mergeSummaries('m', [sa, b.summary(0.5)], 'parallel');
  const whole = all.summary(0.5);
  for (const k of ['x', 'y']) {
    const got = m.per_model![k]!;
    const want = whole.per_model![k]!;
    expect({ ...got, achieved_rps: 0, output_tokens_per_s: 0, histograms: {} }).toEqual({ ...want, achieved_rps: 0, output_tokens_per_s: 0, histograms: {} });
  }
  expect(m.input_length).toEqual({ requested_mean: 48, actual_mean: 50 });
});
