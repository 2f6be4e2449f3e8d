/**
 * Latency distributions over HDR histograms: microsecond resolution, 3 significant digits, memory
 * bounded by the value range rather than the number of samples. Histograms serialise to the
 * standard HDR compressed base64 form and merge, so several generators' results combine exactly.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { Histogram } from 'hdr-histogram-js';
// By path, not from 'hdr-histogram-js': its index also evaluates the WebAssembly variant (a base64
// wasm binary, its loader), pako and the log reader/writer, ~10 MB of RSS for code never run here.
// These are the same plain-JS classes the index builds (its wasm variant is opt-in, never used).
import { constructorFromBucketSize } from 'hdr-histogram-js/dist/JsHistogramFactory.js';
import type { JsHistogram } from 'hdr-histogram-js/dist/JsHistogram.js';

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

/*
 * The standard HDR V2 compressed form (as HdrHistogram's Java and JS libraries write and read it),
 * here over the JS histogram's public API with Node's zlib, so neither the package's encoding
 * module nor pako (which it loads, and deflates with inside a bundle) is evaluated. Byte for byte
 * what the package writes with zlib, and read back alike (test/metrics/histogram.test.ts).
 *   compressed:   int32 cookie 0x1c849314, int32 length, zlib(deflate) of the encoding
 *   encoding:     int32 cookie 0x1c849313, int32 payload length, int32 1 (normalizing offset, as
 *                 the JS package writes it), int32 significant digits, int64 lowest discernible,
 *                 int64 highest trackable, int64 1 (conversion ratio), then the payload
 *   payload:      the counts up to max's index as ZigZag LEB128 varints, a run of ≥ 2 zero counts
 *                 as one negative number (−run length)
 * Integers are big-endian; int64s are whole numbers below 2^53 here.
 */
const V2_COOKIE = 0x1c849303 | 0x10;
const V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
const HEADER_BYTES = 40;

/** ZigZag LEB128 of an integer below 2^52 in magnitude, into `out` at `at`; returns the next position. */
function putVarint(out: Uint8Array, at: number, n: number): number {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  while (v >= 0x80) {
    out[at++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[at++] = v;
  return at;
}

let scratch = new Uint8Array(0);

export function encodeHistogram(h: Histogram): string {
  const js = h as JsHistogram;
  const limit = js.countsArrayIndex(js.maxValue) + 1;
  // At most 9 bytes per count (a varint of a count < 2^53 is ≤ 8 bytes), in one buffer reused by
  // every encoding (a level's summary encodes a dozen histograms of up to ~23k counts each).
  if (scratch.length < HEADER_BYTES + 9 * limit) scratch = new Uint8Array(HEADER_BYTES + 9 * limit);
  const buf = scratch;
  let at = HEADER_BYTES;
  for (let i = 0; i < limit;) {
    const count = js.getCountAtIndex(i++);
    if (count < 0) throw new Error(`cannot encode a histogram with a negative count (${count}) at index ${i}`);
    let zeros = 0;
    if (count === 0) {
      zeros = 1;
      while (i < limit && js.getCountAtIndex(i) === 0) {
        zeros++;
        i++;
      }
    }
    at = putVarint(buf, at, zeros > 1 ? -zeros : count);
  }
  const view = new DataView(buf.buffer);
  const put64 = (off: number, v: number): void => {
    view.setUint32(off, Math.floor(v / 2 ** 32));
    view.setUint32(off + 4, v % 2 ** 32);
  };
  view.setUint32(0, V2_COOKIE);
  view.setUint32(4, at - HEADER_BYTES);
  view.setUint32(8, 1);
  view.setUint32(12, js.numberOfSignificantValueDigits);
  put64(16, js.lowestDiscernibleValue);
  put64(24, js.highestTrackableValue);
  put64(32, 1);
  const packed = deflateSync(buf.subarray(0, at));
  const out = Buffer.allocUnsafe(8 + packed.length);
  out.writeUInt32BE(V2_COMPRESSED_COOKIE >>> 0, 0);
  out.writeUInt32BE(packed.length, 4);
  packed.copy(out, 8);
  return out.toString('base64');
}

export function decodeHistogram(base64: string): Histogram {
  const text = base64.trim();
  // Buffer.from skips what is not base64 where the package's decoder threw: rejected the same way.
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('Invalid string: not a base64-encoded histogram');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < 8 || (bytes.readUInt32BE(0) & ~0xf0) !== (V2_COMPRESSED_COOKIE & ~0xf0)) throw new Error('Encoding not supported, only V2 is supported');
  const data = inflateSync(bytes.subarray(8, 8 + bytes.readUInt32BE(4)));
  if (data.length < HEADER_BYTES || (data.readUInt32BE(0) & ~0xf0) !== (V2_COOKIE & ~0xf0))
    throw new Error('The buffer does not contain a Histogram (no valid V2 encoding cookie found)');
  const get64 = (off: number): number => data.readUInt32BE(off) * 2 ** 32 + data.readUInt32BE(off + 4);
  const end = Math.min(data.length, HEADER_BYTES + data.readUInt32BE(4));
  const h = new Int32Histogram(get64(16), Math.max(get64(24), HIGHEST_US), data.readUInt32BE(12));
  let index = 0;
  for (let at = HEADER_BYTES; at < end;) {
    let v = 0;
    let scale = 1;
    let b: number;
    do {
      b = data[at++]!;
      v += (b & 0x7f) * scale;
      scale *= 0x80;
    } while (b & 0x80 && at < end);
    const n = v % 2 === 0 ? v / 2 : -(v + 1) / 2;
    if (n < 0) index -= n;
    else h.setCountAtIndex(index++, n);
  }
  h.establishInternalTackingValues(index);
  return h;
}

/** Merges encoded histograms into a new one. */
export function mergeEncoded(encoded: string[]): Histogram {
  const out = newHistogram();
  for (const e of encoded) out.add(decodeHistogram(e));
  return out;
}
