/**
 * Every outcome kind, produced by a real server (or a real closed port) on 127.0.0.1 and
 * classified by the real client. Each case also checks when the request ended, so a timeout that
 * fires late (or a reset reported as something else) fails.
 */
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient, type Timeouts } from '../../src/client/openai.js';
import type { Outcome } from '../../src/metrics/record.js';
import { chatChunk, startScriptServer, usageChunk, type Script, type ScriptServer } from '../helpers/script-server.js';

const ok3 = (): Script['chunks'] => [
  { delayMs: 5, data: chatChunk('a') },
  { delayMs: 5, data: chatChunk('b') },
  { delayMs: 5, data: chatChunk('c') },
  { delayMs: 0, data: usageChunk(4, 3) },
];

interface Case {
  name: string;
  script: Script;
  timeouts?: Partial<Timeouts>;
  outcome: Outcome;
  status?: number;
  /** Substring expected in record.error. */
  error?: string;
  /** Bounds on endedAt − sentAt (ms). */
  endedWithin?: [number, number];
}

const CASES: Case[] = [
  // A well-formed stream with usage.
  { name: 'ok', script: { chunks: ok3() }, outcome: 'ok', status: 200 },
  // Head delayed past the first-byte limit: must end at the limit, not when the head comes.
  { name: 'timeout_first_byte', script: { headDelayMs: 600, chunks: ok3() }, timeouts: { firstByteMs: 120 }, outcome: 'timeout_first_byte', endedWithin: [119, 400] },
  // Head and one chunk, then silence; idle limit far below the first-byte limit (default 60 s):
  // the idle clock must start at the head, not wait for the first-byte deadline.
  {
    name: 'timeout_idle',
    script: { chunks: [{ delayMs: 10, data: chatChunk('a') }], hangAfterChunks: true },
    timeouts: { idleMs: 150 },
    outcome: 'timeout_idle',
    status: 200,
    endedWithin: [155, 500],
  },
  // Silence right after the head (head → first chunk counts as idle).
  {
    name: 'timeout_idle before first chunk',
    script: { chunks: [], hangAfterChunks: true },
    timeouts: { idleMs: 150 },
    outcome: 'timeout_idle',
    status: 200,
    endedWithin: [149, 500],
  },
  // Chunks keep coming every 30 ms (never idle) but the whole request exceeds the total limit.
  {
    name: 'timeout_total',
    script: { chunks: Array.from({ length: 40 }, () => ({ delayMs: 30, data: chatChunk('x') })) },
    timeouts: { idleMs: 200, totalMs: 250 },
    outcome: 'timeout_total',
    status: 200,
    endedWithin: [249, 500],
  },
  // 429 is kept apart from other 4xx; the server's error message is kept.
  { name: 'http_429', script: { status: 429, body: JSON.stringify({ error: { message: 'slow down' } }) }, outcome: 'http_429', status: 429, error: 'slow down' },
  // Other 4xx keep their status.
  { name: 'http_4xx 400', script: { status: 400, body: JSON.stringify({ error: { message: 'bad max_tokens' } }) }, outcome: 'http_4xx', status: 400, error: 'bad max_tokens' },
  { name: 'http_4xx 404 plain body', script: { status: 404, body: 'no such route' }, outcome: 'http_4xx', status: 404, error: 'no such route' },
  // 5xx keeps its status.
  { name: 'http_5xx 503', script: { status: 503, body: JSON.stringify({ message: 'overloaded' }) }, outcome: 'http_5xx', status: 503, error: 'overloaded' },
  // The server drops the connection before any response head.
  { name: 'reset_before_first_byte', script: { headDelayMs: 20, resetBeforeHead: true }, outcome: 'reset_before_first_byte' },
  // Two chunks then the socket is destroyed.
  { name: 'reset_after_first_byte', script: { chunks: ok3()!.slice(0, 2), resetAtEnd: true }, outcome: 'reset_after_first_byte', status: 200 },
  // A chunk that is not JSON.
  {
    name: 'malformed_stream bad JSON',
    script: {
      chunks: [
        { delayMs: 5, data: chatChunk('a') },
        { delayMs: 5, data: '{"choices":[{"delta":{"content":"b"' },
      ],
    },
    outcome: 'malformed_stream',
    status: 200,
    error: 'not JSON',
  },
  // JSON, but not an object.
  { name: 'malformed_stream non-object', script: { chunks: [{ delayMs: 5, data: '42' }] }, outcome: 'malformed_stream', status: 200 },
  // The stream ends cleanly but without data: [DONE].
  { name: 'malformed_stream missing [DONE]', script: { chunks: ok3(), done: false }, outcome: 'malformed_stream', status: 200, error: '[DONE]' },
  // Only [DONE]: no generated text at all.
  { name: 'empty_completion no chunks', script: { chunks: [] }, outcome: 'empty_completion', status: 200 },
  // Chunks with empty content and usage saying zero tokens.
  {
    name: 'empty_completion empty deltas',
    script: {
      chunks: [
        { delayMs: 0, data: chatChunk('') },
        { delayMs: 0, data: usageChunk(5, 0) },
      ],
    },
    outcome: 'empty_completion',
    status: 200,
  },
  // An error object inside a 200 stream, with a numeric code: classified by that code.
  {
    name: 'error in stream (code 503)',
    script: {
      chunks: [
        { delayMs: 5, data: chatChunk('a') },
        { delayMs: 5, data: JSON.stringify({ error: { message: 'engine died', code: 503 } }) },
      ],
    },
    outcome: 'http_5xx',
    status: 503,
    error: 'engine died',
  },
  // Error object with code 429 mid-stream.
  { name: 'error in stream (code 429)', script: { chunks: [{ delayMs: 5, data: JSON.stringify({ error: { message: 'rate', code: 429 } }) }] }, outcome: 'http_429', status: 429 },
  // Error object without a numeric code: treated as a server error (500).
  {
    name: 'error in stream (no code)',
    script: { chunks: [{ delayMs: 5, data: JSON.stringify({ error: { message: 'oops', type: 'server_error' } }) }] },
    outcome: 'http_5xx',
    status: 500,
    error: 'oops',
  },
];

describe.each(['auto', 'undici'] as const)('outcome classification over real HTTP (%s transport)', (transport) => {
  let srv: ScriptServer;
  const byName = new Map(CASES.map((c) => [c.name, c]));
  beforeAll(async () => {
    srv = await startScriptServer(({ body }) => byName.get((JSON.parse(body) as { model: string }).model)!.script);
  });
  afterAll(() => srv.close());

  it.each(CASES)('$name', async (c) => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true, timeouts: c.timeouts, transport });
    try {
      const r = await client.send({ model: c.name, prompt: 'p', maxTokens: 3 }, { id: 0, phase: 't', scheduledAt: 0 });
      expect(r.outcome, r.error).toBe(c.outcome);
      if (c.status !== undefined) expect(r.status).toBe(c.status);
      if (c.outcome === 'ok') expect(r.error).toBeUndefined();
      else expect(r.error).toBeTruthy();
      if (c.error) expect(r.error).toContain(c.error);
      if (c.endedWithin) {
        const took = r.endedAt - r.sentAt;
        expect(took).toBeGreaterThanOrEqual(c.endedWithin[0]);
        expect(took).toBeLessThanOrEqual(c.endedWithin[1]);
      }
    } finally {
      await client.close();
    }
  });

  it('cancelled: aborting the signal mid-stream ends the request at once', async () => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true, transport });
    byName.set('slow', {
      name: 'slow',
      outcome: 'ok',
      script: {
        chunks: [
          { delayMs: 5, data: chatChunk('a') },
          { delayMs: 2000, data: chatChunk('b') },
        ],
      },
    });
    const ac = new AbortController();
    let abortedAt = Infinity;
    const timer = setTimeout(() => {
      abortedAt = performance.now();
      ac.abort();
    }, 100);
    const r = await client.send({ model: 'slow', prompt: 'p' }, { id: 0, phase: 't', scheduledAt: 0, signal: ac.signal });
    clearTimeout(timer);
    await client.close();
    expect(r.outcome).toBe('cancelled');
    expect(r.status).toBe(200);
    expect(r.contentChunks).toBe(1);
    // It ended at the abort (the record's clock is performance.now), not at the 2 s chunk.
    expect(r.endedAt).toBeGreaterThanOrEqual(abortedAt);
    expect(r.endedAt - abortedAt).toBeLessThan(300);
  });

  it('cancelled: a signal already aborted never sends', async () => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true, transport });
    const before = srv.requests.length;
    const r = await client.send({ model: 'ok', prompt: 'p' }, { id: 0, phase: 't', scheduledAt: 0, signal: AbortSignal.abort() });
    await client.close();
    expect(r.outcome).toBe('cancelled');
    await new Promise((res) => setTimeout(res, 50));
    expect(srv.requests.length).toBe(before);
  });
});

describe('connection-level failures', () => {
  it.each(['auto', 'undici'] as const)('connect_error: nothing listens on the port (%s transport)', async (transport) => {
    // Bind a port, then free it: connecting to it is refused.
    const tmp = createTcpServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
    const { port } = tmp.address() as AddressInfo;
    await new Promise<void>((r) => tmp.close(() => r()));
    const client = new OpenAIClient({ baseUrl: `http://127.0.0.1:${port}`, endpoint: 'chat', stream: true, transport });
    const r = await client.send({ model: 'm', prompt: 'p' }, { id: 0, phase: 't', scheduledAt: 0 });
    await client.close();
    expect(r.outcome, r.error).toBe('connect_error');
    expect(r.status).toBeUndefined();
    expect(r.error).toContain('ECONNREFUSED');
  });

  describe('timeout_connect: TCP accepted, TLS handshake never answered', () => {
    // A loopback TCP server that accepts and never writes a byte. The client speaks https, so its
    // connect phase (TCP + TLS, see Timeouts.connectMs) cannot complete. A pure TCP connect
    // timeout cannot be produced honestly on loopback (the kernel answers SYNs at once).
    let silent: TcpServer;
    const held = new Set<Socket>();
    beforeAll(async () => {
      silent = createTcpServer((s) => {
        held.add(s);
        s.on('error', () => {});
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    });
    afterAll(async () => {
      for (const s of held) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    });

    it('ends as timeout_connect at the connect limit', async () => {
      const { port } = silent.address() as AddressInfo;
      const client = new OpenAIClient({ baseUrl: `https://127.0.0.1:${port}`, endpoint: 'chat', stream: true, timeouts: { connectMs: 150 } });
      const r = await client.send({ model: 'm', prompt: 'p' }, { id: 0, phase: 't', scheduledAt: 0 });
      await client.close();
      expect(r.outcome, r.error).toBe('timeout_connect');
      expect(r.endedAt - r.sentAt).toBeGreaterThanOrEqual(140);
      // undici enforces connect timeouts with its coarse "fast timers" (≈0.5 s ticks), so the
      // request ends between the limit and about a second after it.
      expect(r.endedAt - r.sentAt).toBeLessThan(1_300);
    });
  });
});
