/**
 * Real HTTP as servers and proxies send it, against a real loopback server: compressed bodies,
 * redirects, a JSON answer to a streaming request, a stream that ignores max_tokens, and the
 * reason a caller's abort carries. Every case checks what the server saw as well as the record.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WHOLE_BODY, OpenAIClient, overlongChunkLimit, type ClientOptions, type RequestSpec, type Transport } from '../../src/client/openai.js';
import { DRAIN_EXPIRED, type Outcome, type RequestRecord } from '../../src/metrics/record.js';
import { LevelAccumulator } from '../../src/metrics/aggregate.js';
import type { Clock, TimerHandle } from '../../src/util/clock.js';
import { chatChunk, startScriptServer, usageChunk, type Script, type ScriptServer } from '../helpers/script-server.js';

const three = (delayMs = 2): NonNullable<Script['chunks']> => [
  { delayMs, data: chatChunk('a') },
  { delayMs, data: chatChunk('b') },
  { delayMs, data: chatChunk('c') },
  { delayMs: 0, data: usageChunk(4, 3) },
];
const WHOLE = JSON.stringify({
  id: 'w',
  object: 'chat.completion',
  model: 'served',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello there' } }],
  usage: { prompt_tokens: 5, completion_tokens: 2 },
});
const many = (n: number, reasoningEvery = 0): NonNullable<Script['chunks']> =>
  Array.from({ length: n }, (_, i) => ({ delayMs: i % 10 === 0 ? 1 : 0, data: chatChunk('x', { reasoning: reasoningEvery > 0 && i % reasoningEvery === 0 }) }));

/** Scripts by the request's model name, and by path for redirect targets. */
const scripts = new Map<string, Script>();
let srv: ScriptServer;
let other: ScriptServer;

beforeAll(async () => {
  srv = await startScriptServer(({ body, url }) => {
    const model = (JSON.parse(body) as { model: string }).model;
    return scripts.get(`${model} ${url}`) ?? scripts.get(model) ?? { status: 500, body: `no script for ${model} ${url}` };
  });
  other = await startScriptServer(() => ({ chunks: three() }));
});
afterAll(async () => {
  await srv.close();
  await other.close();
});

const TRANSPORTS: Transport[] = ['auto', 'undici'];
/** The transport of the describe block running now. */
let current: Transport = 'auto';
/** Requests the script server had seen when that block began (each block counts its own). */
let since = 0;

async function send(model: string, spec: Partial<RequestSpec> = {}, opts: Partial<ClientOptions> = {}, signal?: AbortSignal): Promise<RequestRecord> {
  const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true, transport: current, ...opts });
  try {
    return await client.send({ model, prompt: 'p', ...spec }, { id: 0, phase: 't', scheduledAt: performance.now(), signal });
  } finally {
    await client.close();
  }
}
const seen = (model: string): ScriptServer['requests'] => srv.requests.slice(since).filter((r) => (JSON.parse(r.body) as { model: string }).model === model);

// Every behaviour below holds over both transports: client/h1.ts (plain http's default) and undici (https's).
describe.each(TRANSPORTS)('over the %s transport', (transport) => {
  beforeAll(() => {
    current = transport;
    since = srv.requests.length;
  });

  describe('compressed bodies are decoded', () => {
    it.each(['gzip', 'deflate', 'br'] as const)('%s SSE stream: every chunk counted, usage read, chunks seen as they were written', async (encoding) => {
      const model = `sse-${encoding}`;
      scripts.set(model, { encoding, chunks: three(100) });
      const r = await send(model);
      expect(r.outcome, r.error).toBe('ok');
      expect(r.contentChunks).toBe(3);
      expect(r.outputTokens).toBe(3);
      expect(r.tokensEstimated).toBe(false);
      expect(r.itlMs).toHaveLength(2);
      // Decoded as the bytes came (a flushed compressor per chunk), not once at the end: the first
      // chunk was seen before the server wrote the third one (it waited 200 ms more for that).
      const writes = srv.writes[srv.requests.findLastIndex((q) => q.body.includes(model))]!;
      expect(r.sentAt + r.ttftMs!).toBeLessThan(writes[2]!);
      expect(seen(model)[0]!.headers['accept-encoding']).toBeUndefined();
    });

    it.each(['gzip', 'br'] as const)('%s whole JSON answer (stream: false)', async (encoding) => {
      scripts.set(`whole-${encoding}`, { encoding, body: WHOLE });
      const r = await send(`whole-${encoding}`, {}, { stream: false });
      expect(r.outcome, r.error).toBe('ok');
      expect(r.outputTokens).toBe(2);
      expect(r.responseModel).toBe('served');
    });

    it('a gzip error body is decoded so its message is kept', async () => {
      scripts.set('gz-400', { status: 400, encoding: 'gzip', body: JSON.stringify({ error: { message: 'max_tokens too large' } }) });
      const r = await send('gz-400');
      expect(r.outcome).toBe('http_4xx');
      expect(r.error).toContain('max_tokens too large');
    });

    it('an error status with a body that does not decode keeps its status kind', async () => {
      scripts.set('fake-gzip-503', { status: 503, headers: { 'content-encoding': 'gzip' }, body: 'overloaded' });
      const r = await send('fake-gzip-503');
      expect(r.outcome).toBe('http_5xx');
      expect(r.status).toBe(503);
      expect(r.error).toContain('body unreadable');
    });

    it('a body that does not match its Content-Encoding is malformed_stream, saying why', async () => {
      scripts.set('fake-gzip', { headers: { 'content-encoding': 'gzip' }, chunks: three() });
      const r = await send('fake-gzip');
      expect(r.outcome).toBe('malformed_stream');
      expect(r.error).toContain('could not be decompressed');
      expect(r.error).toContain('Z_DATA_ERROR');
    });
  });

  describe('redirects', () => {
    it('a same-origin 307 is followed once: POST, body and credentials kept, counted on the record', async () => {
      scripts.set('r307', { status: 307, headers: { location: '/v2/chat/completions' } });
      scripts.set('r307 /v2/chat/completions', { chunks: three() });
      const r = await send('r307', {}, { apiKey: 'sk-redirect-secret' });
      expect(r.outcome, r.error).toBe('ok');
      expect(r.redirects).toBe(1);
      expect(r.status).toBe(200);
      const reqs = seen('r307');
      expect(reqs.map((q) => [q.method, q.url])).toEqual([
        ['POST', '/v1/chat/completions'],
        ['POST', '/v2/chat/completions'],
      ]);
      expect(reqs[1]!.body).toBe(reqs[0]!.body);
      expect(reqs[1]!.headers.authorization).toBe('Bearer sk-redirect-secret');
    });

    it('308 chains are followed up to the bound (3); the fourth is http_3xx and nothing more is sent', async () => {
      for (let i = 0; i < 5; i++) scripts.set(`r308 ${i === 0 ? '/v1/chat/completions' : `/hop${i}`}`, { status: 308, headers: { location: `/hop${i + 1}` } });
      const r = await send('r308');
      expect(r.outcome).toBe('http_3xx');
      expect(r.status).toBe(308);
      expect(r.error).toContain('too many redirects');
      expect(r.error).toContain(`${srv.url}/hop4`);
      expect(seen('r308').map((q) => q.url)).toEqual(['/v1/chat/completions', '/hop1', '/hop2', '/hop3']);
      // maxRedirects: 0 follows none.
      const none = await send('r307', {}, { maxRedirects: 0 });
      expect(none.outcome).toBe('http_3xx');
    });

    it.each([301, 302, 303])('%i is not followed (it would turn the POST into a GET): http_3xx with the Location', async (status) => {
      const model = `r${status}`;
      scripts.set(model, { status, headers: { location: '/elsewhere' } });
      const r = await send(model);
      expect(r.outcome).toBe('http_3xx');
      expect(r.status).toBe(status);
      expect(r.error).toContain(`HTTP ${status} to ${srv.url}/elsewhere`);
      expect(r.error).toContain('307/308');
      expect(seen(model)).toHaveLength(1);
    });

    it('a 307 to another origin is not followed, and the other server hears nothing', async () => {
      scripts.set('cross', { status: 307, headers: { location: `${other.url}/v1/chat/completions` } });
      const r = await send('cross', {}, { apiKey: 'sk-never-to-another-host' });
      expect(r.outcome).toBe('http_3xx');
      expect(r.error).toContain('another origin');
      expect(other.requests).toHaveLength(0);
    });

    it('no Location, a bad Location, and a Location whose query may carry a token', async () => {
      scripts.set('noloc', { status: 307 });
      scripts.set('badloc', { status: 307, headers: { location: 'http://[::1' } });
      scripts.set('tokloc', { status: 302, headers: { location: '/login?token=abc123secret' } });
      const [a, b, c] = [await send('noloc'), await send('badloc'), await send('tokloc')];
      expect([a.outcome, b.outcome, c.outcome]).toEqual(['http_3xx', 'http_3xx', 'http_3xx']);
      expect(a.error).toContain('without a Location');
      expect(b.error).toContain('invalid Location');
      expect(c.error).toContain('/login?…');
      expect(c.error).not.toContain('abc123secret');
    });
  });

  describe('a JSON answer to a streaming request', () => {
    it('is taken as a non-streamed completion: flagged, TTFT = E2E, no ITL, no TPOT', async () => {
      scripts.set('json', { headDelayMs: 20, body: WHOLE });
      const r = await send('json', { maxTokens: 8 });
      expect(r.outcome, r.error).toBe('ok');
      expect(r.nonStreamed).toBe(true);
      expect(r.ttftMs).toBe(r.e2eMs);
      expect(r.itlMs).toEqual([]);
      expect(r.tpotMs).toBeUndefined();
      expect(r.outputTokens).toBe(2);
      expect(r.inputTokens).toBe(5);
    });

    it('told by its bytes, not its label: JSON labelled as SSE is a whole answer, SSE labelled as JSON is a stream', async () => {
      scripts.set('json-as-sse', { body: `\n${WHOLE}`, headers: { 'content-type': 'text/event-stream' } });
      scripts.set('sse-as-json', { chunks: three(), headers: { 'content-type': 'application/json' } });
      const a = await send('json-as-sse');
      expect(a.outcome, a.error).toBe('ok');
      expect(a.nonStreamed).toBe(true);
      expect(a.outputTokens).toBe(2);
      const b = await send('sse-as-json');
      expect(b.outcome, b.error).toBe('ok');
      expect(b.nonStreamed).toBeUndefined();
      expect(b.contentChunks).toBe(3);
      expect(b.itlMs).toHaveLength(2);
    });

    it('a large JSON answer arriving in many reads is collected whole', async () => {
      const content = 'word '.repeat(40_000);
      const body = JSON.stringify({ model: 'served', choices: [{ index: 0, message: { content } }], usage: { prompt_tokens: 1, completion_tokens: 40_000 } });
      scripts.set('json-big', {
        raw: [
          { delayMs: 0, bytes: body.slice(0, 70_000) },
          { delayMs: 20, bytes: body.slice(70_000) },
        ],
        headers: { 'content-type': 'application/json' },
      });
      const r = await send('json-big', { captureText: true });
      expect(r.outcome, r.error).toBe('ok');
      expect(r.nonStreamed).toBe(true);
      expect(r.text).toBe(content);
      expect(r.ttftMs).toBe(r.e2eMs);
    });

    it('a JSON body that never ends is cut past MAX_WHOLE_BODY, not collected forever', async () => {
      const mib = 'x'.repeat(1024 * 1024);
      const pieces = Math.ceil(MAX_WHOLE_BODY / mib.length) + 1;
      scripts.set('json-endless', {
        raw: [{ delayMs: 0, bytes: '{"choices":[{"text":"' }, ...Array.from({ length: pieces }, () => ({ delayMs: 0, bytes: mib }))],
        hangAfterChunks: true,
        headers: { 'content-type': 'application/json' },
      });
      const r = await send('json-endless', {}, { timeouts: { idleMs: 20_000 } });
      expect(r.outcome).toBe('malformed_stream');
      expect(r.error).toContain(`larger than ${MAX_WHOLE_BODY} bytes`);
      await waitFor(() => srv.open === 0);
    });

    it.each([
      ['not a completion', 'malformed_stream', JSON.stringify({ object: 'list', data: [] }), 'no choices array'],
      ['an error object with a code', 'http_5xx', JSON.stringify({ error: { message: 'model overloaded', code: 503 } }), 'model overloaded'],
      ['not an object', 'malformed_stream', '"ok"', 'not a JSON object'],
      ['not JSON', 'malformed_stream', '{"choices":', 'not JSON'],
    ])('%s → %s', async (name, outcome, body, message) => {
      scripts.set(`json-${name}`, { body });
      const r = await send(`json-${name}`);
      expect(r.outcome).toBe(outcome);
      expect(r.error).toContain(message);
      expect(r.nonStreamed).toBeUndefined();
    });

    it('a body that is neither SSE nor JSON says which content-type came', async () => {
      scripts.set('plain', { body: 'hello', headers: { 'content-type': 'text/plain' } });
      const r = await send('plain');
      expect(r.outcome).toBe('malformed_stream');
      expect(r.error).toContain('no SSE data events');
      expect(r.error).toContain('text/plain');
    });
  });

  describe('a stream that does not stop at max_tokens', () => {
    it('the limit is 2 × max_tokens + 16 chunks, none without max_tokens', () => {
      expect(overlongChunkLimit(4)).toBe(24);
      expect(overlongChunkLimit(undefined)).toBe(Infinity);
      expect(overlongChunkLimit(0)).toBe(Infinity);
      expect(overlongChunkLimit('8')).toBe(Infinity);
    });

    it('is cut at the limit and counted as overlong_stream; the server sees the connection close', async () => {
      scripts.set('endless', { chunks: many(2000, 3) });
      const r = await send('endless', { maxTokens: 4 });
      expect(r.outcome).toBe('overlong_stream');
      expect(r.contentChunks).toBe(25);
      expect(r.error).toContain('max_tokens');
      // Reasoning chunks count too (every third chunk here was reasoning).
      await waitFor(() => srv.open === 0);
      const written = srv.writes[srv.requests.findLastIndex((q) => q.body.includes('"endless"'))]!.length;
      expect(written).toBeLessThan(2000);
    });

    it('max_tokens from extra (max_completion_tokens) is used too; exactly at the limit is ok', async () => {
      scripts.set('at-limit', { chunks: [...many(24), { delayMs: 0, data: usageChunk(1, 24) }] });
      expect((await send('at-limit', { maxTokens: 4 })).outcome).toBe('ok');
      const cut = await send('at-limit', { extra: { max_completion_tokens: 2 } });
      expect(cut.outcome).toBe('overlong_stream');
      expect(cut.contentChunks).toBe(21);
      // No max_tokens at all: nothing to judge against, the stream is not cut.
      expect((await send('at-limit')).outcome).toBe('ok');
    });

    it('a server sending several tokens per chunk is not cut for it', async () => {
      scripts.set('multi', { chunks: [...Array.from({ length: 16 }, () => ({ delayMs: 0, data: chatChunk('four tokens per chunk') })), { delayMs: 0, data: usageChunk(3, 64) }] });
      const r = await send('multi', { maxTokens: 64 });
      expect(r.outcome, r.error).toBe('ok');
      expect(r.outputTokens).toBe(64);
    });
  });

  describe('why the caller aborted', () => {
    const slow = (): Script => ({
      chunks: [
        { delayMs: 5, data: chatChunk('a') },
        { delayMs: 5_000, data: chatChunk('b') },
      ],
    });

    it.each([
      ['the drain bound expired', 'incomplete', DRAIN_EXPIRED, 'drain bound expired'],
      ['any other reason', 'cancelled', 'user pressed Ctrl-C', 'cancelled'],
      ['no reason', 'cancelled', undefined, 'cancelled'],
    ])('mid-stream, %s → %s', async (_, outcome, reason, message) => {
      scripts.set('slow', slow());
      const before = srv.writes.length;
      const ac = new AbortController();
      const p = send('slow', {}, {}, ac.signal);
      // Abort once the server has written the first chunk (its own log, not a guess of the time).
      await waitFor(() => srv.writes.length > before && srv.writes[before]!.length === 1);
      ac.abort(reason);
      const r = await p;
      expect(r.outcome).toBe(outcome as Outcome);
      expect(r.error).toContain(message);
      expect(r.status).toBe(200);
      expect(r.contentChunks).toBeLessThanOrEqual(1);
    });

    it('a server that never sends its head: the drain abort ends it as incomplete, no status', async () => {
      scripts.set('headless', { headDelayMs: 5_000, chunks: three() });
      const n = srv.received.length;
      const ac = new AbortController();
      const p = send('headless', {}, {}, ac.signal);
      await waitFor(() => srv.received.length > n);
      ac.abort(DRAIN_EXPIRED);
      const r = await p;
      expect(r.outcome).toBe('incomplete');
      expect(r.status).toBeUndefined();
      expect(r.error).toContain('drain bound expired');
    });

    it('already expired before the send: incomplete, nothing sent', async () => {
      const n = srv.requests.length;
      const ac = new AbortController();
      ac.abort(DRAIN_EXPIRED);
      const r = await send('slow', {}, {}, ac.signal);
      expect(r.outcome).toBe('incomplete');
      expect(r.error).toContain('not sent');
      expect(srv.requests.length).toBe(n);
    });

    it('a complete answer held open after [DONE] stays ok when the drain cuts it', async () => {
      scripts.set('held', { chunks: [...three(), { delayMs: 0, data: '[DONE]' }], done: false, hangAfterChunks: true });
      const before = srv.writes.length;
      const ac = new AbortController();
      const p = send('held', {}, {}, ac.signal);
      await waitFor(() => srv.writes.length > before && srv.writes[before]!.length === 5);
      // The client reads [DONE] on the same event loop, long before this timer.
      await new Promise((r) => setTimeout(r, 100));
      ac.abort(DRAIN_EXPIRED);
      const r = await p;
      expect(r.outcome, r.error).toBe('ok');
      expect(r.outputTokens).toBe(3);
    });
  });

  describe('timeouts on an injected clock', () => {
    it('the idle timer runs on ClientOptions.clock: it fires when that clock says so, not before', async () => {
      const clock = new ManualClock();
      scripts.set('hang', { chunks: [{ delayMs: 0, data: chatChunk('a') }], hangAfterChunks: true });
      const before = srv.writes.length;
      let done: RequestRecord | undefined;
      const p = send('hang', {}, { clock, timeouts: { idleMs: 1_000 } }).then((r) => (done = r));
      await waitFor(() => srv.writes.length > before && srv.writes[before]!.length === 1 && clock.pending > 0);
      await new Promise((r) => setTimeout(r, 50));
      clock.advance(999);
      await new Promise((r) => setTimeout(r, 50));
      expect(done).toBeUndefined();
      clock.advance(1);
      const r = await p;
      expect(r.outcome).toBe('timeout_idle');
      expect(r.error).toContain('1000 ms');
      // Timestamps stay on real time.
      expect(r.endedAt).toBeGreaterThan(r.sentAt);
      expect(r.sentAt).toBeGreaterThan(0);
    });
  });

  describe('counts add up and messages are kept per kind', () => {
    it('a mix of the new cases folds into one level whose counts add up, with the first messages of each kind', async () => {
      scripts.set('mix-ok', { encoding: 'gzip', chunks: three() });
      scripts.set('mix-json', { body: WHOLE });
      scripts.set('mix-302', { status: 302, headers: { location: '/x' } });
      scripts.set('mix-long', { chunks: many(200) });
      const models = ['mix-ok', 'mix-json', 'mix-302', 'mix-long', 'mix-302', 'mix-302', 'mix-302', 'mix-ok'];
      const acc = new LevelAccumulator('mix', { kind: 'rate', value: 1 });
      for (const m of models) acc.add(await send(m, { maxTokens: 4 }));
      const s = acc.summary(1);
      expect(s.requests.sent).toBe(models.length);
      expect(s.requests.ok + Object.values(s.requests.errors).reduce((a, b) => a + b, 0)).toBe(s.requests.sent);
      expect(s.requests.errors).toEqual({ http_3xx: 4, overlong_stream: 1 });
      expect(s.requests.non_streamed).toBe(1);
      expect(s.error_messages?.http_3xx).toEqual([`HTTP 302 to ${srv.url}/x (not followed: only 307/308 keep the POST and its body)`]);
      expect(s.error_messages?.overlong_stream?.[0]).toContain('max_tokens');
    });
  });
});

async function waitFor(cond: () => boolean, limitMs = 5_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A clock that moves only when told to: enough to drive the client's one timer. */
class ManualClock implements Clock {
  readonly virtual = true;
  private t = 1_000;
  private timers: Array<{ due: number; fn: () => void; live: boolean }> = [];
  now(): number {
    return this.t;
  }
  get pending(): number {
    return this.timers.filter((x) => x.live).length;
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer = { due: this.t + Math.max(0, ms), fn, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }
  sleepUntil(): Promise<void> {
    return Promise.reject(new Error('not used by the client'));
  }
  advance(ms: number): void {
    this.t += ms;
    for (const timer of [...this.timers].sort((a, b) => a.due - b.due))
      if (timer.live && timer.due <= this.t) {
        timer.live = false;
        timer.fn();
      }
  }
}
