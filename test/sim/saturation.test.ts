/**
 * Latency against offered load must look like a real engine: flat at low load, a
 * knee near estimateCapacity's rps, then queueing and 503s. Open-loop driver: arrivals
 * on a fixed schedule regardless of completions (setTimeout ticks, catching up on lag).
 */
import { expect, test } from 'vitest';
import { estimateCapacity, resolveProfile, startSim } from '../../src/sim/index.js';
import { post } from './helpers.js';

interface Outcome {
  status: number;
  latencyMs: number;
  doneAt: number;
}

async function openLoop(url: string, rps: number, durationMs: number, prompt: (i: number) => string): Promise<{ outcomes: Outcome[]; start: number }> {
  const start = performance.now();
  const pending: Promise<Outcome>[] = [];
  let sent = 0;
  const total = Math.round((rps * durationMs) / 1000);
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rps) / 1000) + 1);
      while (sent < due) {
        const t0 = performance.now();
        const i = sent++;
        pending.push(
          post(`${url}/v1/completions`, { model: 'tiny', prompt: prompt(i), max_tokens: 20, ignore_eos: true }).then(async (r) => {
            await r.arrayBuffer();
            const now = performance.now();
            return { status: r.status, latencyMs: now - t0, doneAt: now };
          }),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(1, (sent * 1000) / rps - (performance.now() - start)));
    };
    tick();
  });
  return { outcomes: await Promise.all(pending), start };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

test('latency vs offered load: flat, knee at the estimated capacity, then queueing and 503s', async () => {
  const speedup = 0.5;
  const profile = resolveProfile('tiny');
  // ~200 chars = 50 prompt tokens, unique per request so there are no prefix hits.
  const prompt = (i: number) => `${i} `.padEnd(200, 'lorem ipsum dolor sit amet ');
  const capacity = estimateCapacity(profile, { promptTokens: 50, outputTokens: 20 }).rps * speedup;
  const sim = await startSim({ profile: 'tiny', speedup, seed: 3 });
  try {
    const levels = [0.25, 0.5, 1.4, 2.5];
    const results: { load: number; p50: number; ok: number; rejected: number; goodput: number }[] = [];
    for (const load of levels) {
      const durationMs = 1500;
      const { outcomes, start } = await openLoop(sim.url, capacity * load, durationMs, prompt);
      const ok = outcomes.filter((o) => o.status === 200);
      const inWindow = ok.filter((o) => o.doneAt - start >= 300 && o.doneAt - start <= durationMs).length;
      results.push({
        load,
        p50: median(ok.map((o) => o.latencyMs)),
        ok: ok.length,
        rejected: outcomes.filter((o) => o.status === 503).length,
        goodput: inWindow / ((durationMs - 300) / 1000),
      });
    }
    const [l25, l50, l140, l250] = results as [typeof results[0], typeof results[0], typeof results[0], typeof results[0]];
    console.log(JSON.stringify({ capacity, results }));
    // Flat at low load, no errors.
    expect(l25.rejected + l50.rejected).toBe(0);
    expect(l50.p50).toBeLessThan(l25.p50 * 1.6);
    // Above the knee: throughput pinned near the estimate, latency up by queueing, 503s.
    for (const r of [l140, l250]) {
      expect(r.goodput).toBeGreaterThan(capacity * 0.75);
      expect(r.goodput).toBeLessThan(capacity * 1.2);
      expect(r.p50).toBeGreaterThan(l25.p50 * 2.5);
    }
    expect(l250.rejected / (l250.ok + l250.rejected)).toBeGreaterThan(0.3);
  } finally {
    await sim.close();
  }
});
