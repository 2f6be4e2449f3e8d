import { expect, test } from 'vitest';
import { type SimOptions, startSim } from '../../src/sim/index.js';
import { post, streamCompletion } from './helpers.js';

/** Runs a fixed sequence of requests and returns what a client observed, minus ids/timestamps. */
async function transcript(seed: number): Promise<unknown[]> {
  const opts: Partial<SimOptions> = {
    profile: 'tiny',
    speedup: 20,
    seed,
    replicas: 3,
    routing: 'random',
    faults: { errorRate: 0.3, errorStatuses: [500, 503], malformedRate: 0.3, missingDoneRate: 0.3 },
  };
  const sim = await startSim(opts);
  try {
    const out: unknown[] = [];
    for (let i = 0; i < 12; i++) {
      if (i % 2 === 0) {
        const r = await post(`${sim.url}/v1/completions`, { model: 'tiny', prompt: `request ${i}`, max_tokens: 30 });
        const b = (await r.json()) as any;
        out.push([r.status, b.choices?.[0]?.text ?? b.error?.code, b.usage?.completion_tokens]);
      } else {
        const r = await streamCompletion(`${sim.url}/v1/chat/completions`, { model: 'tiny', messages: [{ role: 'user', content: `q ${i}` }], stream: true, max_tokens: 30 });
        out.push([r.status, r.content, r.malformed, r.done]);
      }
    }
    out.push(sim.stats().models[0]!.replicas.map((r) => r.prefixQueryTokens));
    return out;
  } finally {
    await sim.close();
  }
}

test('same seed, same requests → identical responses, faults and routing; other seed differs', async () => {
  const a = await transcript(42);
  const b = await transcript(42);
  const c = await transcript(43);
  expect(b).toEqual(a);
  expect(c).not.toEqual(a);
});
