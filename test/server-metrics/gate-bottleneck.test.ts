/**
 * A gate on the built-in simulator with server metrics names the bottleneck with its evidence, in
 * the result and in the log.
 *
 * The gate runs on virtual time (SimSender: the simulator's engine model in process), its engine
 * counters read per level by test/helpers/sim-observer.ts and summarised by the production window
 * code, so the bottleneck rules see exactly what the engine did. One short real-HTTP check that the
 * simulator's /metrics page, scraped by the real observer, gives the same running-requests plateau.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, expect, test } from 'vitest';
import { runGate } from '../../src/app/gate.js';
import { workloadFor } from '../../src/app/execute.js';
import { SimSender } from '../../src/load/sim-sender.js';
import { startServerObserver, type ServerObserver } from '../../src/servermetrics/observer.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';
import { simObserver } from '../helpers/sim-observer.js';
import { fastConfig } from '../app/fixture.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the tiny profile (8 batch slots, short prompts) under 12 users: batch slots, with the running plateau and the queue quoted', async () => {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'chat', sim: { profile: 'tiny', seed: 1 } });
  const logs: string[] = [];
  const config = fastConfig('http://sim.invalid', {
    target: { model: 'tiny' },
    // Short prompts: the KV cache (128 blocks of 16) holds all 8 sequences, so the slots bind first.
    workload: { prompt: 'x'.repeat(60), max_tokens: 24, ignore_eos: true },
    saturation: { load: 'concurrency', levels: [2, 12], level_duration: '3s' },
  });
  dirs.push(config.run.out);
  // 12 users, not 20 as over HTTP: a closed loop of 20 on this engine never ends on the
  // VirtualClock (reported; not this test's subject).
  const server = simObserver(sender, clock, 100);
  try {
    const r = await clock.run(() => runGate(config, { sender, workload: workloadFor(config), signal: new AbortController().signal, log: (l) => logs.push(l), server, clock }), {
      maxVirtualMs: 600_000,
    });
    const top = r.saturation.levels.at(-1)!;
    expect(top.server?.engine).toBe('vllm');
    expect(top.server?.requests_running?.max).toBe(8); // the profile's max_num_seqs: a ceiling the page itself does not state
    expect(top.server!.requests_waiting!.mean).toBeGreaterThan(2); // 12 users, 8 slots: up to 4 wait
    const b = r.saturation.bottleneck!;
    expect(b.resource).toBe('batch_slots');
    expect(b.level).toBe(top.summary.name);
    expect(b.evidence).toMatch(
      /^At level \S+ \(offered 12\) running requests held at about 8 \(mean [\d.]+\) while the KV cache was at most \d+% full, and [\d.]+ waited on average \(max \d+\): the batch limit is reached\.$/,
    );
    expect(logs).toContain(`bottleneck: batch slots — ${b.evidence}`);
    // The lower level does not fill the slots.
    expect(r.saturation.levels[0]!.server?.requests_running?.max).toBeLessThanOrEqual(2);
  } finally {
    await server.stop();
    await sender.close();
  }
});

let sim: RunningSim | undefined;
let obs: ServerObserver | undefined;
afterEach(async () => {
  await obs?.stop();
  await sim?.close();
  sim = obs = undefined;
});

test('over HTTP: the scraped /metrics page shows the same plateau of 8 running and the queue behind it', async () => {
  sim = await startSim({ port: 0, profile: 'tiny', seed: 1 });
  obs = startServerObserver([{ url: `${sim.url}/metrics` }], { intervalMs: 50 });
  // 20 streams of 100 tokens (8 blocks of KV each, so the slots bind; ~0.4 s each) open while scraping.
  const body = JSON.stringify({ model: 'tiny', prompt: 'x'.repeat(60), max_tokens: 100, ignore_eos: true });
  const ac = new AbortController();
  const reqs = Array.from({ length: 20 }, () =>
    fetch(`${sim!.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: ac.signal })
      .then((r) => r.text())
      .catch(() => ''),
  );
  obs.beginWindow('w');
  // Until the engine has served a few scrapes' worth (bounded): the page's own counters say when.
  for (let i = 0; i < 100 && sim.stats().models[0]!.generationTokens < 400; i++) await new Promise((r) => setTimeout(r, 20));
  const w = await obs.endWindow('w');
  ac.abort();
  await Promise.all(reqs);
  expect(w?.engine).toBe('vllm');
  expect(w?.scrape_errors).toBe(0);
  expect(w?.requests_running?.max).toBe(8);
  expect(w!.requests_waiting!.max).toBeGreaterThanOrEqual(1);
});
