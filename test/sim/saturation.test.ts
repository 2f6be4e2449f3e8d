/**
 * Latency against offered load must look like a real engine: flat at low load, a knee near
 * estimateCapacity's rps, then queueing and 503s. Open-loop driver on virtual time (SimSender +
 * VirtualClock): arrivals on an exact schedule regardless of completions, so the bounds can be
 * tight and the figures are the model's own, not the machine's. (The HTTP front of the same
 * model is checked against this path in test/sim/in-process.test.ts.)
 */
import { expect, test } from 'vitest';
import { SimSender } from '../../src/load/sim-sender.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { estimateCapacity, resolveProfile } from '../../src/sim/index.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

async function openLoop(
  clock: VirtualClock,
  sender: SimSender,
  rps: number,
  durationMs: number,
  prompt: (i: number) => string,
): Promise<{ records: RequestRecord[]; start: number }> {
  const start = clock.now();
  const total = Math.round((rps * durationMs) / 1000);
  const pending: Promise<RequestRecord>[] = [];
  for (let i = 0; i < total; i++) {
    await clock.sleepUntil(start + (i * 1000) / rps);
    pending.push(sender.send({ model: 'tiny', prompt: prompt(i), maxTokens: 20, extra: { ignore_eos: true } }, { id: i, phase: 'load', scheduledAt: clock.now() }));
  }
  return { records: await Promise.all(pending), start };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

test('latency vs offered load: flat, knee at the estimated capacity, then queueing and 503s', async () => {
  const profile = resolveProfile('tiny');
  // ~200 chars = 50 prompt tokens, unique per request so there are no prefix hits.
  const prompt = (i: number) => `${i} `.padEnd(200, 'lorem ipsum dolor sit amet ');
  const capacity = estimateCapacity(profile, { promptTokens: 50, outputTokens: 20 }).rps;
  const levels = [0.25, 0.5, 1.4, 2.5];
  const results: { load: number; p50: number; ok: number; rejected: number; goodput: number }[] = [];
  for (const load of levels) {
    // A fresh engine per level, so one level's queue does not spill into the next.
    const clock = new VirtualClock();
    const sender = new SimSender({ clock, endpoint: 'completions', stream: false, sim: { profile: 'tiny', seed: 3 } });
    try {
      const durationMs = 3000;
      const { records, start } = await clock.run(() => openLoop(clock, sender, capacity * load, durationMs, prompt));
      const ok = records.filter((r) => r.outcome === 'ok');
      const inWindow = ok.filter((r) => r.endedAt - start >= 500 && r.endedAt - start <= durationMs).length;
      // Every request ended in exactly one outcome: ok, or the 503 of a full queue.
      expect(records.every((r) => r.outcome === 'ok' || (r.outcome === 'http_5xx' && r.status === 503))).toBe(true);
      results.push({
        load,
        p50: median(ok.map((r) => r.e2eMs!)),
        ok: ok.length,
        rejected: records.filter((r) => r.status === 503).length,
        goodput: inWindow / ((durationMs - 500) / 1000),
      });
    } finally {
      await sender.close();
    }
  }
  const [l25, l50, l140, l250] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0], (typeof results)[0]];
  // Flat at low load, no errors.
  expect(l25.rejected + l50.rejected).toBe(0);
  expect(l50.p50).toBeLessThan(l25.p50 * 1.6);
  // Above the knee: throughput pinned at the estimate, latency up by queueing, 503s.
  for (const r of [l140, l250]) {
    expect(r.goodput, JSON.stringify({ capacity, results })).toBeGreaterThan(capacity * 0.9);
    expect(r.goodput, JSON.stringify({ capacity, results })).toBeLessThan(capacity * 1.1);
    expect(r.p50).toBeGreaterThan(l25.p50 * 2.5);
  }
  expect(l250.rejected / (l250.ok + l250.rejected)).toBeGreaterThan(0.3);
});
