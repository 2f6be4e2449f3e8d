/**
 * The in-process sender (SimSender, used for logic tests on virtual time) and the simulator over
 * HTTP read by the real client must agree: the same seed and the same requests, sent one after
 * another, give the same outcomes, token counts, chunks and text. Timing differs only by what the
 * network and the real clock add: over HTTP a request takes as long as the model says or longer
 * (give or take a timer's millisecond).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient, type RequestSpec } from '../../src/client/openai.js';
import { SimSender } from '../../src/load/sim-sender.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { startSim, type RunningSim, type SimOptions } from '../../src/sim/index.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

const SIM: Partial<SimOptions> = {
  profile: 'tiny',
  seed: 21,
  faults: { errorRate: 0.15, errorStatuses: [500, 429], missingUsageRate: 0.2, reasoningTokens: 2, tokensPerChunk: 2 },
};

const specs: RequestSpec[] = Array.from({ length: 24 }, (_, i) => ({
  model: i === 5 ? 'no-such-model' : 'tiny',
  messages: [{ role: 'user', content: `question ${i}: ${'why '.repeat(i % 7)}` }],
  maxTokens: 4 + (i % 9),
  extra: i % 3 === 0 ? { ignore_eos: true } : {},
  captureText: true,
}));

/** What must match between the two paths (timing aside). */
const shape = (r: RequestRecord) => ({
  outcome: r.outcome,
  status: r.status,
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  tokensEstimated: r.tokensEstimated,
  contentChunks: r.contentChunks,
  itl: r.itlMs.length,
  hasTtfc: r.ttfcMs !== undefined,
  text: r.text,
});

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ ...SIM, host: '127.0.0.1', port: 0 });
});
afterAll(async () => sim?.close());

describe('SimSender agrees with the simulator over HTTP', () => {
  for (const stream of [true, false]) {
    it(`stream: ${stream}`, async () => {
      // A fresh simulator per pass: each request's RNG follows the model's request count.
      await sim.close();
      sim = await startSim({ ...SIM, host: '127.0.0.1', port: 0 });
      const client = new OpenAIClient({ baseUrl: sim.url, endpoint: 'chat', stream, timeouts: { totalMs: 10_000 } });
      const overHttp: RequestRecord[] = [];
      try {
        for (const [i, s] of specs.entries()) overHttp.push(await client.send(s, { id: i, phase: 't', scheduledAt: 0 }));
      } finally {
        await client.close();
      }
      const clock = new VirtualClock();
      const inProcess = new SimSender({ clock, stream, sim: SIM });
      const virtual = await clock.run(async () => {
        const out: RequestRecord[] = [];
        for (const [i, s] of specs.entries()) out.push(await inProcess.send(s, { id: i, phase: 't', scheduledAt: clock.now() }));
        return out;
      });
      await inProcess.close();
      expect(virtual.map(shape)).toEqual(overHttp.map(shape));
      // the faults and the bad model did happen, so the comparison covers more than the happy path
      const outcomes = new Set(virtual.map((r) => r.outcome));
      expect(outcomes.has('ok')).toBe(true);
      expect(outcomes.has('http_4xx')).toBe(true);
      expect([...outcomes].some((o) => o === 'http_5xx' || o === 'http_429')).toBe(true);
      for (const [i, v] of virtual.entries()) {
        const h = overHttp[i]!;
        if (v.outcome !== 'ok') continue;
        // Over HTTP a request takes about as long as the model says or longer. Node's timers fire on
        // whole milliseconds of the loop's clock (and sub-half-millisecond waits run at once), so
        // a real engine step can end up to ~1 ms early: 2 ms of slack.
        expect(h.e2eMs! + 2).toBeGreaterThanOrEqual(v.e2eMs!);
        expect(h.ttftMs! + 2).toBeGreaterThanOrEqual(v.ttftMs!);
      }
    });
  }
});
