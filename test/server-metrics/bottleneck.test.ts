/** Naming the first saturated resource from per-level server windows. */
import { expect, test } from 'vitest';
import { firstSaturatedResource, type LevelWindow } from '../../src/servermetrics/bottleneck.js';
import { formatServerWindow } from '../../src/servermetrics/format.js';
import type { ServerWindow } from '../../src/servermetrics/observer.js';

const g = (mean: number, max = mean) => ({ mean, max });
const win = (w: Partial<ServerWindow>): ServerWindow => ({ engine: 'vllm', samples: 10, scrape_errors: 0, ...w });
const calm = win({ kv_cache_usage: g(0.2, 0.3), requests_running: g(3, 5), requests_waiting: g(0, 0) });

test('KV cache first: the lowest offered level where usage crosses 0.9, evidence in one sentence', () => {
  const levels: LevelWindow[] = [
    { level: 'sat-3', offered: 16, window: win({ kv_cache_usage: g(0.97, 1), requests_waiting: g(12, 30), requests_running: g(40, 44) }) },
    { level: 'sat-1', offered: 4, window: calm },
    { level: 'sat-2', offered: 8, window: win({ kv_cache_usage: g(0.85, 0.93), requests_running: g(20, 26), requests_waiting: g(0.4, 3) }) },
  ];
  const b = firstSaturatedResource(levels)!;
  expect(b).toMatchObject({ resource: 'kv_cache', level: 'sat-2' });
  expect(b.evidence).toBe('At level sat-2 (offered 8) the KV cache reached 93% full (mean 85%), with 0.4 requests waiting on average (max 3).');
  expect(b.evidence.split('. ').length).toBe(1);
});

test('batch slots: explicit limit, or running pinned on a plateau while requests wait and KV has room', () => {
  const pinned = win({ kv_cache_usage: g(0.4, 0.5), requests_running: g(255, 256), requests_waiting: g(9, 20) });
  expect(firstSaturatedResource([{ level: 'a', offered: 1, window: calm }, { level: 'b', offered: 2, window: pinned }])).toMatchObject({ resource: 'batch_slots', level: 'b' });
  const explicit = firstSaturatedResource([{ level: 'a', offered: 1, window: win({ requests_running: g(7, 8), requests_waiting: g(0.2, 1) }) }], { batchSlots: 8 })!;
  expect(explicit.resource).toBe('batch_slots');
  expect(explicit.evidence).toMatch(/all 8 batch slots were in use/);
});

test('GPU compute when utilisation is sustained above 0.95 and memory is not the limit', () => {
  const hot = win({ kv_cache_usage: g(0.5, 0.6), requests_running: g(10, 16), requests_waiting: g(0.5, 2), gpu_utilization: g(0.98, 1) });
  const b = firstSaturatedResource([{ level: 'x', offered: 2, window: hot }])!;
  expect(b.resource).toBe('gpu_compute');
  expect(b.evidence).toMatch(/GPU utilisation averaged 98%/);
  // KV full at the same level is the more specific cause.
  expect(firstSaturatedResource([{ level: 'x', offered: 2, window: { ...hot, kv_cache_usage: g(0.9, 0.95) } }])!.resource).toBe('kv_cache');
  // A custom threshold can hold GPU back.
  expect(firstSaturatedResource([{ level: 'x', offered: 2, window: hot }], { gpuUtilization: 0.99 })).toBeUndefined();
});

test('queue when requests wait with nothing else to blame (TGI: no KV metric, fluctuating batch)', () => {
  const tgi = win({ engine: 'tgi', requests_running: g(12, 32), requests_waiting: g(4, 11) });
  const b = firstSaturatedResource([{ level: 'q', offered: 3, window: tgi }])!;
  expect(b.resource).toBe('queue');
  expect(b.evidence).toMatch(/^At level q \(offered 3\) 4 requests waited on average \(max 11\)/);
});

test('unknown when the client saw saturation but the server crossed nothing; undefined when nothing at all', () => {
  const b = firstSaturatedResource([
    { level: 'a', offered: 1, window: calm },
    { level: 'b', offered: 2, window: calm, saturated: true },
    { level: 'c', offered: 3, window: win({ kv_cache_usage: g(0.95, 1) }) },
  ])!;
  expect(b).toMatchObject({ resource: 'unknown', level: 'b' });
  expect(b.evidence).toMatch(/no server metric crossed its threshold \(KV cache max 30%, running max 5, waiting mean 0\)/);
  expect(firstSaturatedResource([{ level: 'a', offered: 1, window: calm }])).toBeUndefined();
  expect(firstSaturatedResource([])).toBeUndefined();
});

test('levels without server data are skipped, not judged', () => {
  const b = firstSaturatedResource([
    { level: 'a', offered: 1 },
    { level: 'b', offered: 2, window: win({ samples: 0, scrape_errors: 5 }), saturated: true },
    { level: 'c', offered: 3, window: win({ requests_waiting: g(2, 4) }) },
  ]);
  expect(b).toMatchObject({ resource: 'queue', level: 'c' });
});

test('formatServerWindow: compact row text, only what the engine exported', () => {
  expect(formatServerWindow(win({ kv_cache_usage: g(0.42, 0.8), prefix_cache_hit_rate: 0.634, requests_running: g(7.2, 8), requests_waiting: g(0, 0), gpu_utilization: g(0.97) }))).toBe(
    'KV 42% (max 80%) · prefix hit 63% · running 7.2 (max 8) · waiting 0 · GPU 97%',
  );
  expect(formatServerWindow(win({ engine: 'tgi', requests_running: g(3, 4), scrape_errors: 1 }))).toBe('running 3 (max 4) · 1 scrape errors');
  expect(formatServerWindow(win({ samples: 0, scrape_errors: 3 }))).toBe('— (3 scrape errors)');
  expect(formatServerWindow(undefined)).toBe('—');
});
