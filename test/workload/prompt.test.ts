import { beforeAll, describe, expect, test } from 'vitest';
import { PromptBuilder, uniqueTag } from '../../src/workload/prompt.js';
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

  test('unique texts: exactly n tokens for every length 1..300 and long ones, whatever the tag and rotation', () => {
    const tok = tokenizers.get(family)!;
    const b = new PromptBuilder(tok);
    expect(b.tagTokens).toBeGreaterThanOrEqual(5);
    expect(b.tagTokens).toBeLessThanOrEqual(8);
    const lengths = [...Array.from({ length: 300 }, (_, i) => i + 1), 512, 1000, 4096];
    for (const [i, n] of lengths.entries()) {
      for (const seq of [0, 1, i * 7919, 2 ** 40 + i]) {
        const t = b.uniqueText(n, uniqueTag(0xdecafbad, seq), seq);
        expect(tok.encode(t).length, `n=${n} seq=${seq}`).toBe(n);
      }
    }
  });

  test('no two requests of a run share their first 16 tokens, even at one length; another salt gives other prompts', () => {
    const tok = tokenizers.get(family)!;
    const b = new PromptBuilder(tok);
    const firstBlock = (t: string): string => tok.decode(tok.encode(t).slice(0, 16));
    const runA = Array.from({ length: 1000 }, (_, seq) => b.uniqueText(300, uniqueTag(1234, seq), 0));
    expect(new Set(runA.map(firstBlock)).size).toBe(runA.length);
    // Tags differ already in the first word for most pairs of neighbours (no shared leading tokens to cache).
    const firstWords = new Set(runA.map((t) => t.split(' ')[1]));
    expect(firstWords.size).toBeGreaterThan(50);
    const runB = Array.from({ length: 1000 }, (_, seq) => b.uniqueText(300, uniqueTag(1235, seq), 0));
    const a = new Set(runA.map(firstBlock));
    expect(runB.filter((t) => a.has(firstBlock(t))).length).toBe(0);
  });
});

test('uniqueTag is a permutation of the sequence numbers for a salt (no two requests of a run collide)', () => {
  for (const salt of [0, 1, 0xffffffff]) {
    const seen = new Set<number>();
    for (let seq = 0; seq < 50_000; seq++) {
      const t = uniqueTag(salt, seq);
      expect(Number.isSafeInteger(t) && t >= 0 && t < 2 ** 48).toBe(true);
      seen.add(t);
    }
    expect(seen.size).toBe(50_000);
  }
  expect(uniqueTag(7, 3)).toBe(uniqueTag(7, 3));
  expect(uniqueTag(7, 3)).not.toBe(uniqueTag(8, 3));
  expect(uniqueTag(7, 3, 0)).not.toBe(uniqueTag(7, 3, 1));
  expect(() => uniqueTag(7, -1)).toThrow(/seq must be a whole number/);
});

test('the default mix builds prompts of the drawn lengths, each with its own tag (its cost per request: npm run bench -- prompt)', () => {
  const tok = tokenizers.get('o200k')!;
  const w = new SyntheticWorkload({
    model: 'm',
    seed: 1,
    salt: 99,
    builder: new PromptBuilder(tok),
    mix: { chat: { weight: 0.7, ...MIX_PRESETS.chat! }, code: { weight: 0.2, ...MIX_PRESETS.code! }, summarization: { weight: 0.1, ...MIX_PRESETS.summarization! } },
  });
  const specs = Array.from({ length: 200 }, (_, i) => w.next(i));
  for (const s of specs.slice(0, 20)) expect(tok.encode(s.messages![0]!.content).length).toBe(s.requestedInputTokens);
  expect(new Set(specs.map((s) => s.messages![0]!.content)).size).toBe(specs.length);
});
