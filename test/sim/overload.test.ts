import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim } from '../../src/sim/index.js';
import type { RunningSim } from '../../src/sim/types.js';

// A streaming request turned away by a full waiting queue must get its status (503), not a
// 200 head followed by a reset: clients classify the two differently (http_5xx vs reset).
describe('simulator overload with streaming', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    // At a twentieth of the tiny profile's speed one request takes ~1.4 s, so all six surely arrive
    // while the first still runs, however busy the machine (at full speed it took ~70 ms, and a
    // loaded machine spread the six sends wider than that).
    sim = await startSim({ port: 0, profile: { base: 'tiny', maxNumSeqs: 1, maxWaiting: 1 }, speedup: 0.05, seed: 3 });
  });
  afterAll(() => sim.close());

  it('answers 503 with an OpenAI error body before any stream starts', async () => {
    const body = JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: 'hello there' }], max_tokens: 32, ignore_eos: true, stream: true });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
    );
    const statuses = responses.map((r) => r.status);
    // One running, one waiting; the rest are rejected with their status.
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(4);
    for (const r of responses) {
      const text = await r.text();
      if (r.status === 503) expect(JSON.parse(text).error.message).toMatch(/waiting queue is full/);
      else expect(text).toContain('data: [DONE]');
    }
  });
});
