/**
 * llama.cpp: slots full + requests deferred → "batch slots", through a real loopback server that
 * serves pages recorded from llama-server (4 slots, 8 concurrent requests; see fixtures/README.md)
 * and the observer that scrapes them and asks /props (or /slots) for the slot count once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { firstSaturatedResource } from '../../src/servermetrics/bottleneck.js';
import { bottleneckLine, formatServerWindow } from '../../src/servermetrics/format.js';
import { fetchSlots, startServerObserver, type ServerObserver, type ServerWindow } from '../../src/servermetrics/observer.js';
import { serve, sleep, type TestServer } from './servers.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const IDLE = fixture('llamacpp-recorded-idle.txt');
const BUSY = fixture('llamacpp-recorded-busy.txt');
const PROPS = fixture('llamacpp-recorded-props.json');
const SLOTS = fixture('llamacpp-recorded-slots-busy.json');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Llama {
  srv: TestServer;
  /** The /metrics page served from now on. */
  page: { text: string };
  count(path: string): number;
}

/** A llama-server stand-in: /metrics from `page`, /props and /slots as given (undefined → 404). */
async function llama(opts: { props?: string; slots?: string; propsStatus?: number } = {}): Promise<Llama> {
  const page = { text: IDLE };
  const srv = await serve((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/metrics') return send(200, 'text/plain; version=0.0.4', page.text);
    if (path === '/props' && opts.props !== undefined) return send(opts.propsStatus ?? 200, 'application/json', opts.props);
    if (path === '/slots' && opts.slots !== undefined) return send(200, 'application/json', opts.slots);
    send(404, 'application/json', '{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}');
  });
  cleanups.push(() => srv.close());
  return { srv, page, count: (p) => srv.hits.filter((h) => h.split('?')[0] === p).length };
}

function observe(url: string): ServerObserver {
  const o = startServerObserver([{ url: `${url}/metrics` }], { intervalMs: 25 });
  cleanups.push(() => o.stop());
  return o;
}

/** A window over at least `scrapes` scrapes of /metrics (counted on the server, not timed). */
async function window(l: Llama, obs: ServerObserver, name: string, scrapes = 4): Promise<ServerWindow> {
  const start = l.count('/metrics');
  obs.beginWindow(name);
  for (let i = 0; i < 2000 && l.count('/metrics') < start + scrapes; i++) await sleep(10);
  return (await obs.endWindow(name))!;
}

test('recorded llama-server pages: 4 of 4 slots busy and 4 deferred name the batch slots, the slot count from /props, asked once', async () => {
  const l = await llama({ props: PROPS, slots: SLOTS });
  const obs = observe(l.srv.url);
  const calm = await window(l, obs, 'sat-1');
  l.page.text = BUSY;
  const busy = await window(l, obs, 'sat-2');

  expect(calm).toMatchObject({ engine: 'llamacpp', batch_slots: 4, requests_running: { mean: 0, max: 0 }, requests_waiting: { mean: 0, max: 0 } });
  expect(busy).toMatchObject({ engine: 'llamacpp', batch_slots: 4, requests_running: { mean: 4, max: 4 }, requests_waiting: { mean: 4, max: 4 }, scrape_errors: 0 });
  expect(l.count('/props')).toBe(1);
  expect(l.count('/slots')).toBe(0);
  expect(formatServerWindow(busy)).toBe('running 4 · 4 slots · waiting 4');

  const b = firstSaturatedResource([
    { level: 'sat-2', offered: 4, window: busy, saturated: true },
    { level: 'sat-1', offered: 2, window: calm },
  ])!;
  expect(b).toEqual({
    resource: 'batch_slots',
    level: 'sat-2',
    evidence:
      "At level sat-2 (offered 4) 4 of 4 slots were busy (the engine's slot count; running mean 4), with 4 requests waiting on average (max 4): the batch slots are the limit.",
  });
  expect(bottleneckLine(b)).toMatch(/^bottleneck: batch slots — At level sat-2/);
});

test('without /props (older builds) the slot count comes from /slots; without either, the running plateau still names the batch', async () => {
  const l = await llama({ slots: SLOTS });
  const obs = observe(l.srv.url);
  l.page.text = BUSY;
  const w = await window(l, obs, 'sat-1');
  expect(w.batch_slots).toBe(4);
  expect([l.count('/props'), l.count('/slots')]).toEqual([1, 1]);

  const none = await llama();
  const obs2 = observe(none.srv.url);
  none.page.text = BUSY;
  const w2 = await window(none, obs2, 'sat-1');
  expect(w2.batch_slots).toBeUndefined();
  expect(w2.scrape_errors).toBe(0); // a missing info endpoint is not a scrape failure
  await window(none, obs2, 'sat-2');
  expect([none.count('/props'), none.count('/slots')]).toEqual([1, 1]); // never asked again
  const b = firstSaturatedResource([{ level: 'sat-1', offered: 3, window: w2, saturated: true }])!;
  expect(b.resource).toBe('batch_slots');
  expect(b.evidence).toBe('At level sat-1 (offered 3) running requests held at about 4 (mean 4), and 4 waited on average (max 4): the batch limit is reached.');
});

test('slots full but nothing deferred is not yet the slots; an unusable /props leaves the count unknown', async () => {
  const full = BUSY.replace(/^llamacpp:requests_deferred 4$/m, 'llamacpp:requests_deferred 0');
  expect(full).not.toBe(BUSY);
  const l = await llama({ props: '<html>not json</html>' });
  const obs = observe(l.srv.url);
  l.page.text = full;
  const w = await window(l, obs, 'sat-1');
  expect(w.batch_slots).toBeUndefined();
  expect(w.requests_running).toEqual({ mean: 4, max: 4 });
  expect(firstSaturatedResource([{ level: 'sat-1', offered: 3, window: w }])).toBeUndefined();
});

test('fetchSlots: llama.cpp /props total_slots, /slots length, TGI /info max_batch_size; junk and errors give undefined', async () => {
  const srv = await serve((req, res) => {
    const body: Record<string, string> = {
      '/a/props': '{"total_slots": 8}',
      '/b/props': '{"total_slots": 0}',
      '/b/slots': '[{"id":0},{"id":1}]',
      '/c/info': '{"max_batch_size": 32, "max_concurrent_requests": 128}',
      '/d/info': '{"max_batch_size": null}',
      '/e/props': '{"total_slots": "many"}',
    };
    const b = body[req.url ?? ''];
    res.writeHead(b ? 200 : 500, { 'content-type': 'application/json' });
    res.end(b ?? 'boom');
  });
  cleanups.push(() => srv.close());
  const signal = new AbortController().signal;
  expect(await fetchSlots(`${srv.url}/a/metrics`, 'llamacpp', {}, signal)).toBe(8);
  expect(await fetchSlots(`${srv.url}/b/metrics`, 'llamacpp', {}, signal)).toBe(2);
  expect(await fetchSlots(`${srv.url}/c/metrics`, 'tgi', {}, signal)).toBe(32);
  expect(await fetchSlots(`${srv.url}/d/metrics`, 'tgi', {}, signal)).toBeUndefined();
  expect(await fetchSlots(`${srv.url}/e/metrics`, 'llamacpp', {}, signal)).toBeUndefined();
  expect(await fetchSlots('http://127.0.0.1:1/metrics', 'llamacpp', {}, signal)).toBeUndefined();
});

test('llama.cpp prompt cache: cached ÷ (cached + processed) prompt tokens over a window, from recorded pages around one repeated prompt', async () => {
  const l = await llama({ props: PROPS });
  const obs = observe(l.srv.url);
  l.page.text = fixture('llamacpp-recorded-cache-before.txt');
  const start = l.count('/metrics');
  obs.beginWindow('level');
  for (let i = 0; i < 2000 && l.count('/metrics') < start + 2; i++) await sleep(10);
  l.page.text = fixture('llamacpp-recorded-cache-after.txt');
  const switched = l.count('/metrics');
  for (let i = 0; i < 2000 && l.count('/metrics') < switched + 2; i++) await sleep(10);
  const w = await obs.endWindow('level');
  // 1,091 prompt tokens processed for the first copy, 1,091 served from the cache for the second.
  expect(w!.prefix_cache_hit_rate).toBe(0.5);
});
