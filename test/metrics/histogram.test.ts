/**
 * HDR histograms: encode/decode roundtrip, stats, and merging level summaries exactly as if all
 * records had been folded into one accumulator.
 */
import { describe, expect, it } from 'vitest';
import { LevelAccumulator, LATENCY_METRICS, histogramOf } from '../../src/metrics/aggregate.js';
import { decodeHistogram, encodeHistogram, mergeEncoded, newHistogram, recordMs, statsMs } from '../../src/metrics/histogram.js';
import { mergeSummaries } from '../../src/metrics/merge.js';
import type { Outcome, RequestRecord } from '../../src/metrics/record.js';
import { seededRandom } from '../../src/util/random.js';
import hdr from 'hdr-histogram-js';

const PCTS = [0, 10, 50, 90, 95, 99, 99.9, 100];

describe('histogram encode/decode', () => {
  it.each([
    // typical latencies, sub-ms to seconds
    { name: 'spread', values: (r: () => number) => Array.from({ length: 5000 }, () => r() ** 3 * 20_000) },
    // a single value
    { name: 'one value', values: () => [12.345] },
    // values beyond the one-hour tracking range (autoResize)
    { name: 'beyond one hour', values: () => [1, 5_000, 2 * 3_600_000, 5 * 3_600_000] },
    // zero and sub-microsecond values record as 1 µs
    { name: 'tiny', values: () => [0, 0.0001, 0.0004, 0.001] },
  ])('$name: roundtrip keeps every count and percentile', ({ values }) => {
    const h = newHistogram();
    const vs = values(seededRandom(5));
    for (const v of vs) recordMs(h, v);
    const back = decodeHistogram(encodeHistogram(h));
    expect(back.totalCount).toBe(vs.length);
    expect(statsMs(back)).toEqual(statsMs(h));
    for (const p of PCTS) expect(back.getValueAtPercentile(p)).toBe(h.getValueAtPercentile(p));
    // HDR precision: 3 significant digits against the true values.
    const sorted = vs.map((v) => Math.max(1, Math.round(v * 1000))).sort((a, b) => a - b);
    expect(Math.abs(back.maxValue - sorted.at(-1)!) / sorted.at(-1)!).toBeLessThan(0.001);
    expect(Math.abs(back.minNonZeroValue - sorted[0]!) / sorted[0]!).toBeLessThan(0.001);
  });

  it('statsMs of an empty histogram is all zeros', () => {
    expect(statsMs(newHistogram())).toEqual({ count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
  });

  it('mergeEncoded equals recording everything in one histogram', () => {
    const r = seededRandom(9);
    const all = newHistogram();
    const parts = [newHistogram(), newHistogram(), newHistogram()];
    for (let i = 0; i < 3000; i++) {
      const v = r() * 5000;
      recordMs(all, v);
      recordMs(parts[i % 3]!, v);
    }
    const merged = mergeEncoded(parts.map(encodeHistogram));
    expect(statsMs(merged)).toEqual(statsMs(all));
  });
});

/** Deterministic synthetic records: realistic ranges, a mix of outcomes, models and statuses. */
function makeRecords(n: number, seed: number, phase: string, startMs: number): RequestRecord[] {
  const r = seededRandom(seed);
  const kinds: Outcome[] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'http_5xx', 'http_429', 'timeout_idle', 'empty_completion'];
  return Array.from({ length: n }, (_, i) => {
    const outcome = kinds[Math.floor(r() * kinds.length)]!;
    const scheduledAt = startMs + i * 10;
    const sentAt = scheduledAt + r() * 3;
    const ttft = 20 + r() * 300;
    const out = 1 + Math.floor(r() * 200);
    const itl = Array.from({ length: Math.min(out - 1, 5) }, () => 5 + r() * 40);
    const e2e = ttft + itl.reduce((a, b) => a + b, 0) + (out - 1 - itl.length) * 2;
    const ok = outcome === 'ok';
    return {
      id: i,
      phase,
      scheduledAt,
      sentAt,
      endedAt: sentAt + e2e,
      outcome,
      status: outcome === 'http_5xx' ? 503 : outcome === 'http_429' ? 429 : outcome === 'timeout_idle' || ok || outcome === 'empty_completion' ? 200 : undefined,
      requestedModel: i % 4 === 0 ? 'b' : 'a',
      responseModel: i % 11 === 0 ? 'other' : i % 4 === 0 ? 'b' : 'a',
      ttftMs: ok ? ttft : undefined,
      ttfcMs: ok ? ttft + r() * 10 : undefined,
      e2eMs: ok ? e2e : undefined,
      itlMs: ok ? itl : [],
      tpotMs: ok && out > 1 ? (e2e - ttft) / (out - 1) : undefined,
      inputTokens: 100 + Math.floor(r() * 50),
      outputTokens: ok ? out : undefined,
      tokensEstimated: i % 5 === 0,
      contentChunks: ok ? out : 0,
      requestedInputTokens: 120,
      requestedOutputTokens: 128,
    };
  });
}

describe('mergeSummaries', () => {
  const limits = { ttftMs: 200, tpotMs: 25 };
  // Level b starts when level a's last request has ended (15 s of arrivals at 100 req/s, then 9 s).
  const recsA = makeRecords(1500, 1, 'a', 0);
  const recsB = makeRecords(900, 2, 'b', Math.max(...recsA.map((r) => r.endedAt)));
  const level = (name: string, recs: RequestRecord[], dropped: number) => {
    const acc = new LevelAccumulator(name, { kind: 'rate', value: 10 }, limits);
    for (const r of recs) acc.add(r);
    for (let i = 0; i < dropped; i++) acc.addDropped();
    return acc;
  };

  it('sequential merge of two levels equals one accumulator over all records', () => {
    const a = level('a', recsA, 7).summary(15);
    const b = level('b', recsB, 3).summary(9);
    const one = level('all', [...recsA, ...recsB], 10).summary(24);
    const m = mergeSummaries('all', [a, b], 'sequential');

    expect(m.duration_s).toBe(24);
    expect(m.requests).toEqual(one.requests);
    expect(m.status_codes).toEqual(one.status_codes);
    expect(m.models).toEqual(one.models);
    for (const k of ['success_rate', 'error_rate', 'sent_rps', 'input_tokens', 'output_tokens', 'tokens_estimated_requests', 'output_length'] as const) {
      expect(m[k], k).toEqual(one[k]);
    }
    // Completion-based rates are combined from each level's own completion window, so they match
    // the single accumulator's only to within the gap between the two windows (~0.5 s of 24 s).
    for (const k of ['achieved_rps', 'goodput_rps', 'output_tokens_per_s', 'total_tokens_per_s'] as const) {
      expect(Math.abs(m[k] - one[k]) / one[k], k).toBeLessThan(0.03);
    }
    // HDR merging is exact: same counts and the same percentiles, bucket for bucket.
    for (const metric of [...LATENCY_METRICS, 'request_tokens_per_s'] as const) {
      expect(m[metric], metric).toEqual(one[metric]);
      expect(histogramOf(m, metric).totalCount).toBe(one[metric].count);
    }
    // And the percentiles are within HDR precision of the raw values.
    const ttfts = [...recsA, ...recsB]
      .filter((r) => r.outcome === 'ok')
      .map((r) => r.ttftMs!)
      .sort((x, y) => x - y);
    const p99 = ttfts[Math.ceil(0.99 * ttfts.length) - 1]!;
    expect(Math.abs(m.ttft_ms.p99 - p99) / p99).toBeLessThan(0.002);
    expect(m.itl_ms.count).toBe([...recsA, ...recsB].filter((r) => r.outcome === 'ok').reduce((s, r) => s + r.itlMs.length, 0));
  });

  it('parallel merge: window is the longest, offered loads add', () => {
    // Two generators side by side over the same window.
    const a = level('a', recsA, 0).summary(15);
    const b = level('b', makeRecords(900, 2, 'b', 0), 0).summary(9);
    const m = mergeSummaries('gen', [a, b], 'parallel');
    expect(m.duration_s).toBe(15);
    expect(m.offered).toEqual({ kind: 'rate', value: 20 });
    expect(m.requests.sent).toBe(2400);
    expect(m.sent_rps).toBeCloseTo(2400 / 15, 3);
    expect(m.ttft_ms.count).toBe(a.ttft_ms.count + b.ttft_ms.count);
    // Side by side, completion rates add.
    expect(m.achieved_rps).toBeCloseTo(a.achieved_rps + b.achieved_rps, 2);
  });

  it('refuses an empty list', () => {
    expect(() => mergeSummaries('x', [], 'sequential')).toThrow();
  });
});

describe('the JS histogram imported by path (metrics/histogram.ts) and the package index', () => {
  it('build, encode and decode alike: the same bytes, counts and percentiles both ways', () => {
    const ours = newHistogram();
    const theirs = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true });
    const r = seededRandom(9);
    for (let i = 0; i < 3000; i++) {
      const ms = r() ** 4 * 60_000;
      recordMs(ours, ms);
      recordMs(theirs, ms);
    }
    recordMs(ours, 5 * 3_600_000); // beyond the range: both resize
    recordMs(theirs, 5 * 3_600_000);
    const encoded = encodeHistogram(ours);
    expect(encoded).toBe(hdr.encodeIntoCompressedBase64(theirs));
    const a = decodeHistogram(encoded);
    const b = hdr.decodeFromCompressedBase64(encoded, 32, false, 3_600_000_000);
    expect(a.totalCount).toBe(b.totalCount);
    for (const p of PCTS) expect(a.getValueAtPercentile(p)).toBe(b.getValueAtPercentile(p));
    expect(statsMs(a)).toEqual(statsMs(ours));
  });

  it('every shape the gate meets: empty, one value, zero runs, huge counts, out of range; decoded by the package too', () => {
    const shapes: Array<(h: ReturnType<typeof newHistogram>) => void> = [
      () => {},
      (h) => recordMs(h, 12.345),
      (h) => {
        for (let i = 0; i < 50; i++) recordMs(h, 2 ** (i % 30) / 1000);
      },
      (h) => h.recordValueWithCount(1234, 2 ** 40),
      (h) => recordMs(h, 20 * 3_600_000),
    ];
    for (const fill of shapes) {
      const ours = newHistogram();
      const theirs = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true });
      fill(ours);
      fill(theirs);
      const encoded = encodeHistogram(ours);
      expect(encoded).toBe(hdr.encodeIntoCompressedBase64(theirs));
      const a = decodeHistogram(hdr.encodeIntoCompressedBase64(theirs));
      const b = hdr.decodeFromCompressedBase64(encoded, 32, false, 3_600_000_000);
      expect([a.totalCount, a.maxValue, a.minNonZeroValue]).toEqual([b.totalCount, b.maxValue, b.minNonZeroValue]);
      for (const p of PCTS) expect(a.getValueAtPercentile(p)).toBe(b.getValueAtPercentile(p));
    }
  });

  it('a string that is not base64 is refused, as the package refused it', () => {
    const good = encodeHistogram(newHistogram());
    for (const bad of [`${good}!`, good.slice(1), 'not a histogram', 'AAAAAAAAAAAA', Buffer.from('{"a":1}').toString('base64')]) {
      expect(() => decodeHistogram(bad)).toThrow();
      expect(() => hdr.decodeFromCompressedBase64(bad, 32, false, 3_600_000_000)).toThrow();
    }
  });
});
