/**
 * The byte-level SSE parser's own edges (beside sse.test.ts, the framing contract): Buffers and
 * Uint8Array views at an offset into a larger buffer, lines split at every byte (UTF-8 characters
 * and CRLF pairs cut in two), a byte order mark, comment-only and field-only events, blank lines
 * made of "\r", stopping early when the caller says the request has ended, and a long line
 * arriving in many pieces (linear, not quadratic). Then the client paths the dispatch handler added:
 * a redirect whose body is too large to read, and an error body longer than the message keeps.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseParser } from '../../src/client/sse.js';
import { OpenAIClient } from '../../src/client/openai.js';
import { chatChunk, startScriptServer, usageChunk, type Script, type ScriptServer } from '../helpers/script-server.js';

const enc = new TextEncoder();

/** Every payload of `stream` fed in pieces of `size` bytes, each a view into a larger buffer. */
function parseViews(stream: string, size: number): string[] {
  const bytes = enc.encode(stream);
  // The bytes sit at offset 7 of a larger buffer with garbage around them.
  const big = new Uint8Array(bytes.length + 14).fill(0x0a);
  big.set(bytes, 7);
  const p = new SseParser();
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(...p.push(big.subarray(7 + at, 7 + Math.min(bytes.length, at + size))));
  out.push(...p.flush());
  return out;
}

describe('SseParser on bytes', () => {
  const CASES: Array<{ name: string; stream: string; events: string[] }> = [
    { name: 'CRLF lines with LF blank line', stream: 'data: a\r\n\ndata: b\r\n\r\n', events: ['a', 'b'] },
    { name: 'blank line of a lone CR before LF', stream: 'data: a\n\r\ndata: b\n\n', events: ['a', 'b'] },
    { name: 'UTF-8 of every width', stream: 'data: é\n\ndata: €\n\ndata: 😀\n\ndata: aé€😀z\n\n', events: ['é', '€', '😀', 'aé€😀z'] },
    { name: 'byte order mark first', stream: '\uFEFFdata: a\n\n', events: ['a'] },
    { name: 'BOM only at the very start', stream: 'data: a\n\n\uFEFFdata: b\n\n', events: ['a'] },
    { name: 'comment-only and field-only events yield nothing', stream: ': ping\n\nevent: x\nid: 1\n\ndata: a\n\n', events: ['a'] },
    { name: '"data" without a colon is another field', stream: 'data\ndatax: 1\ndata: a\n\n', events: ['a'] },
    { name: 'only one space is dropped', stream: 'data:  two\n\ndata:none\n\n', events: [' two', 'none'] },
    { name: 'multi-line data with CRLF', stream: 'data: a\r\ndata: b\r\ndata:\r\n\r\n', events: ['a\nb\n'] },
    { name: 'blank lines before any event', stream: '\n\n\r\n\ndata: a\n\n', events: ['a'] },
    { name: 'last line without newline, CR kept out', stream: 'data: a\n\ndata: b\r', events: ['a', 'b'] },
  ];

  it.each(CASES)('$name: in pieces of every size from 1 byte, as views at an offset', ({ stream, events }) => {
    const n = enc.encode(stream).length;
    for (let size = 1; size <= n; size++) expect(parseViews(stream, size), `pieces of ${size}`).toEqual(events);
  });

  it('Buffers from the network are read in place: the same payloads as fresh copies', () => {
    const stream = Buffer.from(`data: ${chatChunk('x')}\n\ndata: [DONE]\n\n`);
    const p = new SseParser();
    expect(p.push(stream)).toEqual([chatChunk('x'), '[DONE]']);
    expect(p.flush()).toEqual([]);
  });

  it('stops at once when the caller says the request ended, and reports it', () => {
    const p = new SseParser();
    const seen: string[] = [];
    const more = p.feed(enc.encode('data: 1\n\ndata: 2\n\ndata: 3\n\n'), (d) => {
      seen.push(d);
      return d !== '2';
    });
    expect(more).toBe(false);
    expect(seen).toEqual(['1', '2']);
    // Returning nothing (undefined) means "go on".
    expect(new SseParser().feed(enc.encode('data: 1\n\ndata: 2\n\n'), () => undefined)).toBe(true);
    const q = new SseParser();
    q.feed(enc.encode('data: tail'), () => true);
    expect(q.end(() => false)).toBe(false);
    expect(new SseParser().end(() => false)).toBe(true);
  });

  it('a 4 MB data line in 1 KB pieces is joined once, whole (linear in bytes)', () => {
    const value = 'y'.repeat(4 * 1024 * 1024);
    const bytes = enc.encode(`data: ${value}\n\n`);
    const p = new SseParser();
    const out: string[] = [];
    for (let at = 0; at < bytes.length; at += 1024) out.push(...p.push(bytes.subarray(at, at + 1024)));
    expect(out).toHaveLength(1);
    expect(out[0]!.length).toBe(value.length);
    expect(out[0] === value).toBe(true);
  });

  it('the parser keeps nothing of a read it finished with (a later read is not mixed with it)', () => {
    const p = new SseParser();
    const buf = Buffer.from('data: a\n\ndata: b');
    expect(p.push(buf)).toEqual(['a']);
    // The caller's buffer is reused for the next read (as a socket's may be): the kept tail was copied.
    buf.write('XXXXXXXXXXXXXXXX');
    expect(p.push(Buffer.from('c\n\n'))).toEqual(['bc']);
  });
});

describe('dispatch-handler paths through real HTTP', () => {
  const scripts = new Map<string, Script>();
  let srv: ScriptServer;
  beforeAll(async () => {
    srv = await startScriptServer(({ body, url }) => {
      const model = (JSON.parse(body) as { model: string }).model;
      return scripts.get(`${model} ${url}`) ?? scripts.get(model) ?? { status: 500, body: 'no script' };
    });
  });
  afterAll(() => srv.close());

  const send = async (model: string) => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
    try {
      return await client.send({ model, prompt: 'p', maxTokens: 8 }, { id: 0, phase: 't', scheduledAt: performance.now() });
    } finally {
      await client.close();
    }
  };

  it('a 307 whose body is larger than a redirect needs is still followed (its connection closed instead of read)', async () => {
    scripts.set('bigredir', { status: 307, headers: { location: '/v1/next' }, body: 'z'.repeat(512 * 1024) });
    scripts.set('bigredir /v1/next', {
      chunks: [
        { delayMs: 0, data: chatChunk('a') },
        { delayMs: 0, data: usageChunk(1, 1) },
      ],
    });
    const r = await send('bigredir');
    expect(r.outcome, r.error).toBe('ok');
    expect(r.redirects).toBe(1);
    expect(srv.requests.filter((q) => q.body.includes('bigredir')).map((q) => q.url)).toEqual(['/v1/chat/completions', '/v1/next']);
  });

  it('an error body of 1 MB: the status kind and the start of its message, the rest not read', async () => {
    scripts.set('bigerr', { status: 503, body: `overloaded ${'q'.repeat(1024 * 1024)}` });
    const r = await send('bigerr');
    expect(r.outcome).toBe('http_5xx');
    expect(r.status).toBe(503);
    expect(r.error).toMatch(/^HTTP 503: overloaded q+/);
    expect(r.error!.length).toBeLessThan(300);
  });

  it('an invalid base URL ends every request as connect_error, saying why, without throwing', async () => {
    const client = new OpenAIClient({ baseUrl: 'http://exa mple.invalid:99999', endpoint: 'chat', stream: true });
    const r = await client.send({ model: 'm', prompt: 'p' }, { id: 0, phase: 't', scheduledAt: performance.now() });
    await client.close();
    expect(r.outcome).toBe('connect_error');
    expect(r.error).toMatch(/Invalid URL/i);
    expect(r.endedAt).toBeGreaterThanOrEqual(r.sentAt);
  });
});
