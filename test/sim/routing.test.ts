/**
 * Multi-turn conversations (shared system prompt, history growing each turn) on 4
 * replicas: KV-aware routing keeps a conversation on the replica holding its prefix,
 * so the prefix-cache hit rate is much higher and TTFT lower than with round-robin.
 */
import { expect, test } from 'vitest';
import { type Routing, type SimOptions, startSim } from '../../src/sim/index.js';
import { post, streamCompletion } from './helpers.js';

const SYSTEM = 'You are a helpful assistant for the load gate. '.repeat(8); // ~100 tokens
const profile: SimOptions['profile'] = { base: 'tiny', prefillMsPerToken: 1, kvBlocks: 1024, maxModelLen: 4096, maxBatchedTokens: 2048 };

async function runConversations(routing: Routing): Promise<{ hitRate: number; ttftMs: number; perReplica: number[] }> {
  const sim = await startSim({ profile, replicas: 4, routing, speedup: 5, seed: 11 });
  try {
    const ttfts: number[] = [];
    const conversation = async (c: number) => {
      const messages: { role: string; content: string }[] = [{ role: 'system', content: SYSTEM }];
      for (let turn = 0; turn < 6; turn++) {
        messages.push({ role: 'user', content: `conversation ${c} turn ${turn}: `.padEnd(300, 'please explain the results. ') });
        const r = await streamCompletion(`${sim.url}/v1/chat/completions`, { model: 'tiny', messages, stream: true, max_tokens: 20, ignore_eos: true });
        expect(r.done).toBe(true);
        if (turn > 0) ttfts.push(r.ttftMs!);
        messages.push({ role: 'assistant', content: r.content });
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, c) => conversation(c)));
    const m = sim.stats().models[0]!;
    const sorted = ttfts.sort((a, b) => a - b);
    return { hitRate: m.prefixHitRate, ttftMs: sorted[Math.floor(sorted.length / 2)]!, perReplica: m.replicas.map((r) => r.prefixQueryTokens) };
  } finally {
    await sim.close();
  }
}

test('KV-aware routing beats round-robin on prefix hits and TTFT for multi-turn chat', async () => {
  const rr = await runConversations('round-robin');
  const kv = await runConversations('kv-aware');
  console.log(JSON.stringify({ rr, kv }));
  expect(kv.hitRate).toBeGreaterThan(0.6);
  expect(kv.hitRate).toBeGreaterThan(rr.hitRate + 0.2);
  expect(kv.ttftMs).toBeLessThan(rr.ttftMs * 0.8);
  // Load penalty keeps work spread: every replica served a share.
  expect(Math.min(...kv.perReplica)).toBeGreaterThan(0);
});

test('least-loaded and random spread requests across replicas', async () => {
  for (const routing of ['least-loaded', 'random'] as const) {
    const sim = await startSim({ profile: 'tiny', replicas: 3, routing, speedup: 5, seed: 5 });
    try {
      await Promise.all(Array.from({ length: 24 }, (_, i) => post(`${sim.url}/v1/completions`, { model: 'tiny', prompt: `r${i}`, max_tokens: 5, ignore_eos: true }).then((r) => r.text())));
      const per = sim.stats().models[0]!.replicas.map((r) => r.prefixQueryTokens);
      expect(per.every((n) => n > 0)).toBe(true);
    } finally {
      await sim.close();
    }
  }
});
