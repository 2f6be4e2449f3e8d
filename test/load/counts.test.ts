/**
 * Counts add up: every scheduled request is either sent or counted as dropped by the in-flight
 * cap, and every sent request ends in exactly one outcome. The server decides each response from
 * its arrival number and tallies what it did, so the client's error counts can be checked exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient } from '../../src/client/openai.js';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import type { Outcome, RequestRecord } from '../../src/metrics/record.js';
import { chatChunk, startScriptServer, usageChunk, type Script, type ScriptServer } from '../helpers/script-server.js';

const good = (delay: number): Script => ({
  chunks: [
    { delayMs: delay, data: chatChunk('a') },
    { delayMs: 2, data: chatChunk('b') },
    { delayMs: 0, data: usageChunk(5, 2) },
  ],
});

/** Behaviour by arrival number modulo 10, with the outcome the client must report for it. */
const MIX: Array<{ outcome: Outcome; script: Script }> = [
  { outcome: 'ok', script: good(5) },
  { outcome: 'ok', script: good(400) }, // slow: keeps requests in flight so the cap overflows
  { outcome: 'http_5xx', script: { status: 503, body: '{"error":{"message":"busy"}}' } },
  { outcome: 'http_429', script: { status: 429, body: '{}' } },
  { outcome: 'http_4xx', script: { status: 400, body: '{}' } },
  { outcome: 'reset_before_first_byte', script: { resetBeforeHead: true } },
  { outcome: 'reset_after_first_byte', script: { chunks: [{ delayMs: 3, data: chatChunk('a') }], resetAtEnd: true } },
  { outcome: 'malformed_stream', script: { chunks: [{ delayMs: 3, data: '{oops' }] } },
  { outcome: 'empty_completion', script: { chunks: [] } },
  { outcome: 'ok', script: good(300) },
];

describe('level counts add up', () => {
  let srv: ScriptServer;
  const played: Outcome[] = [];
  beforeAll(async () => {
    srv = await startScriptServer(({ n }) => {
      const m = MIX[n % MIX.length]!;
      played.push(m.outcome);
      return m.script;
    });
  });
  afterAll(() => srv.close());

  it('mixed outcomes with an overflowing in-flight cap', async () => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
    const records: RequestRecord[] = [];
    const stage = { kind: 'rate' as const, rate: 100, arrival: 'constant' as const, durationS: 0.6 };
    const s = await runLevel('mix', stage, {
      sender: client,
      workload: new FixedWorkload({ model: 'm', prompt: 'p', maxTokens: 2 }),
      maxInFlight: 5,
      onRecord: (r) => records.push(r),
    });
    await client.close();

    const errorSum = Object.values(s.requests.errors).reduce((a, b) => a + (b ?? 0), 0);
    expect(s.requests.scheduled).toBe(60); // 100 req/s × 0.6 s, constant spacing
    expect(s.requests.dropped_overflow).toBeGreaterThan(0); // ~7 in flight on average at 100 req/s: a cap of 5 overflows
    expect(s.requests.sent).toBeGreaterThanOrEqual(10); // at least one of each of the ten behaviours
    expect(s.requests.sent + s.requests.dropped_overflow).toBe(s.requests.scheduled);
    expect(s.requests.ok + errorSum).toBe(s.requests.sent);
    expect(records).toHaveLength(s.requests.sent);
    expect(srv.requests.length).toBe(s.requests.sent);
    // Exactly what the server did, kind by kind.
    const tally: Partial<Record<Outcome, number>> = {};
    for (const o of played) tally[o] = (tally[o] ?? 0) + 1;
    const { ok, ...errs } = tally;
    expect(s.requests.ok).toBe(ok ?? 0);
    expect(s.requests.errors).toEqual(errs);
    // Status codes only where a head came back.
    const heads = played.filter((o) => !o.startsWith('reset_before')).length;
    expect(Object.values(s.status_codes).reduce((a, b) => a + b, 0)).toBe(heads);
    expect(s.success_rate + s.error_rate).toBeCloseTo(1, 5);
    // Ids are unique and in send order.
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });
});
