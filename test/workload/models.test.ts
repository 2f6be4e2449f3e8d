/**
 * Multi-model traffic: a 70/30 split through a real run against the simulator serving two
 * models, every figure broken down per model; and a server that answers with another model's
 * name (a routing error) counted as mismatched for the model that was requested.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OpenAIClient } from '../../src/client/openai.js';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';
import { ModelMixWorkload } from '../../src/workload/models.js';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

let sim: RunningSim;
let srv: ScriptServer;

beforeAll(async () => {
  sim = await startSim({ port: 0, profile: 'tiny', speedup: 10, models: [{ name: 'small' }, { name: 'big' }] });
  // Answers every request for "big" as "small": a router sending traffic to the wrong pool.
  srv = await startScriptServer(({ body }) => {
    const model = (JSON.parse(body) as { model: string }).model;
    const answered = model === 'big' ? 'small' : model;
    return {
      chunks: [
        { delayMs: 0, data: chatChunk('hi', { model: answered }) },
        { delayMs: 0, data: chatChunk(' there', { model: answered }) },
        { delayMs: 0, data: usageChunk(3, 2, answered) },
      ],
    };
  });
});
afterAll(async () => {
  await sim.close();
  await srv.close();
});

test('70/30 split within ±5 % over 1,000 requests, with every figure per model', async () => {
  const client = new OpenAIClient({ baseUrl: sim.url, endpoint: 'chat', stream: true });
  const workload = new ModelMixWorkload(new FixedWorkload({ model: 'unused', prompt: 'hello there', maxTokens: 4, extra: { ignore_eos: true } }), { small: 0.7, big: 0.3 }, 11);
  const s = await runLevel('mix', { kind: 'concurrency', users: 8, thinkMs: 0, durationS: 30, maxRequests: 1000 }, { sender: client, workload });
  await client.close();
  expect(s.requests.sent).toBe(1000);
  expect(s.requests.ok).toBe(1000);
  const pm = s.per_model!;
  expect(Object.keys(pm).sort()).toEqual(['big', 'small']);
  expect(Math.abs(pm.small!.requests / 1000 - 0.7)).toBeLessThanOrEqual(0.05);
  expect(pm.small!.requests + pm.big!.requests).toBe(1000);
  for (const m of [pm.small!, pm.big!]) {
    expect(m.ok).toBe(m.requests);
    expect(m.mismatched).toBe(0);
    expect(m.error_rate).toBe(0);
    expect(m.achieved_rps).toBeGreaterThan(0);
    expect(m.output_tokens).toBe(m.ok * 4);
    expect(m.output_tokens_per_s).toBeGreaterThan(0);
    expect(m.ttft_ms.count).toBe(m.ok);
    expect(m.e2e_ms.count).toBe(m.ok);
    expect(m.tpot_ms.count).toBe(m.ok);
    expect(m.itl_ms.count).toBe(m.ok * 3);
  }
  // Per-model rates add up to the level's (each over its own completion span).
  expect(pm.small!.achieved_rps + pm.big!.achieved_rps).toBeGreaterThan(s.achieved_rps * 0.9);
  expect(pm.small!.achieved_rps + pm.big!.achieved_rps).toBeLessThan(s.achieved_rps * 1.1);
  // The older models block agrees.
  expect(s.models.small!.requests).toBe(pm.small!.requests);
}, 40_000);

test('responses naming another model are counted as mismatched, per requested model', async () => {
  const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
  const workload = new ModelMixWorkload(new FixedWorkload({ model: 'unused', prompt: 'x', maxTokens: 2 }), { small: 0.5, big: 0.5 }, 3);
  const s = await runLevel('route', { kind: 'concurrency', users: 4, thinkMs: 0, durationS: 20, maxRequests: 200 }, { sender: client, workload });
  await client.close();
  const pm = s.per_model!;
  expect(pm.big!.requests).toBeGreaterThan(50);
  expect(pm.big!.mismatched).toBe(pm.big!.requests);
  expect(pm.big!.mismatched_as).toEqual({ small: pm.big!.requests });
  expect(pm.small!.mismatched).toBe(0);
  expect(s.models.big!.mismatched).toBe(pm.big!.requests);
});

test('the model split is seeded per request and composable: other fields of the inner spec are kept', () => {
  const inner = new FixedWorkload({ model: 'x', prompt: 'p', maxTokens: 7 });
  const a = new ModelMixWorkload(inner, { a: 0.7, b: 0.3 }, 1);
  const b = new ModelMixWorkload(inner, { a: 0.7, b: 0.3 }, 1);
  const seqs = Array.from({ length: 100 }, (_, i) => i);
  expect(seqs.map((i) => a.next(i).model)).toEqual(seqs.map((i) => b.next(i).model));
  expect(a.next(5)).toMatchObject({ prompt: 'p', maxTokens: 7 });
  expect(() => new ModelMixWorkload(inner, { a: -1 }, 1)).toThrow(/weights must be numbers ≥ 0/);
  expect(() => new ModelMixWorkload(inner, { a: 0 }, 1)).toThrow(/at least one weight/);
});
