/** Naming the first saturated resource from per-level server windows and client figures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { METRICS_ADVICE, SATURATED_RESOURCES, firstSaturatedResource, type LevelWindow } from '../../src/servermetrics/bottleneck.js';
import { stats, summary } from '../helpers/level-summary.js';
import { RESOURCE_LABELS, bottleneckLine, formatServerWindow } from '../../src/servermetrics/format.js';
import { headline } from '../../src/report/gate-markdown.js';
import type { GateResult } from '../../src/results/types.js';
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

test("batch slots: the engine's slot count full while requests wait, or running pinned on a plateau while requests wait and KV has room", () => {
  const pinned = win({ kv_cache_usage: g(0.4, 0.5), requests_running: g(255, 256), requests_waiting: g(9, 20) });
  expect(
    firstSaturatedResource([
      { level: 'a', offered: 1, window: calm },
      { level: 'b', offered: 2, window: pinned },
    ]),
  ).toMatchObject({ resource: 'batch_slots', level: 'b' });
  // A known slot count (llama.cpp /props, TGI /info, or the caller's) full with a request deferred.
  const llama = win({ engine: 'llamacpp', batch_slots: 4, requests_running: g(3.8, 4), requests_waiting: g(0.6, 2) });
  expect(firstSaturatedResource([{ level: 'x', offered: 2.5, window: llama }])).toEqual({
    resource: 'batch_slots',
    level: 'x',
    evidence:
      "At level x (offered 2.5) 4 of 4 slots were busy (the engine's slot count; running mean 3.8), with 0.6 requests waiting on average (max 2): the batch slots are the limit.",
  });
  const explicit = firstSaturatedResource([{ level: 'a', offered: 1, window: win({ requests_running: g(7.5, 8), requests_waiting: g(0.2, 1) }) }], { batchSlots: 8 })!;
  expect(explicit.resource).toBe('batch_slots');
  expect(explicit.evidence).toMatch(/8 of 8 slots were busy \(the configured batch limit; running mean 7.5\)/);
  // Slots full now and then with nothing deferred, or busy only part of the time: not (yet) the limit.
  expect(firstSaturatedResource([{ level: 'x', offered: 1, window: { ...llama, requests_waiting: g(0, 0) } }])).toBeUndefined();
  expect(firstSaturatedResource([{ level: 'x', offered: 1, window: { ...llama, requests_running: g(2.5, 4), requests_waiting: g(0.1, 1) } }])).toBeUndefined();
  // …but at the level the client saw saturate, full slots and any deferred request are enough.
  expect(firstSaturatedResource([{ level: 'x', offered: 1, saturated: true, window: { ...llama, requests_running: g(2.5, 4), requests_waiting: g(0.1, 1) } }])!.evidence).toBe(
    "At level x (offered 1) 4 of 4 slots were busy (the engine's slot count; running mean 2.5), and up to 1 requests waited (mean 0.1): the batch slots are the limit.",
  );
});

test('KV cache by preemptions even when the usage gauge looks fine (vLLM recomputes instead of filling up)', () => {
  const b = firstSaturatedResource([{ level: 'p', offered: 5, window: win({ kv_cache_usage: g(0.7, 0.82), preemptions: 3, requests_waiting: g(0, 0) }) }])!;
  expect(b).toEqual({ resource: 'kv_cache', level: 'p', evidence: 'At level p (offered 5) the KV cache reached 82% full (mean 70%) and the engine preempted 3 requests.' });
  expect(firstSaturatedResource([{ level: 'p', offered: 5, window: win({ preemptions: 0 }) }])).toBeUndefined();
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

/** The demo's shape (8B simulator profile): KV nearly empty, no queue, the decode step slowing with the batch. */
const demoLevels = (): LevelWindow[] => [
  {
    level: 'sat-1',
    offered: 4,
    summary: summary({ itl_ms: stats({ p50: 6.9, p99: 7.6 }), tpot_ms: stats({ p50: 7 }) }),
    window: win({ kv_cache_usage: g(0.005, 0.01), requests_running: g(3.1, 5), requests_waiting: g(0, 0) }),
  },
  {
    level: 'sat-2',
    offered: 32,
    summary: summary({ itl_ms: stats({ p50: 8.2, p99: 11.4 }), tpot_ms: stats({ p50: 8.4 }) }),
    window: win({ kv_cache_usage: g(0.02, 0.03), requests_running: g(26, 31), requests_waiting: g(0, 0) }),
  },
  {
    level: 'sat-3',
    offered: 64,
    saturated: true,
    summary: summary({ itl_ms: stats({ p50: 13.9, p99: 19 }), tpot_ms: stats({ p50: 14.2 }) }),
    window: win({ kv_cache_usage: g(0.03, 0.04), requests_running: g(88, 97), requests_waiting: g(0, 0) }),
  },
];

test('compute (decode step): ITL/TPOT rose with the batch while no request waited, at the level the client saw saturate', () => {
  expect(firstSaturatedResource(demoLevels())).toEqual({
    resource: 'compute',
    level: 'sat-3',
    evidence:
      'At level sat-3 (offered 64) ITL p50 6.9 → 13.9 ms (p99 7.6 → 19.0 ms) and TPOT p50 7.0 → 14.2 ms from level sat-1 while the batch grew from 3.1 to 88 running requests (max 97), and no request waited, the KV cache at most 4% full: the decode step is the limit.',
  });
  // Not before the client saw saturation: a slower decode with a bigger batch is normal.
  expect(firstSaturatedResource(demoLevels().slice(0, 2))).toBeUndefined();
  // A short, passing queue still leaves the decode step as the cause, and says so.
  const short = demoLevels();
  short[2]!.window = { ...short[2]!.window!, requests_waiting: g(0.3, 2) };
  expect(firstSaturatedResource(short)!.evidence).toMatch(
    /, and the queue stayed short \(0.3 waiting on average, max 2\), the KV cache at most 4% full: the decode step is the limit\.$/,
  );
  // A sustained queue at that level is not the decode step.
  const queued = demoLevels();
  queued[2]!.window = { ...queued[2]!.window!, requests_running: g(70, 97), requests_waiting: g(1.5, 6) };
  expect(firstSaturatedResource(queued)!.resource).toBe('queue');
  // Queue short but the batch was still growing freely: weak queue rule when the decode step did not slow.
  const waitedFlat = demoLevels();
  waitedFlat[2]! = {
    ...waitedFlat[2]!,
    summary: summary({ itl_ms: stats({ p50: 7.2, p99: 8 }), tpot_ms: stats({ p50: 7.3 }) }),
    window: { ...waitedFlat[2]!.window!, requests_waiting: g(0.3, 2) },
  };
  expect(firstSaturatedResource(waitedFlat)!.resource).toBe('queue');
  // The decode step barely moved: nothing explains the saturation, and the evidence says what would.
  const flat = demoLevels();
  flat[2]!.summary = summary({ itl_ms: stats({ p50: 7.2, p99: 8 }), tpot_ms: stats({ p50: 7.3 }) });
  const u = firstSaturatedResource(flat)!;
  expect(u.resource).toBe('unknown');
  expect(u.evidence).toMatch(
    /no server metric explains it \(KV cache max 4%, running max 97, waiting mean 0\); metrics that would decide it: GPU utilisation \(scrape a DCGM exporter/,
  );
  // Without a waiting count the queue cannot be ruled out: unknown, asking for it.
  const noWait = demoLevels().map((l) => ({ ...l, window: { ...l.window!, requests_waiting: undefined } }));
  expect(firstSaturatedResource(noWait)!.evidence).toMatch(/running and waiting requests \(vLLM num_requests_running\/num_requests_waiting/);
});

test('client: a level the generator could not drive names the load generator, unless the server was already full', () => {
  const lagging: LevelWindow = {
    level: 'sat-4',
    offered: 800,
    valid: false,
    clientLimited: true,
    reason: 'client send lag P99 412.0 ms > 100 ms: the load generator could not keep up',
    summary: summary({ offered: { kind: 'rate', value: 800 }, sent_rps: 512.4, send_lag_ms: stats({ p50: 40, p99: 412 }) }),
    window: calm,
  };
  const b = firstSaturatedResource([...demoLevels().slice(0, 2), lagging])!;
  expect(b).toEqual({
    resource: 'client',
    level: 'sat-4',
    evidence:
      'At level sat-4 (offered 800) the load generator could not keep up (client send lag P99 412.0 ms > 100 ms: the load generator could not keep up; 512.4 of 800 req/s sent), so the endpoint was not measured beyond this load: run the generator on a machine with more free CPU, or lower run.max_in_flight.',
  });
  // Without a reason the send lag is quoted; without server metrics at all the client is still named.
  const bare = firstSaturatedResource([{ ...lagging, reason: undefined, window: undefined }])!;
  expect(bare.resource).toBe('client');
  expect(bare.evidence).toMatch(/\(send lag P99 412 ms; 512.4 of 800 req\/s sent\)/);
  // The server's own full KV cache at that load is still the server's limit.
  expect(firstSaturatedResource([{ ...lagging, window: win({ kv_cache_usage: g(0.95, 0.99) }) }])!.resource).toBe('kv_cache');
  // A lower saturated level decides first.
  expect(firstSaturatedResource([...demoLevels(), lagging])!.resource).toBe('compute');
  // Invalid for another reason (not the client): skipped.
  expect(firstSaturatedResource([{ ...lagging, clientLimited: false }])).toBeUndefined();
});

test('unknown only when no metric decides, and the evidence says which metrics would', () => {
  const noServer = firstSaturatedResource([
    { level: 'a', offered: 1, summary: summary() },
    { level: 'b', offered: 2, summary: summary({ itl_ms: stats({ p50: 30 }) }), saturated: true },
  ])!;
  expect(noServer.resource).toBe('unknown');
  expect(noServer.level).toBe('b');
  expect(noServer.evidence).toBe(`At level b (offered 2) the client saw saturation but no server metrics were available to name the resource; ${METRICS_ADVICE}.`);
  // TGI exports no KV cache gauge and there is no DCGM: both are asked for.
  const tgi = firstSaturatedResource([{ level: 'b', offered: 2, saturated: true, window: win({ engine: 'tgi', requests_running: g(3, 4), requests_waiting: g(0, 0) }) }])!;
  expect(tgi.resource).toBe('unknown');
  expect(tgi.evidence).toMatch(/KV-cache usage \(vLLM kv_cache_usage_perc, SGLang token_usage\); GPU utilisation/);
  // llama.cpp whose slot count could not be read: asks for /props.
  const llama = firstSaturatedResource([{ level: 'b', offered: 2, saturated: true, window: win({ engine: 'llamacpp', requests_running: g(2, 3), requests_waiting: g(0, 0) }) }])!;
  expect(llama.evidence).toMatch(/the slot count \(llama-server's \/props or \/slots endpoint\)/);
  // Everything exported and nothing near its limit: the limit is outside the engine.
  const all = firstSaturatedResource([{ level: 'b', offered: 2, saturated: true, window: win({ ...calm, gpu_utilization: g(0.5, 0.6) }) }])!;
  expect(all.evidence).toMatch(/every mapped metric was below its threshold; the limit may lie outside the engine/);
  expect(firstSaturatedResource([{ level: 'a', offered: 1, window: calm }])).toBeUndefined();
  expect(firstSaturatedResource([])).toBeUndefined();
});

test('levels without server data are not judged by server rules; a clear finding above a data-less saturated level names it', () => {
  const b = firstSaturatedResource([
    { level: 'a', offered: 1 },
    { level: 'b', offered: 2, window: win({ samples: 0, scrape_errors: 5 }), saturated: true },
    { level: 'c', offered: 3, window: win({ requests_waiting: g(2, 4) }) },
  ]);
  expect(b).toMatchObject({ resource: 'queue', level: 'c' });
  const u = firstSaturatedResource([
    { level: 'a', offered: 1, window: calm },
    { level: 'b', offered: 2, window: win({ samples: 0, scrape_errors: 5 }), saturated: true },
  ])!;
  expect(u.resource).toBe('unknown');
  expect(u.evidence).toBe(
    "At level b (offered 2) the client saw saturation but no server metrics were scraped during the level (5 scrapes failed: see the level's server column and results.json server.last_error).",
  );
});

test('every resource name is in the published results schema', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'gate-results.schema.json'), 'utf8')) as {
    properties: { saturation: { properties: { bottleneck: { properties: { resource: { enum: string[] } } } } } };
  };
  expect(schema.properties.saturation.properties.bottleneck.properties.resource.enum).toEqual([...SATURATED_RESOURCES]);
});

test('formatServerWindow: compact row text, only what the engine exported', () => {
  expect(
    formatServerWindow(win({ kv_cache_usage: g(0.42, 0.8), prefix_cache_hit_rate: 0.634, requests_running: g(7.2, 8), requests_waiting: g(0, 0), gpu_utilization: g(0.97) })),
  ).toBe('KV 42% (max 80%) · prefix hit 63% · running 7.2 (max 8) · waiting 0 · GPU 97%');
  expect(formatServerWindow(win({ engine: 'tgi', requests_running: g(3, 4), scrape_errors: 1 }))).toBe('running 3 (max 4) · 1 scrape errors');
  expect(formatServerWindow(win({ kv_cache_usage: g(0.9, 0.97), requests_running: g(40, 44), preemptions: 6 }))).toBe('KV 90% (max 97%) · running 40 (max 44) · 6 preempted');
  expect(formatServerWindow(win({ samples: 0, scrape_errors: 3 }))).toBe('— (3 scrape errors)');
  expect(formatServerWindow(undefined)).toBe('—');
});

test('the report headline and the log line name the bottleneck in words, with its evidence', () => {
  const b = firstSaturatedResource(demoLevels())!;
  const r = {
    mode: 'capacity',
    status: 'complete',
    saturation: { load: 'rate', rps: 32, load_value: 32, bracket: [32, 64], precision: 1, levels: [], bottleneck: b },
    sla: { checks: [], pass: null },
    cost: null,
  } as unknown as GateResult;
  expect(headline(r)).toContain(`Bottleneck: **compute (decode step)**. ${b.evidence}`);
  expect(bottleneckLine(b)).toBe(`bottleneck: compute (decode step) — ${b.evidence}`);
  for (const resource of SATURATED_RESOURCES) expect(RESOURCE_LABELS[resource]).toBeTruthy();
});
