import { expect, test } from 'vitest';
import { LevelAccumulator, MAX_ERROR_MESSAGE_CHARS } from '../../src/metrics/aggregate.js';
import { mergeSummaries } from '../../src/metrics/merge.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { errorLines } from '../../src/report/gate-markdown.js';

function rec(id: number, o: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id,
    phase: 'p',
    scheduledAt: id,
    sentAt: id,
    endedAt: id + 100,
    outcome: 'ok',
    requestedModel: 'm',
    responseModel: 'm',
    ttftMs: 10,
    e2eMs: 100,
    itlMs: [5],
    tpotMs: 30,
    tokensEstimated: false,
    contentChunks: 3,
    outputTokens: 4,
    ...o,
  };
}
const fail = (id: number, outcome: RequestRecord['outcome'], error?: string): RequestRecord => rec(id, { outcome, error, ttftMs: undefined, e2eMs: undefined });

test('each error kind keeps its first three distinct messages, truncated; ok answers sent whole are counted', () => {
  const acc = new LevelAccumulator('a', { kind: 'rate', value: 1 });
  const long = 'x'.repeat(1000);
  const records = [
    fail(0, 'malformed_stream', 'chunk is not JSON: {"a"'),
    fail(1, 'malformed_stream', 'chunk is not JSON: {"a"'),
    fail(2, 'malformed_stream', 'stream ended without data: [DONE]'),
    fail(3, 'malformed_stream', long),
    fail(4, 'malformed_stream', 'a fourth distinct message is not kept'),
    fail(5, 'http_3xx', 'HTTP 302 to http://h/x'),
    fail(6, 'incomplete'),
    rec(7, { nonStreamed: true }),
    rec(8, { nonStreamed: true }),
    rec(9),
    // A failed non-streamed answer is an error, not a non-streamed completion.
    fail(10, 'empty_completion', 'no generated text in the response'),
  ];
  for (const r of records) acc.add(r);
  const s = acc.summary(1);
  expect(s.requests.sent).toBe(records.length);
  expect(s.requests.ok + Object.values(s.requests.errors).reduce((a, b) => a + b, 0)).toBe(s.requests.sent);
  expect(s.requests.non_streamed).toBe(2);
  expect(s.error_messages!.malformed_stream).toEqual(['chunk is not JSON: {"a"', 'stream ended without data: [DONE]', `${'x'.repeat(MAX_ERROR_MESSAGE_CHARS)}…`]);
  // Keys follow the order of OUTCOMES, and a record without a message keeps its kind's name.
  expect(Object.keys(s.error_messages!)).toEqual(['http_3xx', 'malformed_stream', 'empty_completion', 'incomplete']);
  expect(s.error_messages!.incomplete).toEqual(['incomplete']);
  // The summary is a snapshot: later records do not change it.
  acc.add(fail(11, 'http_3xx', 'HTTP 301 to http://h/y'));
  expect(s.error_messages!.http_3xx).toEqual(['HTTP 302 to http://h/x']);
});

test('a level with no errors and no non-streamed answers has empty messages and no non_streamed field', () => {
  const acc = new LevelAccumulator('a', { kind: 'rate', value: 1 });
  acc.add(rec(0));
  const s = acc.summary(1);
  expect(s.error_messages).toEqual({});
  expect(s.requests).not.toHaveProperty('non_streamed');
});

test('merging keeps the first distinct messages across parts, adds non_streamed, and adds distinct prompts only when every part has them', () => {
  const a = new LevelAccumulator('a', { kind: 'rate', value: 1 });
  const b = new LevelAccumulator('b', { kind: 'rate', value: 1 });
  a.add(fail(0, 'timeout_idle', 'no data for 30000 ms'));
  a.add(fail(1, 'http_5xx', 'HTTP 503: one'));
  a.add(rec(2, { nonStreamed: true }));
  b.add(fail(3, 'http_5xx', 'HTTP 503: one'));
  b.add(fail(4, 'http_5xx', 'HTTP 503: two'));
  b.add(fail(5, 'http_5xx', 'HTTP 503: three'));
  b.add(fail(6, 'http_5xx', 'HTTP 503: four'));
  b.add(rec(7, { nonStreamed: true }));
  const sa = { ...a.summary(1), requests: { ...a.summary(1).requests, distinct_prompts: 3 } };
  const sb = { ...b.summary(1), requests: { ...b.summary(1).requests, distinct_prompts: 5 } };
  for (const mode of ['sequential', 'parallel'] as const) {
    const m = mergeSummaries('m', [sa, sb], mode);
    expect(m.error_messages).toEqual({ timeout_idle: ['no data for 30000 ms'], http_5xx: ['HTTP 503: one', 'HTTP 503: two', 'HTTP 503: three'] });
    expect(m.requests.errors).toEqual({ timeout_idle: 1, http_5xx: 5 });
    expect(m.requests.non_streamed).toBe(2);
    expect(m.requests.distinct_prompts).toBe(8);
  }
  // One part without a count: the merge cannot say, so it says nothing.
  const partial = mergeSummaries('m', [sa, b.summary(1)], 'sequential');
  expect(partial.requests).not.toHaveProperty('distinct_prompts');
  // Summaries written before messages existed (no error_messages) still merge.
  const { error_messages: _, ...old } = b.summary(1);
  expect(mergeSummaries('m', [old, old], 'sequential').error_messages).toEqual({});
});

test('the report lists each level counts, then the first messages of each kind, escaped, and answers that were not streamed', () => {
  const acc = new LevelAccumulator('sat-2', { kind: 'rate', value: 1 });
  acc.add(fail(0, 'malformed_stream', 'chunk is not JSON: <img src=x> | @octocat'));
  acc.add(fail(1, 'malformed_stream', 'stream ended without data: [DONE]'));
  acc.add(fail(2, 'http_3xx', 'HTTP 302 to http://h/login?…'));
  acc.add(rec(3, { nonStreamed: true }));
  expect(errorLines(acc.summary(1))).toEqual([
    '- sat-2: http_3xx:1 malformed_stream:2',
    '  - `http_3xx`: “HTTP 302 to http://h/login?…”',
    '  - `malformed_stream`: “chunk is not JSON: \\<img src=x\\> \\| @\u200boctocat” · “stream ended without data: \\[DONE\\]”',
    '- sat-2: 1 ok answers came as one JSON body, not streamed (their TTFT = E2E)',
  ]);
  const clean = new LevelAccumulator('sat-1', { kind: 'rate', value: 1 });
  clean.add(rec(0));
  expect(errorLines(clean.summary(1))).toEqual([]);
});
