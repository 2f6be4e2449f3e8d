import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, test } from 'vitest';
import { PromptBuilder } from '../../src/workload/prompt.js';
import { SyntheticWorkload, MIX_PRESETS } from '../../src/workload/synthetic.js';
import { TOKENIZER_FAMILIES, loadTokenizer, type Tokenizer } from '../../src/workload/tokenizer.js';

const tokenizers = new Map<string, Tokenizer>();
beforeAll(async () => {
  for (const f of TOKENIZER_FAMILIES) tokenizers.set(f, await loadTokenizer(f));
}, 30_000);

describe.each(TOKENIZER_FAMILIES)('prompts of exact length (%s)', (family) => {
  test('every length 1..300 and a spread up to 8k tokens, rotated or not, encodes to exactly n tokens', () => {
    const tok = tokenizers.get(family)!;
    const b = new PromptBuilder(tok);
    const lengths = [...Array.from({ length: 300 }, (_, i) => i + 1), 511, 512, 1000, 1023, 2048, 3001, 4096, 8000];
    for (const n of lengths) {
      expect(tok.encode(b.text(n)).length, `n=${n}`).toBe(n);
      for (const rot of [1, 7, 123456]) expect(tok.encode(b.text(n, rot)).length, `n=${n} rotation=${rot}`).toBe(n);
    }
  });

  test('the text is deterministic, rotations differ at the start, real words not filler', () => {
    const tok = tokenizers.get(family)!;
    const a = new PromptBuilder(tok).text(200);
    expect(new PromptBuilder(tok).text(200)).toBe(a);
    const b = new PromptBuilder(tok);
    expect(b.text(200, 5).slice(0, 20)).not.toBe(b.text(200, 6).slice(0, 20));
    expect(new Set(a.trim().split(/\s+/)).size).toBeGreaterThan(50);
  });
});

test('building a prompt per request costs well under 1 ms on average (mixed lengths, o200k)', () => {
  const tok = tokenizers.get('o200k')!;
  const w = new SyntheticWorkload({ model: 'm', seed: 1, builder: new PromptBuilder(tok), mix: { chat: { weight: 0.7, ...MIX_PRESETS.chat! }, code: { weight: 0.2, ...MIX_PRESETS.code! }, summarization: { weight: 0.1, ...MIX_PRESETS.summarization! } } });
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) w.next(i);
  const perRequestMs = (performance.now() - t0) / n;
  const t1 = performance.now();
  for (let i = n; i < 2 * n; i++) w.next(i);
  const warmMs = (performance.now() - t1) / n;
  console.log(`prompt building: ${(perRequestMs * 1000).toFixed(1)} µs/request over the first ${n} (cold cache), ${(warmMs * 1000).toFixed(1)} µs/request warm`);
  expect(perRequestMs).toBeLessThan(0.5);
  expect(warmMs).toBeLessThan(0.1);
});
