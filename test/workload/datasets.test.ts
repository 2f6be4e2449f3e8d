import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { DatasetError, DatasetWorkload, loadDataset, parseDataset } from '../../src/workload/datasets.js';

const errorOf = (f: () => unknown): DatasetError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected a DatasetError');
};

const CONVERSATIONS = JSON.stringify([
  { prompt_content: 'You are helpful.', cut_chat_history: [{ role: 'user', content: 'What is Python?' }], isAssistantMessage: false },
  {
    prompt_content: 'You are a tutor.',
    turnXp: 3,
    cut_chat_history: [
      { role: 'user', content: 'How do I loop?' },
      { role: 'system', content: 'hidden note' },
      { role: 'assistant', content: 'Use for.' },
      { role: 'user', content: 'And range?' },
    ],
  },
]);

describe('conversation format', () => {
  test('prompt_content becomes the system message, system turns are skipped, unknown fields ignored', () => {
    const d = parseDataset(CONVERSATIONS, { source: 'c.json' });
    expect(d.format).toBe('conversations');
    expect(d.items).toHaveLength(2);
    expect(d.items[1]!.messages).toEqual([
      { role: 'system', content: 'You are a tutor.' },
      { role: 'user', content: 'How do I loop?' },
      { role: 'assistant', content: 'Use for.' },
      { role: 'user', content: 'And range?' },
    ]);
  });

  test('wrong field types and empty conversations are reported together, naming file, record and field', () => {
    const bad = JSON.stringify([
      { prompt_content: 7, cut_chat_history: [{ role: 'user', content: 'ok' }] },
      { prompt_content: 'x', cut_chat_history: [] },
      {
        prompt_content: 'x',
        cut_chat_history: [
          { role: 'robot', content: 'hi' },
          { role: 'user', content: 42 },
        ],
      },
      { prompt_content: 'x' },
      'not an object',
    ]);
    const e = errorOf(() => parseDataset(bad, { source: 'bad.json' }));
    expect(e.message).toMatch(/^bad\.json: 6 problems/);
    expect(e.problems).toEqual([
      'record 0: prompt_content must be a string, got a number (7)',
      'record 1: cut_chat_history is an empty conversation (no user turn); every record needs at least one user message to send',
      'record 2: cut_chat_history[0].role must be "user", "assistant" or "system", got "robot"',
      'record 2: cut_chat_history[1].content must be a string, got a number (42)',
      expect.stringMatching(/^record 3: cut_chat_history is missing; expected \{"prompt_content"/),
      expect.stringMatching(/^record 4: is a string \("not an object"\); each record must be an object/),
    ]);
    expect(e.stack).toBeDefined(); // a normal Error for the caller; the message itself carries no stack
    expect(e.message).not.toMatch(/at .*\.ts:\d+/);
  });

  test('at most 10 problems are listed, with the total', () => {
    const bad = JSON.stringify(Array.from({ length: 25 }, () => ({ prompt_content: 'x', cut_chat_history: 'no' })));
    const e = errorOf(() => parseDataset(bad, { source: 'many.json' }));
    expect(e.problems).toHaveLength(10);
    expect(e.total).toBe(25);
    expect(e.message).toContain('… and 15 more');
  });

  test('bad JSON names the line and column', () => {
    const e = errorOf(() => parseDataset('[\n  {"prompt_content": "x",\n   "cut_chat_history": [}\n]', { source: 'broken.json' }));
    expect(e.problems[0]).toMatch(/^not valid JSON: Unexpected token '}' at line 3, column 25 /);
  });

  test('skipInvalid keeps the good records', () => {
    const mixed = JSON.stringify([
      { prompt_content: 'x', cut_chat_history: [] },
      { prompt_content: '', cut_chat_history: [{ role: 'user', content: 'hi' }] },
    ]);
    const d = parseDataset(mixed, { skipInvalid: true });
    expect(d.items).toEqual([{ messages: [{ role: 'user', content: 'hi' }] }]);
    expect(d.skipped).toBe(1);
  });
});

describe('ShareGPT format', () => {
  test('messages up to the last human turn; roles mapped', () => {
    const text = JSON.stringify([
      {
        id: 'a',
        conversations: [
          { from: 'system', value: 'sys' },
          { from: 'human', value: 'q1' },
          { from: 'gpt', value: 'a1' },
          { from: 'human', value: 'q2' },
          { from: 'gpt', value: 'a2' },
        ],
      },
    ]);
    const d = parseDataset(text);
    expect(d.format).toBe('sharegpt');
    expect(d.items[0]!.messages.map((m) => `${m.role}:${m.content}`)).toEqual(['system:sys', 'user:q1', 'assistant:a1', 'user:q2']);
  });

  test('empty conversations, bad speakers and values are errors', () => {
    const text = JSON.stringify([
      { conversations: [] },
      {
        conversations: [
          { from: 'alien', value: 'x' },
          { from: 'human', value: null },
        ],
      },
      { conversations: [{ from: 'gpt', value: 'only me' }] },
    ]);
    const e = errorOf(() => parseDataset(text, { source: 'sg.json', format: 'sharegpt' }));
    expect(e.problems).toEqual([
      'record 0: conversations is an empty conversation (no user turn); every record needs at least one user message to send',
      'record 1: conversations[0].from must be "human", "gpt" or "system", got "alien"',
      'record 1: conversations[1].value must be a string, got null',
      'record 2: conversations is an empty conversation (no user turn); every record needs at least one user message to send',
    ]);
  });
});

describe('JSONL format', () => {
  test('messages and prompt lines, blank lines skipped, per-record max_tokens', () => {
    const text = ['{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]}', '', '{"prompt": "hello", "max_tokens": 32}'].join('\n');
    const d = parseDataset(text, { format: 'jsonl' });
    expect(d.items).toEqual([
      {
        messages: [
          { role: 'system', content: 's' },
          { role: 'user', content: 'u' },
        ],
        maxTokens: undefined,
      },
      { messages: [{ role: 'user', content: 'hello' }], maxTokens: 32 },
    ]);
  });

  test('errors carry line numbers; auto-detected from several object lines', () => {
    const text = ['{"prompt": "ok"}', '{"prompt": 3}', '{not json', '', '{"messages": [{"role": "user"}]}', '{"other": 1}', '[1]'].join('\n');
    const e = errorOf(() => parseDataset(text, { source: 'r.jsonl' }));
    expect(e.problems[0]).toBe('line 2: prompt must be a non-empty string, got a number (3)');
    expect(e.problems[1]).toMatch(/^line 3: not valid JSON \(.*\); each line must be one JSON object/);
    expect(e.problems[2]).toBe('line 5: messages[0].content must be a string, got undefined (undefined)');
    expect(e.problems[3]).toBe('line 6: needs "messages" (an array of {"role", "content"}) or "prompt" (a string)');
    expect(e.problems[4]).toMatch(/^line 7: is an array/);
  });

  test('files: .jsonl extension selects JSONL; a missing file is a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-ds-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'one.jsonl'), '{"prompt": "just one"}\n');
    expect(loadDataset('one.jsonl', { baseDir: dir }).items).toHaveLength(1);
    const e = errorOf(() => loadDataset('nope.json', { baseDir: dir }));
    expect(e.message).toMatch(/^nope\.json: 1 problem in the dataset:\n {2}- cannot read the file \(ENOENT: no such file at .*nope\.json\)/);
    expect(errorOf(() => parseDataset('   ', { source: 'e.json' })).problems[0]).toMatch(/the file is empty/);
    expect(errorOf(() => parseDataset('{"a": 1}', { source: 'o.json', format: 'conversations' })).problems[0]).toMatch(/top level is an object: expected a JSON array/);
  });
});

describe('DatasetWorkload', () => {
  const d = parseDataset(JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ prompt_content: 's', cut_chat_history: [{ role: 'user', content: `q${i}` }] }))));
  test('cycle walks the records in order, wrapping', () => {
    const w = new DatasetWorkload({ dataset: d, model: 'm', order: 'cycle', seed: 1, maxTokens: 16 });
    expect(Array.from({ length: 7 }, (_, i) => w.next(i).messages!.at(-1)!.content)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q0', 'q1']);
  });
  test('random is seeded, covers all records, and differs by seed', () => {
    const pick = (seed: number): string[] => {
      const w = new DatasetWorkload({ dataset: d, model: 'm', order: 'random', seed, maxTokens: 16 });
      return Array.from({ length: 200 }, (_, i) => w.next(i).messages!.at(-1)!.content);
    };
    expect(pick(3)).toEqual(pick(3));
    expect(pick(3)).not.toEqual(pick(4));
    expect(new Set(pick(3)).size).toBe(5);
  });
  test('exact output fields and requested input tokens', () => {
    const w = new DatasetWorkload({ dataset: d, model: 'm', order: 'cycle', seed: 1, maxTokens: 16, exactOutput: true, extra: { temperature: 0 }, countTokens: (t) => t.length });
    expect(w.next(0)).toMatchObject({ maxTokens: 16, extra: { ignore_eos: true, min_tokens: 16, temperature: 0 }, requestedInputTokens: 3 });
  });
});
