/**
 * End to end: a gate on the built-in simulator (its own process, vLLM-format /metrics) with the
 * server observer names the bottleneck with its evidence, in the result and in the log.
 */
import { afterEach, expect, test } from 'vitest';
import { startServerObserver, type ServerObserver } from '../../src/servermetrics/observer.js';
import { startSimProcess, type SimProcess } from '../helpers/sim-process.js';
import { fastConfig, gate } from '../app/fixture.js';

let sim: SimProcess | undefined;
let obs: ServerObserver | undefined;
afterEach(async () => {
  await obs?.stop();
  await sim?.close();
  sim = obs = undefined;
});

test('the tiny profile (8 batch slots, short prompts) under 20 users: batch slots, with the running plateau and the queue quoted', { timeout: 120_000 }, async () => {
  sim = await startSimProcess({ port: 0, profile: 'tiny', seed: 1 });
  obs = startServerObserver([{ url: `${sim.url}/metrics` }], { intervalMs: 100 });
  const logs: string[] = [];
  const config = fastConfig(sim.url, {
    target: { model: 'tiny' },
    // Short prompts: the KV cache (128 blocks of 16) holds all 8 sequences, so the slots bind first.
    workload: { prompt: 'x'.repeat(60), max_tokens: 24, ignore_eos: true },
    saturation: { load: 'concurrency', levels: [2, 20], level_duration: '3s' },
  });
  const r = await gate(config, { server: obs, log: (l) => logs.push(l) });

  const top = r.saturation.levels.at(-1)!;
  expect(top.server?.engine).toBe('vllm');
  expect(top.server?.requests_running?.max).toBe(8); // the profile's max_num_seqs: a ceiling the page itself does not state
  const b = r.saturation.bottleneck!;
  expect(b.resource).toBe('batch_slots');
  expect(b.level).toBe(top.summary.name);
  expect(b.evidence).toMatch(/^At level \S+ \(offered 20\) running requests held at about 8 \(mean [\d.]+\) while the KV cache was at most \d+% full, and [\d.]+ waited on average \(max \d+\): the batch limit is reached\.$/);
  expect(logs).toContain(`bottleneck: batch slots — ${b.evidence}`);
});
