/** The observer against the real simulator under load, idle, and against sources that fail. */
import { readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { startSim, type RunningSim } from '../../src/sim/index.js';
import { firstSaturatedResource } from '../../src/servermetrics/bottleneck.js';
import { startServerObserver, type ServerObserver } from '../../src/servermetrics/observer.js';
import { closedPort, serveText, silentServer, sleep, type TestServer } from './servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function sim(replicas = 1): Promise<RunningSim> {
  const s = await startSim({ port: 0, profile: 'tiny', replicas });
  cleanups.push(() => s.close());
  return s;
}
function observe(...args: Parameters<typeof startServerObserver>): ServerObserver {
  const o = startServerObserver(...args);
  cleanups.push(() => o.stop());
  return o;
}
async function server(p: Promise<TestServer>): Promise<TestServer> {
  const s = await p;
  cleanups.push(() => s.close());
  return s;
}

/** `users` closed-loop streaming clients for `ms`, all prompts sharing a long prefix. */
async function drive(url: string, users: number, ms: number): Promise<number> {
  const prefix = 'You are a careful assistant. Answer briefly and cite the manual. '.repeat(10); // ~160 tokens, 10 shared KV blocks
  const until = performance.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let i = 0; performance.now() < until; i++) {
        const res = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'tiny', stream: true, max_tokens: 24, ignore_eos: true, messages: [{ role: 'user', content: `${prefix}Question ${u}-${i}?` }] }),
        });
        await res.text();
        if (res.ok) done++;
      }
    }),
  );
  return done;
}

test('under load the window shows running requests, KV usage and a prefix-cache hit rate; idle shows ~0', async () => {
  const s = await sim();
  const obs = observe([{ url: `${s.url}/metrics` }], { intervalMs: 100 });

  obs.beginWindow('idle');
  await sleep(350);
  const idle = (await obs.endWindow('idle'))!;
  expect(idle.engine).toBe('vllm');
  expect(idle.samples).toBeGreaterThanOrEqual(3);
  expect(idle.scrape_errors).toBe(0);
  expect(idle.requests_running).toEqual({ mean: 0, max: 0 });
  expect(idle.requests_waiting).toEqual({ mean: 0, max: 0 });
  expect(idle.kv_cache_usage).toEqual({ mean: 0, max: 0 });
  expect(idle.prefix_cache_hit_rate ?? 0).toBe(0);
  expect(idle.generation_tokens_per_s ?? 0).toBe(0);

  obs.beginWindow('load');
  const done = await drive(s.url, 12, 2000);
  const load = (await obs.endWindow('load'))!;
  expect(done).toBeGreaterThan(20);
  expect(load.engine).toBe('vllm');
  expect(load.samples).toBeGreaterThanOrEqual(10);
  expect(load.scrape_errors).toBe(0);
  expect(load.requests_running!.max).toBeGreaterThan(0);
  expect(load.requests_running!.max).toBeLessThanOrEqual(8); // the tiny profile's batch limit
  expect(load.kv_cache_usage!.max).toBeGreaterThan(0);
  expect(load.kv_cache_usage!.max).toBeLessThanOrEqual(1);
  expect(load.prefix_cache_hit_rate!).toBeGreaterThan(0.3); // 10 of ~11 full blocks are shared
  expect(load.prefix_cache_hit_rate!).toBeLessThanOrEqual(1);
  expect(load.generation_tokens_per_s!).toBeGreaterThan(0);

  // The idle window saw no traffic, so the load window's counter deltas cover all of it: the
  // hit rate must equal the simulator's own cumulative figure.
  expect(load.prefix_cache_hit_rate!).toBeCloseTo(s.stats().models[0]!.prefixHitRate, 2);
  // And the bottleneck reading of the two windows: the tiny profile's 8 batch slots fill first.
  const b = firstSaturatedResource(
    [
      { level: 'load', offered: 12, window: load },
      { level: 'idle', offered: 0, window: idle },
    ],
    { batchSlots: 8 },
  );
  expect(b).toMatchObject({ resource: 'batch_slots', level: 'load' });
  expect(await obs.endWindow('load')).toBeUndefined(); // already closed
});

test('overlapping windows each get their own summary; several sources combine (vLLM replicas + DCGM)', async () => {
  const a = await sim();
  const b = await sim();
  const dcgmText = readFileSync(new URL('./fixtures/dcgm.txt', import.meta.url), 'utf8');
  const dcgm = await server(serveText(() => dcgmText));
  const obs = observe([{ url: `${a.url}/metrics` }, { url: `${b.url}/metrics` }, { url: `${dcgm.url}/metrics` }], { intervalMs: 100 });
  obs.beginWindow('phase');
  obs.beginWindow('level-1');
  await drive(a.url, 4, 600);
  const level = (await obs.endWindow('level-1'))!;
  await drive(b.url, 4, 600);
  const phase = (await obs.endWindow('phase'))!;
  expect(level.engine).toBe('vllm+dcgm');
  expect(level.gpu_utilization).toEqual({ mean: 0.97, max: 0.97 });
  expect(phase.samples).toBeGreaterThan(level.samples);
  // Running requests add up over sources; b was only busy in the later part of 'phase'.
  expect(level.requests_running!.max).toBeGreaterThan(0);
  expect(phase.requests_running!.max).toBeGreaterThanOrEqual(level.requests_running!.max);
  expect(phase.prefix_cache_hit_rate!).toBeGreaterThan(0);
});

test('a dead URL, a silent server and an HTTP error give scrape errors, never a throw', async () => {
  const port = await closedPort();
  const silent = await silentServer();
  cleanups.push(() => silent.close());
  const broken = await server(serveText(() => 'oops', 500));
  const obs = observe([{ url: `http://127.0.0.1:${port}/metrics` }], { intervalMs: 50, timeoutMs: 150 });
  obs.beginWindow('w');
  await sleep(300);
  const w = (await obs.endWindow('w'))!;
  expect(w).toMatchObject({ engine: 'unknown', samples: 0 });
  expect(w.scrape_errors).toBeGreaterThanOrEqual(3);
  expect(w.last_error).toMatch(/ECONNREFUSED|fetch failed/);
  expect(w.kv_cache_usage).toBeUndefined();

  const obs2 = observe([{ url: silent.url }, { url: `${broken.url}/metrics` }], { intervalMs: 50, timeoutMs: 150 });
  obs2.beginWindow('w');
  await sleep(400);
  const t0 = performance.now();
  const w2 = (await obs2.endWindow('w'))!;
  expect(performance.now() - t0).toBeLessThan(3000); // bounded by the 150 ms timeout, not hung (a busy machine adds to it)
  expect(w2.samples).toBe(0);
  expect(w2.scrape_errors).toBeGreaterThanOrEqual(4);
  expect(broken.hits.length).toBeGreaterThanOrEqual(3);
  await obs2.stop();
});

test('scrapes only while a window is open, one at a time per source; stop() ends promptly', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const slow = await server(
    (async () => {
      const { serve } = await import('./servers.js');
      return serve((_req, res) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight--;
          res.end('vllm:num_requests_running{model_name="m"} 1\n');
        }, 120);
      });
    })(),
  );
  const obs = observe([{ url: slow.url }], { intervalMs: 20, timeoutMs: 1000 });
  await sleep(150);
  expect(slow.hits.length).toBe(0); // no window yet
  obs.beginWindow('w');
  await sleep(700); // ~5 scrapes of 120 ms each, one at a time
  const w = (await obs.endWindow('w'))!;
  expect(maxInFlight).toBe(1);
  expect(w.samples).toBeGreaterThanOrEqual(3);
  expect(w.requests_running).toEqual({ mean: 1, max: 1 });
  const n = slow.hits.length;
  await sleep(150);
  expect(slow.hits.length).toBe(n); // stopped with the last window
  obs.beginWindow('x');
  const t0 = performance.now();
  await obs.stop();
  expect(performance.now() - t0).toBeLessThan(900); // not the 1 s scrape timeout
  expect(await obs.endWindow('nope')).toBeUndefined();
});
