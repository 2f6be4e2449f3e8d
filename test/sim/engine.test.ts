import { describe, expect, test } from 'vitest';
import { PROFILES, estimateCapacity, resolveProfile } from '../../src/sim/index.js';
import { KvCache } from '../../src/sim/kvcache.js';
import { mulberry32 } from '../../src/sim/rng.js';
import { blockHashes, chatPromptText, countTokens } from '../../src/sim/tokens.js';

describe('tokens', () => {
  test('count is ceil(chars / 4), hashes cover full blocks and chain', () => {
    expect(countTokens('')).toBe(1);
    expect(countTokens('abcde')).toBe(2);
    const a = 'x'.repeat(64 * 3 + 10);
    expect(blockHashes(a, 16)).toHaveLength(3);
    const b = 'x'.repeat(64) + 'y' + 'x'.repeat(64 * 2 + 9);
    const ha = blockHashes(a, 16);
    const hb = blockHashes(b, 16);
    expect(hb[0]).toBe(ha[0]);
    expect(hb[1]).not.toBe(ha[1]);
    expect(hb[2]).not.toBe(ha[2]); // chained: later blocks differ even if their text is equal
  });
  test('chat rendering keeps earlier turns as an exact prefix', () => {
    const t1 = chatPromptText([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'U1' },
    ]);
    const t2 = chatPromptText([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'U1' },
      { role: 'assistant', content: [{ type: 'text', text: 'A' }] },
    ]);
    expect(t2.startsWith(t1)).toBe(true);
  });
});

describe('KvCache', () => {
  test('prefix hits, reference counting and LRU eviction of idle blocks', () => {
    const kv = new KvCache(10);
    expect(kv.admit([1, 2, 3], 4)).toBe(0);
    expect(kv.usedBlocks).toBe(4);
    expect(kv.admit([1, 2, 9], 4)).toBe(2); // shares blocks 1, 2
    expect(kv.usedBlocks).toBe(6);
    expect(kv.admit([7, 8], 5)).toBe(-1); // only 4 free
    kv.release([1, 2, 3], 4);
    kv.release([1, 2, 9], 4);
    expect(kv.usage).toBe(0);
    expect(kv.matchPrefix([1, 2, 3])).toBe(3);
    // Needs 9 blocks: evicts the oldest idle ones (1, 2, 3...) but keeps what fits.
    expect(kv.admit([5, 6], 9)).toBe(0);
    expect(kv.usedBlocks).toBe(10);
    expect(kv.matchPrefix([1])).toBe(0);
    kv.clear();
    expect(kv.usedBlocks).toBe(0);
  });
});

describe('estimateCapacity', () => {
  test('formula for the default profile lands in the demo range', () => {
    const c = estimateCapacity('llama-8b-h100', { promptTokens: 200, outputTokens: 128 });
    // 1 / (128·6/256 + 0.06·200 + 0.08·128) ms = 1 / 25.24 ms
    expect(c.rps).toBeCloseTo(1000 / 25.24, 1);
    expect(c.concurrencyAtSaturation).toBe(256);
    expect(c.outputTokensPerS).toBeCloseTo(c.rps * 128, 6);
    expect(c.totalTokensPerS).toBeCloseTo(c.rps * 328, 6);
    expect(c.rps).toBeGreaterThan(10);
    expect(c.rps).toBeLessThan(40);
  });
  test('KV-limited profile, prefix hits and replicas', () => {
    const c = estimateCapacity(PROFILES['llama-70b-2xh100-tp2']!, { promptTokens: 200, outputTokens: 128 });
    expect(c.concurrencyAtSaturation).toBe(Math.floor(820 / 21));
    const hit = estimateCapacity('llama-8b-h100', { promptTokens: 2000, outputTokens: 128, prefixHitRate: 0.9 });
    const miss = estimateCapacity('llama-8b-h100', { promptTokens: 2000, outputTokens: 128 });
    expect(hit.rps).toBeGreaterThan(miss.rps * 3);
    expect(estimateCapacity('tiny', { promptTokens: 50, outputTokens: 20 }, 4).rps).toBeCloseTo(4 * estimateCapacity('tiny', { promptTokens: 50, outputTokens: 20 }).rps, 6);
  });
  test('profile overrides are validated', () => {
    expect(resolveProfile({ base: 'tiny', maxNumSeqs: 3 }).maxNumSeqs).toBe(3);
    expect(() => resolveProfile({ base: 'tiny', maxNumSeqs: 0 })).toThrow(/maxNumSeqs must be a positive integer/);
    expect(() => resolveProfile('nope')).toThrow(/unknown profile "nope"/);
  });
});

test('mulberry32 is deterministic', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const xs = Array.from({ length: 5 }, () => a());
  expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
  expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
});
