/**
 * Latency distributions over HDR histograms: microsecond resolution, 3 significant digits, memory
 * bounded by the value range rather than the number of samples. Histograms serialise to the
 * standard HDR compressed base64 form and merge, so several generators' results combine exactly.
 */
import type { Histogram } from 'hdr-histogram-js';
// By path, not from 'hdr-histogram-js': its index also evaluates the WebAssembly variant (a base64
// wasm binary, its loader) and the log reader/writer, ~10 MB of RSS for code never run here. These
// are the same plain-JS classes and V2 encoding the index re-exports (the wasm variant is opt-in
// there and never used), so every figure and every encoded histogram is the same.
import { constructorFromBucketSize } from 'hdr-histogram-js/dist/JsHistogramFactory.js';
import type { JsHistogram } from 'hdr-histogram-js/dist/JsHistogram.js';
// Also adds encodeIntoCompressedBase64 to the JS histograms (what the index's encoder calls).
import { decompress, doDecode } from 'hdr-histogram-js/dist/JsHistogram.encoding.js';

/** One hour in microseconds: the largest latency we track without resizing. */
const HIGHEST_US = 3_600_000_000;

export interface Stats {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** 32-bit counts, as hdr.build's default bitBucketSize. */
const Int32Histogram = constructorFromBucketSize(32);

export function newHistogram(): Histogram {
  const h = new Int32Histogram(1, HIGHEST_US, 3);
  h.autoResize = true;
  return h;
}

/** Records a duration given in milliseconds (stored as whole microseconds, at least 1). */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(Math.max(1, Math.round(ms * 1000)));
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Summary in milliseconds; all zeros when nothing was recorded. Min and max are read from the
 * buckets like the percentiles (not from the exact extremes, which encoding does not keep), so
 * p99 never exceeds max and a decoded or merged histogram gives the very same figures.
 */
export function statsMs(h: Histogram): Stats {
  if (h.totalCount === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  const at = (p: number): number => round3(h.getValueAtPercentile(p) / 1000);
  return {
    count: h.totalCount,
    min: at(0),
    mean: round3(h.mean / 1000),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: at(100),
  };
}

export function encodeHistogram(h: Histogram): string {
  return (h as JsHistogram).encodeIntoCompressedBase64();
}

export function decodeHistogram(base64: string): Histogram {
  const text = base64.trim();
  // Buffer.from skips what is not base64 where the package's decoder threw: rejected the same way.
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('Invalid string: not a base64-encoded histogram');
  // A copy: a pooled Buffer's bytes may start at an offset the decoder does not expect.
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return doDecode(decompress(bytes), 32, HIGHEST_US);
}

/** Merges encoded histograms into a new one. */
export function mergeEncoded(encoded: string[]): Histogram {
  const out = newHistogram();
  for (const e of encoded) out.add(decodeHistogram(e));
  return out;
}
