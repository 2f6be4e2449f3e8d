/** KV-cache pressure, prefix caching with LRU eviction, slot release on disconnect, idle cost. */
import { afterEach, expect, test } from 'vitest';
import { type RunningSim, type SimOptions, startSim } from '../../src/sim/index.js';
import { post, sleep, streamCompletion } from './helpers.js';

let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
async function start(o: Partial<SimOptions>): Promise<RunningSim> {
  sim = await startSim({ speedup: 1, ...o });
  return sim;
}
const metric = async (s: RunningSim, name: string) => Number(new RegExp(`^${name}\\{model_name="tiny"\\} (\\S+)`, 'm').exec(await (await fetch(`${s.url}/metrics`)).text())![1]);

test('requests wait when KV blocks are short even with free slots', async () => {
  // 64 prompt chars = 16 tokens, + 48 output = 4 blocks per request; 20 blocks → 5 fit.
  // Speedup 0.2: a request holds its blocks for ~1 s, so none ends before all ten have arrived
  // even on a busy machine; we wait for the engine to hold them (bounded), not a fixed time.
  const s = await start({ speedup: 0.2, profile: { base: 'tiny', maxNumSeqs: 16, kvBlocks: 20, maxWaiting: 32 } });
  const all = Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      post(`${s.url}/v1/completions`, { model: 'tiny', prompt: `${i}`.padEnd(64, '.'), max_tokens: 48, ignore_eos: true }).then((r) => r.status),
    ),
  );
  const replica = () => s.stats().models[0]!.replicas[0]!;
  // Until all ten are in the engine and a step after the last arrival has admitted what fits
  // (bounded): a step taken while the tenth was still on its way admits fewer than five, and on a
  // busy machine the test could look in between (4 running, 6 waiting).
  for (let i = 0; i < 250 && !(replica().running + replica().waiting === 10 && replica().running >= 5); i++) await sleep(10);
  expect(s.stats().models[0]!.requests).toBe(10);
  const r = s.stats().models[0]!.replicas[0]!;
  expect(r.running).toBe(5);
  expect(r.waiting).toBe(5);
  expect(r.kvUsage).toBe(1);
  expect(await metric(s, 'vllm:kv_cache_usage_perc')).toBe(1);
  expect(await metric(s, 'vllm:num_requests_waiting')).toBe(5);
  expect(await all).toEqual(new Array(10).fill(200));
});

test('prefix cache: repeated prompt skips prefill (lower TTFT); LRU evicts idle blocks under pressure', async () => {
  const s = await start({ profile: { base: 'tiny', prefillMsPerToken: 1, kvBlocks: 20 } });
  const a = 'A'.repeat(640); // 160 tokens = 10 full blocks
  const body = (prompt: string) => ({ model: 'tiny', prompt, max_tokens: 2, ignore_eos: true, stream: true });
  const first = await streamCompletion(`${s.url}/v1/completions`, body(a));
  const second = await streamCompletion(`${s.url}/v1/completions`, body(a));
  expect(second.ttftMs!).toBeLessThan(first.ttftMs! / 3);
  expect(await metric(s, 'vllm:prefix_cache_hits_total')).toBe(159); // all but the last token
  expect(await metric(s, 'vllm:prefix_cache_queries_total')).toBe(320);
  // A different 18-block request needs the space: A's idle blocks get evicted.
  await streamCompletion(`${s.url}/v1/completions`, { ...body('B'.repeat(256)), max_tokens: 224 });
  await streamCompletion(`${s.url}/v1/completions`, body(a));
  expect(await metric(s, 'vllm:prefix_cache_hits_total')).toBe(159);
});

test('client disconnect frees the slot; idle replicas stop stepping', async () => {
  const s = await start({ profile: { base: 'tiny', maxNumSeqs: 1 } });
  const ctl = new AbortController();
  const res = await fetch(`${s.url}/v1/completions`, {
    method: 'POST',
    body: JSON.stringify({ model: 'tiny', prompt: 'x', max_tokens: 500, ignore_eos: true, stream: true }),
    signal: ctl.signal,
  });
  await res.body!.getReader().read();
  ctl.abort();
  await sleep(30);
  expect(s.stats().models[0]!.replicas[0]!.running).toBe(0);
  const t0 = performance.now();
  expect((await post(`${s.url}/v1/completions`, { model: 'tiny', prompt: 'y', max_tokens: 3, ignore_eos: true })).status).toBe(200);
  expect(performance.now() - t0).toBeLessThan(200);
  const steps = s.stats().models[0]!.replicas[0]!.steps;
  await sleep(50);
  expect(s.stats().models[0]!.replicas[0]!.steps).toBe(steps);
  expect(s.stats().models[0]!.failed).toBe(1);
});
