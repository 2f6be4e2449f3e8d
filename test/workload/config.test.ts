import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ConfigError } from '../../src/config/parse.js';
import { DEFAULT_PROMPT } from '../../src/config/types.js';
import { describeWorkload, parseWorkloadConfig, prepareWorkload, workloadFingerprint, workloadFromConfig } from '../../src/workload/config.js';
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

test('defaults: the fixed prompt, as before', () => {
  const c = parseWorkloadConfig(undefined);
  expect(c).toEqual({ prompt: DEFAULT_PROMPT, maxTokens: 128, ignoreEos: false, extraBody: {}, tokenizer: 'o200k' });
  expect(describeWorkload(c)).toBe('fixed prompt, max_tokens 128');
  const w = workloadFromConfig(parseWorkloadConfig({ max_tokens: 8, ignore_eos: true, extra_body: { temperature: 0 } }), { model: 'm', seed: 1 });
  expect(w.next(0)).toEqual({ model: 'm', messages: [{ role: 'user', content: DEFAULT_PROMPT }], prompt: DEFAULT_PROMPT, maxTokens: 8, extra: { temperature: 0, ignore_eos: true } });
});

test('mix: presets by weight, custom classes, exact output by default', async () => {
  const c = parseWorkloadConfig({ mix: { chat: 0.7, code: 0.2, mine: { weight: 0.1, input: 300, output: { type: 'uniform', min: 5, max: 9 } } }, models: { a: 0.7, b: 0.3 }, tokenizer: 'cl100k' });
  expect(c.ignoreEos).toBe(true);
  expect(c.mix!.chat!.input).toEqual({ type: 'normal', mean: 256, sd: 128, min: 16, max: 1024 });
  expect(describeWorkload(c)).toBe('mix chat 70% / code 20% / mine 10% (cl100k, exact output); models a 70% / b 30%');
  expect(() => workloadFromConfig(c, { model: 'm', seed: 1 })).toThrow(/await prepareWorkload/);
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
  writeFileSync(join(dir, 'c.json'), JSON.stringify([{ prompt_content: 'sys', cut_chat_history: [{ role: 'user', content: 'hello' }] }]));
  const d = parseWorkloadConfig({ dataset: { path: 'c.json', order: 'cycle' }, max_tokens: 12 });
  expect(d.dataset).toEqual({ path: 'c.json', format: 'auto', order: 'cycle', skipInvalid: false });
  await prepareWorkload(d);
  expect(workloadFromConfig(d, { model: 'm', seed: 1, baseDir: dir }).next(0)).toMatchObject({ messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'hello' }], maxTokens: 12 });
  expect(describeWorkload(d)).toBe('dataset c.json (cycle), max_tokens 12');

  const s = parseWorkloadConfig({ sessions: { turns: 4, user_tokens: { type: 'normal', mean: 64, sd: 16, min: 8, max: 128 } }, max_tokens: 32 });
  expect(s.sessions).toEqual({ turns: 4, systemPrompt: undefined, systemPromptTokens: 256, userTokens: { type: 'normal', mean: 64, sd: 16, min: 8, max: 128 }, outputTokens: 32 });
  expect(describeWorkload(s)).toBe('sessions of 4 turns, system 256 tok, user normal(64±16 in [8,128]) tok, output 32 tok (o200k, exact output)');
  await prepareWorkload(s);
  expect(workloadFromConfig(s, { model: 'm', seed: 1 }).next(0, 0)).toMatchObject({ captureText: true, maxTokens: 32 });
});

test('every problem at once, naming the field', () => {
  expect(problems({ mix: { chat: 'lots', nope: 0.2 }, dataset: { path: 'x.json', order: 'shuffled' }, tokenizer: 'gpt2', sessions: { turns: 0, user_tokens: { type: 'uniform', min: 3 } }, modles: {} })).toEqual(
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
  expect(problems({ mix: { x: { weight: 1, input: { type: 'uniform', min: 9, max: 3 }, output: 4 } } })).toEqual(['workload.mix.x.input: uniform needs whole numbers 1 ≤ min ≤ max, got min 9, max 3']);
  expect(problems({ models: { a: 0 } })).toEqual(['workload.models: at least one model needs a weight > 0']);
});

test('fingerprint: stable across key order, changes with the traffic', () => {
  const a = workloadFingerprint(parseWorkloadConfig({ mix: { chat: 0.7, code: 0.3 }, models: { x: 1, y: 2 } }));
  const b = workloadFingerprint(parseWorkloadConfig({ models: { y: 2, x: 1 }, mix: { code: 0.3, chat: 0.7 } }));
  expect(a).toBe(b);
  expect(workloadFingerprint(parseWorkloadConfig({ mix: { chat: 0.6, code: 0.4 }, models: { x: 1, y: 2 } }))).not.toBe(a);
  expect(workloadFingerprint(parseWorkloadConfig({ mix: { chat: 0.7, code: 0.3 }, models: { x: 1, y: 2 }, tokenizer: 'llama3' }))).not.toBe(a);
});
