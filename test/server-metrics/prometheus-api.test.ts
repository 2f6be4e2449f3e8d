/** kind 'prometheus': instant queries against a tiny fake of the Prometheus HTTP API. */
import { afterEach, expect, test } from 'vitest';
import { DEFAULT_PROMETHEUS_QUERIES, startServerObserver } from '../../src/servermetrics/observer.js';
import { serve, sleep, type TestServer } from './servers.js';

let fake: TestServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const vector = (...values: (number | string)[]) => ({
  status: 'success',
  data: { resultType: 'vector', result: values.map((v, i) => ({ metric: { instance: `10.0.0.${i}:8000` }, value: [Date.now() / 1000, String(v)] })) },
});

/** A fake Prometheus whose counters grow by a fixed step per query; `answers` overrides by query. */
async function fakePrometheus(answers: Record<string, (n: number) => unknown> = {}): Promise<TestServer> {
  const calls = new Map<string, number>();
  return serve((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/api/v1/query') {
      res.writeHead(404).end('not found');
      return;
    }
    const q = u.searchParams.get('query') ?? '';
    const n = (calls.get(q) ?? 0) + 1;
    calls.set(q, n);
    const D = DEFAULT_PROMETHEUS_QUERIES;
    const builtIn: Record<string, unknown> = {
      [D.kv_cache_usage!]: vector(0.4 + 0.1 * (n % 2)),
      [D.requests_running!]: vector(6),
      [D.requests_waiting!]: vector(1, 2), // two series: summed
      [D.prefix_cache_queries_total!]: vector(1000 * n),
      [D.prefix_cache_hits_total!]: vector(250 * n),
      [D.gpu_utilization!]: { status: 'success', data: { resultType: 'vector', result: [] } }, // no DCGM in this Prometheus
      [D.prompt_tokens_total!]: vector(1000 * n),
      [D.generation_tokens_total!]: vector('NaN'),
      [D.preemptions_total!]: vector(7), // a counter that did not move
    };
    const body = answers[q]?.(n) ?? builtIn[q] ?? { status: 'error', errorType: 'bad_data', error: `unknown query ${q}` };
    res.writeHead((body as { status: string }).status === 'success' ? 200 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
}

test('default vLLM queries: gauges, counter deltas → hit rate, empty results leave fields out', async () => {
  fake = await fakePrometheus();
  const obs = startServerObserver([{ url: fake.url, kind: 'prometheus' }], { intervalMs: 50 });
  obs.beginWindow('level');
  await sleep(300);
  const w = (await obs.endWindow('level'))!;
  await obs.stop();
  expect(w.engine).toBe('prometheus');
  expect(w.scrape_errors).toBe(0);
  expect(w.samples).toBeGreaterThanOrEqual(3);
  expect(w.requests_running).toEqual({ mean: 6, max: 6 });
  expect(w.requests_waiting).toEqual({ mean: 3, max: 3 });
  expect(w.kv_cache_usage!.max).toBeCloseTo(0.5, 6);
  expect(w.kv_cache_usage!.mean).toBeGreaterThan(0.4);
  expect(w.prefix_cache_hit_rate).toBe(0.25);
  expect(w.gpu_utilization).toBeUndefined();
  expect(w.generation_tokens_per_s).toBeUndefined(); // NaN throughout
  expect(w.prompt_tokens_per_s!).toBeGreaterThan(0);
  expect(w.preemptions).toBe(0);
  const queried = new Set(fake.hits.map((h) => new URL(h, 'http://x').searchParams.get('query')));
  expect(queried).toEqual(new Set(Object.values(DEFAULT_PROMETHEUS_QUERIES)));
});

test('custom PromQL per field (including a scalar result), a dropped field, and failing queries counted', async () => {
  const kvQuery = 'max(sglang:token_usage{job="sglang"})';
  const gpuQuery = 'scalar(avg(DCGM_FI_DEV_GPU_UTIL)) / 100';
  fake = await fakePrometheus({
    [kvQuery]: () => vector(0.93),
    [gpuQuery]: () => ({ status: 'success', data: { resultType: 'scalar', result: [Date.now() / 1000, '0.96'] } }),
    'sum(sglang:num_queue_reqs)': () => ({ status: 'error', errorType: 'execution', error: 'query timed out' }),
  });
  const obs = startServerObserver(
    [
      {
        url: `${fake.url}/`,
        kind: 'prometheus',
        query: { kv_cache_usage: kvQuery, gpu_utilization: gpuQuery, requests_waiting: 'sum(sglang:num_queue_reqs)', prefix_cache_hits_total: '', prefix_cache_queries_total: '' },
      },
    ],
    { intervalMs: 50, headers: { authorization: 'Bearer t' } },
  );
  obs.beginWindow('w');
  await sleep(200);
  const w = (await obs.endWindow('w'))!;
  await obs.stop();
  expect(w.kv_cache_usage).toEqual({ mean: 0.93, max: 0.93 });
  expect(w.gpu_utilization).toEqual({ mean: 0.96, max: 0.96 });
  expect(w.requests_waiting).toBeUndefined();
  expect(w.prefix_cache_hit_rate).toBeUndefined();
  expect(w.samples).toBeGreaterThanOrEqual(2); // the other fields still came back
  expect(w.scrape_errors).toBe(w.samples); // every scrape had the failing query
  expect(w.last_error).toMatch(/execution: query timed out/);
  const queried = new Set(fake.hits.map((h) => new URL(h, 'http://x').searchParams.get('query')));
  expect(queried.has(DEFAULT_PROMETHEUS_QUERIES.prefix_cache_hits_total!)).toBe(false);
});

test('a Prometheus URL that is not the API gives errors, not fields', async () => {
  fake = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Grafana</html>'));
  const obs = startServerObserver([{ url: fake.url, kind: 'prometheus' }], { intervalMs: 50 });
  obs.beginWindow('w');
  await sleep(120);
  const w = (await obs.endWindow('w'))!;
  await obs.stop();
  expect(w.samples).toBe(0);
  expect(w.scrape_errors).toBeGreaterThan(0);
  expect(w.last_error).toMatch(/not JSON/);
});
