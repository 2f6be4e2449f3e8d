import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test, vi } from 'vitest';
import { ConfigError } from '../../src/util/errors.js';
import { expectedPrefixHitRate } from '../../src/workload/cache.js';
import {
  DEFAULT_INPUT_TOKENS,
  describeWorkload,
  fixedPromptConfig,
  parseWorkloadConfig,
  prepareWorkload,
  withSalt,
  workloadFingerprint,
  workloadFromConfig,
} from '../../src/workload/config.js';
import { loadTokenizer } from '../../src/workload/tokenizer.js';

const problems = (raw: unknown): string[] => {
  try {
    parseWorkloadConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

test('defaults: unique synthetic prompts of realistic lengths, exact under the tokenizer', async () => {
  const c = parseWorkloadConfig(undefined);
  expect(c).toEqual({ maxTokens: 128, ignoreEos: false, extraBody: {}, tokenizer: 'o200k' });
  expect(describeWorkload(c)).toBe('synthetic unique prompts, input normal(512±128 in [64,768]) tok, max_tokens 128 (o200k)');
  await prepareWorkload(c);
  const tok = await loadTokenizer('o200k');
  const w = workloadFromConfig(withSalt(c), { model: 'm', seed: 1 });
  const specs = Array.from({ length: 200 }, (_, i) => w.next(i));
  for (const s of specs.slice(0, 20)) expect(tok.encode(s.messages![0]!.content).length).toBe(s.requestedInputTokens);
  expect(new Set(specs.map((s) => s.prompt)).size).toBe(200);
  const mean = specs.reduce((a, s) => a + s.requestedInputTokens!, 0) / specs.length;
  expect(mean).toBeGreaterThan(470);
  expect(mean).toBeLessThan(555);
  expect(specs.every((s) => s.maxTokens === 128 && s.extra === undefined)).toBe(true);
  expect(DEFAULT_INPUT_TOKENS).toMatchObject({ type: 'normal', mean: 512 });
});

test('a fixed prompt only when given, sent as is, and described as including cache hits', () => {
  const c = parseWorkloadConfig({ prompt: 'Hi there', max_tokens: 8, ignore_eos: true, extra_body: { temperature: 0 } });
  expect(describeWorkload(c)).toBe('fixed prompt (cache hits included), max_tokens 8 (ignore_eos)');
  const w = workloadFromConfig(c, { model: 'm', seed: 1 });
  expect(w.next(0)).toEqual({ model: 'm', messages: [{ role: 'user', content: 'Hi there' }], prompt: 'Hi there', maxTokens: 8, extra: { temperature: 0, ignore_eos: true } });
  expect(w.next(1)).toEqual(w.next(0));
  expect(expectedPrefixHitRate(c)).toBe(1);
});

test('salt: a fixed salt replays the prompts exactly; another salt (or none) gives other prompts; the seed fixes lengths', async () => {
  const c = parseWorkloadConfig({ salt: 42 });
  expect(c.salt).toBe(42);
  expect(withSalt(c).salt).toBe(42);
  await prepareWorkload(c);
  const run = (cfg: typeof c, seed = 1, variant?: string) => {
    const w = workloadFromConfig(cfg, { model: 'm', seed, variant });
    return Array.from({ length: 50 }, (_, i) => w.next(i));
  };
  const a = run(c);
  expect(run(c)).toEqual(a);
  const other = run(parseWorkloadConfig({ salt: 43 }));
  const unsalted = run(parseWorkloadConfig({}));
  const randomSalts = [withSalt(parseWorkloadConfig({})).salt, withSalt(parseWorkloadConfig({})).salt];
  expect(randomSalts[0]).not.toBe(randomSalts[1]);
  for (const b of [other, unsalted, run(c, 1, 'ab-b')]) {
    // Same lengths and order (the seed), no prompt in common.
    expect(b.map((s) => s.requestedInputTokens)).toEqual(a.map((s) => s.requestedInputTokens));
    const seen = new Set(a.map((s) => s.prompt));
    expect(b.filter((s) => seen.has(s.prompt))).toEqual([]);
  }
  expect(run(c, 2).map((s) => s.requestedInputTokens)).not.toEqual(a.map((s) => s.requestedInputTokens));
  // The salt never changes the fingerprint (baselines compare across runs); the prompt kind does.
  expect(workloadFingerprint(c)).toBe(workloadFingerprint(parseWorkloadConfig({})));
  expect(workloadFingerprint(withSalt(parseWorkloadConfig({})))).toBe(workloadFingerprint(parseWorkloadConfig({})));
  expect(workloadFingerprint(parseWorkloadConfig({ prompt: 'x' }))).not.toBe(workloadFingerprint(parseWorkloadConfig({})));
  expect(problems({ salt: -1 })).toEqual(['workload.salt -1: must be >= 0']);
  expect(problems({ salt: 1.5 })).toEqual([expect.stringMatching(/^workload\.salt 1\.5: must be integer/)]);
});

test('shared_prefix: one system prompt of exact length on about `share` of the requests, the same within a run, not across runs', async () => {
  const c = withSalt(parseWorkloadConfig({ shared_prefix: { tokens: 1000, share: 0.8 } }));
  expect(describeWorkload(c)).toBe('synthetic unique prompts, input normal(512±128 in [64,768]) tok, max_tokens 128, shared prefix 1000 tok on 80% (o200k)');
  await prepareWorkload(c);
  const tok = await loadTokenizer('o200k');
  const w = workloadFromConfig(c, { model: 'm', seed: 3 });
  const specs = Array.from({ length: 1000 }, (_, i) => w.next(i));
  const withPrefix = specs.filter((s) => s.messages!.length === 2);
  expect(withPrefix.length).toBeGreaterThan(760);
  expect(withPrefix.length).toBeLessThan(840);
  expect(new Set(withPrefix.map((s) => s.messages![0]!.content)).size).toBe(1);
  const prefix = withPrefix[0]!.messages![0]!;
  expect(prefix.role).toBe('system');
  expect(tok.encode(prefix.content).length).toBe(1000);
  for (const s of withPrefix.slice(0, 10)) {
    expect(s.requestedInputTokens).toBe(1000 + tok.encode(s.messages![1]!.content).length);
    expect(tok.encode(s.prompt!).length).toBe(s.requestedInputTokens);
  }
  expect(new Set(specs.map((s) => s.messages!.at(-1)!.content)).size).toBe(1000);
  // Another run (salt): another prefix; same draws of who carries it.
  const w2 = workloadFromConfig({ ...c, salt: c.salt + 1 }, { model: 'm', seed: 3 });
  const specs2 = Array.from({ length: 1000 }, (_, i) => w2.next(i));
  expect(specs2.map((s) => s.messages!.length)).toEqual(specs.map((s) => s.messages!.length));
  expect(specs2.find((s) => s.messages!.length === 2)!.messages![0]!.content).not.toBe(prefix.content);
  // Expected engine hit rate: share × tokens ÷ mean input (prefix included).
  expect(expectedPrefixHitRate(c)).toBeCloseTo((0.8 * 1000) / (0.8 * 1000 + 512), 3);
  expect(workloadFingerprint(c)).not.toBe(workloadFingerprint(parseWorkloadConfig({})));
  expect(workloadFingerprint(c)).not.toBe(workloadFingerprint(parseWorkloadConfig({ shared_prefix: { tokens: 1000, share: 0.5 } })));
  expect(problems({ shared_prefix: { tokens: 10, share: 1.5 } })).toEqual(['workload.shared_prefix.share 1.5: must be <= 1']);
  expect(problems({ shared_prefix: { tokens: 10 } })).toEqual(['workload.shared_prefix: share is required']);
  expect(problems({ prompt: 'x', shared_prefix: { tokens: 10, share: 0.5 } })).toEqual([expect.stringMatching(/^workload\.shared_prefix applies to synthetic prompts/)]);
});

test('expected prefix-cache hit rates: 0 for unique prompts, the history share for sessions, unknown for a plain dataset', () => {
  expect(expectedPrefixHitRate(parseWorkloadConfig({}))).toBe(0);
  expect(expectedPrefixHitRate(parseWorkloadConfig({ mix: { chat: 1 } }))).toBe(0);
  expect(expectedPrefixHitRate(parseWorkloadConfig({ dataset: { path: 'x.json' } }))).toBeUndefined();
  expect(expectedPrefixHitRate(parseWorkloadConfig({ dataset: { path: 'x.json', salt: true } }))).toBe(0);
  // 2 turns, system 100, user 10, output 20: turn 1 reuses 100 of 110, turn 2 reuses 130 of 140.
  expect(expectedPrefixHitRate(parseWorkloadConfig({ sessions: { turns: 2, system_prompt_tokens: 100, user_tokens: 10, output_tokens: 20 } }))).toBeCloseTo(230 / 250, 3);
});

test('mix: presets by weight, custom classes, exact output by default', async () => {
  const c = parseWorkloadConfig({
    mix: { chat: 0.7, code: 0.2, mine: { weight: 0.1, input: 300, output: { type: 'uniform', min: 5, max: 9 } } },
    models: { a: 0.7, b: 0.3 },
    tokenizer: 'cl100k',
  });
  expect(c.ignoreEos).toBe(true);
  expect(c.mix!.chat!.input).toEqual({ type: 'normal', mean: 256, sd: 128, min: 16, max: 1024 });
  expect(describeWorkload(c)).toBe('mix chat 70% / code 20% / mine 10% (cl100k, exact output); models a 70% / b 30%');
  await prepareWorkload(c);
  const w = workloadFromConfig(c, { model: 'm', seed: 1 });
  const tok = await loadTokenizer('cl100k');
  for (let i = 0; i < 50; i++) {
    const s = w.next(i);
    expect(['a', 'b']).toContain(s.model);
    expect(tok.encode(s.messages![0]!.content).length).toBe(s.requestedInputTokens);
    expect(s.extra).toEqual({ ignore_eos: true, min_tokens: s.maxTokens });
  }
  const off = parseWorkloadConfig({ mix: { chat: 1 }, ignore_eos: false });
  await prepareWorkload(off);
  expect(workloadFromConfig(off, { model: 'm', seed: 1 }).next(0).extra).toBeUndefined();
});

test('sessions and dataset from a file relative to baseDir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lg-wc-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'c.json'), JSON.stringify([{ prompt_content: 'sys', cut_chat_history: [{ role: 'user', content: 'hello' }] }]));
  const d = parseWorkloadConfig({ dataset: { path: 'c.json', order: 'cycle' }, max_tokens: 12 });
  expect(d.dataset).toEqual({ path: 'c.json', format: 'auto', order: 'cycle', skipInvalid: false, salt: false });
  await prepareWorkload(d);
  expect(workloadFromConfig(d, { model: 'm', seed: 1, baseDir: dir }).next(0)).toMatchObject({
    messages: [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'hello' },
    ],
    maxTokens: 12,
  });
  expect(describeWorkload(d)).toBe('dataset c.json (cycle), max_tokens 12');
  // Replayed as is: the same record twice is the same prompt; with dataset.salt each use gets its own short prefix.
  const plain = workloadFromConfig(d, { model: 'm', seed: 1, baseDir: dir });
  expect(plain.next(1)).toEqual(plain.next(0));
  const salted = withSalt(parseWorkloadConfig({ dataset: { path: 'c.json', order: 'cycle', salt: true }, max_tokens: 12 }));
  expect(describeWorkload(salted)).toBe('dataset c.json (cycle, salted), max_tokens 12');
  const sw = workloadFromConfig(salted, { model: 'm', seed: 1, baseDir: dir });
  const [u0, u1] = [sw.next(0), sw.next(1)];
  expect(u0.messages![0]!.content).toMatch(/^( \w+){5,8}\nsys$/);
  expect(u0.messages![0]!.content).not.toBe(u1.messages![0]!.content);
  expect(u0.messages![1]).toEqual({ role: 'user', content: 'hello' });
  const tok = await loadTokenizer('o200k');
  expect(u0.requestedInputTokens).toBe(tok.encode(u0.messages![0]!.content).length + tok.encode('hello').length);
  // Exact for every tag, not just this run's random salt (a trimmed tag's first word could split in two).
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const many = workloadFromConfig(withSalt(parseWorkloadConfig({ dataset: { path: 'c.json', order: 'cycle', salt: true }, max_tokens: 12, salt: seed })), {
      model: 'm',
      seed: 1,
      baseDir: dir,
    });
    for (let i = 0; i < 50; i++) {
      const u = many.next(i);
      expect(u.requestedInputTokens, u.messages![0]!.content).toBe(tok.encode(u.messages![0]!.content).length + tok.encode('hello').length);
    }
  }

  const s = parseWorkloadConfig({ sessions: { turns: 4, user_tokens: { type: 'normal', mean: 64, sd: 16, min: 8, max: 128 } }, max_tokens: 32 });
  expect(s.sessions).toEqual({ turns: 4, systemPrompt: undefined, systemPromptTokens: 256, userTokens: { type: 'normal', mean: 64, sd: 16, min: 8, max: 128 }, outputTokens: 32 });
  expect(describeWorkload(s)).toBe('sessions of 4 turns, system 256 tok, user normal(64±16 in [8,128]) tok, output 32 tok (o200k, exact output)');
  await prepareWorkload(s);
  expect(workloadFromConfig(s, { model: 'm', seed: 1 }).next(0, 0)).toMatchObject({ captureText: true, maxTokens: 32 });
});

test('every problem at once, naming the field', () => {
  expect(
    problems({
      mix: { chat: 'lots', nope: 0.2 },
      dataset: { path: 'x.json', order: 'shuffled' },
      tokenizer: 'gpt2',
      sessions: { turns: 0, user_tokens: { type: 'uniform', min: 3 } },
      modles: {},
    }),
  ).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^unknown key workload\.modles/),
      expect.stringMatching(/^workload\.mix\.chat "lots": must be number or object/),
      'workload.dataset.order "shuffled": must be one of random, cycle',
      'workload.tokenizer "gpt2": must be one of o200k, cl100k, llama3',
      'workload.sessions.turns 0: must be >= 1',
      'workload.sessions.user_tokens: max is required',
    ]),
  );
  expect(problems({ mix: { nope: 0.2 }, dataset: { path: 'a' }, prompt: 'p' })).toEqual([
    'workload.mix.nope: not a built-in class (chat, code, summarization, rag, reasoning), so give {weight, input, output} with token-length distributions',
    'workload.mix and workload.dataset exclude each other: a mix builds synthetic prompts, a dataset replays recorded ones',
    'workload.prompt is only used without dataset, mix or sessions: remove it (or them)',
  ]);
  expect(problems({ mix: { x: { weight: 1, input: { type: 'uniform', min: 9, max: 3 }, output: 4 } } })).toEqual([
    'workload.mix.x.input: uniform needs whole numbers 1 ≤ min ≤ max, got min 9, max 3',
  ]);
  expect(problems({ models: { a: 0 } })).toEqual(['workload.models: at least one model needs a weight > 0']);
});

test('fingerprint: stable across key order, changes with the traffic', () => {
  const a = workloadFingerprint(parseWorkloadConfig({ mix: { chat: 0.7, code: 0.3 }, models: { x: 1, y: 2 } }));
  const b = workloadFingerprint(parseWorkloadConfig({ models: { y: 2, x: 1 }, mix: { code: 0.3, chat: 0.7 } }));
  expect(a).toBe(b);
  expect(workloadFingerprint(parseWorkloadConfig({ mix: { chat: 0.6, code: 0.4 }, models: { x: 1, y: 2 } }))).not.toBe(a);
  expect(workloadFingerprint(parseWorkloadConfig({ mix: { chat: 0.7, code: 0.3 }, models: { x: 1, y: 2 }, tokenizer: 'llama3' }))).not.toBe(a);
  expect(workloadFingerprint(parseWorkloadConfig({ mix: { chat: 0.7, code: 0.3 }, models: { x: 1, y: 2 }, salt: 5 }))).toBe(a);
  expect(workloadFingerprint(parseWorkloadConfig({ dataset: { path: 'a.json', salt: true } }))).not.toBe(workloadFingerprint(parseWorkloadConfig({ dataset: { path: 'a.json' } })));
});

test('a workload whose tokenizer is not loaded yet asks for prepareWorkload, naming it', async () => {
  // Fresh module instances: the tokenizer cache is per process, and other files in this worker may
  // have loaded cl100k already (the unit project does not isolate files).
  vi.resetModules();
  const fresh = await import('../../src/workload/config.js');
  const c = fresh.parseWorkloadConfig({ mix: { chat: 1 }, tokenizer: 'cl100k' });
  expect(() => fresh.workloadFromConfig(c, { model: 'm', seed: 1 })).toThrow(/cl100k tokenizer is not loaded: await prepareWorkload/);
  await fresh.prepareWorkload(c);
  expect(fresh.workloadFromConfig(c, { model: 'm', seed: 1 }).next(0).requestedInputTokens).toBeGreaterThan(0);
});

test('fixedPromptConfig (load --prompt, no schema compiled) is what parseWorkloadConfig gives for the same prompt', () => {
  expect(fixedPromptConfig('Hi there', 8)).toEqual(parseWorkloadConfig({ prompt: 'Hi there', max_tokens: 8 }));
  expect(fixedPromptConfig('Hi there')).toEqual(parseWorkloadConfig({ prompt: 'Hi there' }));
  expect(describeWorkload(fixedPromptConfig('x', 3))).toBe(describeWorkload(parseWorkloadConfig({ prompt: 'x', max_tokens: 3 })));
});
