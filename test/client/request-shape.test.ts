/**
 * What goes over the wire: URL path, headers, body; non-stream and /v1/completions responses; and
 * a server that closes the connection after every response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient, type ClientOptions } from '../../src/client/openai.js';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { chatChunk, startScriptServer, textChunk, usageChunk, type Script, type ScriptServer } from '../helpers/script-server.js';

const STREAM_CHAT: Script = {
  chunks: [
    { delayMs: 1, data: chatChunk('hi') },
    { delayMs: 1, data: chatChunk('!') },
    { delayMs: 0, data: usageChunk(3, 2) },
  ],
};
const STREAM_TEXT: Script = {
  chunks: [
    { delayMs: 1, data: textChunk('one', 'served-c') },
    { delayMs: 1, data: textChunk(' two') },
    { delayMs: 1, data: textChunk(' three') },
  ],
};
const WHOLE_CHAT: Script = {
  headDelayMs: 30,
  body: JSON.stringify({
    id: 'x',
    object: 'chat.completion',
    model: 'served-w',
    choices: [{ index: 0, message: { role: 'assistant', content: 'full answer' } }],
    usage: { prompt_tokens: 12, completion_tokens: 7 },
  }),
};
const WHOLE_TEXT: Script = { body: JSON.stringify({ id: 'x', object: 'text_completion', model: 'm', choices: [{ index: 0, text: 'plain text' }] }) };
const WHOLE_EMPTY: Script = {
  body: JSON.stringify({ id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: '' } }], usage: { prompt_tokens: 2, completion_tokens: 0 } }),
};
const WHOLE_BAD: Script = { body: '<html>gateway</html>' };

describe('request shape and response formats', () => {
  let srv: ScriptServer;
  let next: Script = STREAM_CHAT;
  beforeAll(async () => {
    srv = await startScriptServer(() => next);
  });
  afterAll(() => srv.close());

  async function one(opts: Omit<ClientOptions, 'baseUrl'> & { base?: string }, script: Script) {
    next = script;
    const client = new OpenAIClient({ baseUrl: opts.base ?? srv.url, ...opts });
    const before = srv.requests.length;
    const r = await client.send({ model: 'm', prompt: 'the prompt', maxTokens: 5, extra: { ignore_eos: true, temperature: 0 } }, { id: 0, phase: 't', scheduledAt: 0 });
    await client.close();
    expect(srv.requests.length).toBe(before + 1);
    const seen = srv.requests[before]!;
    return { r, seen, body: JSON.parse(seen.body) as Record<string, unknown> };
  }

  it.each([
    // base URL → path the server must see
    { base: '', path: '/v1/chat/completions', endpoint: 'chat' as const },
    { base: '/', path: '/v1/chat/completions', endpoint: 'chat' as const },
    { base: '/v1', path: '/v1/chat/completions', endpoint: 'chat' as const },
    { base: '/v1/', path: '/v1/chat/completions', endpoint: 'chat' as const },
    { base: '/proxy/openai', path: '/proxy/openai/v1/chat/completions', endpoint: 'chat' as const },
    { base: '/proxy/v1', path: '/proxy/v1/completions', endpoint: 'completions' as const },
    { base: '', path: '/v1/completions', endpoint: 'completions' as const },
  ])('base URL "$base" + $endpoint → $path', async ({ base, path, endpoint }) => {
    const { r, seen } = await one({ base: srv.url + base, endpoint, stream: true }, endpoint === 'chat' ? STREAM_CHAT : STREAM_TEXT);
    expect(r.outcome, r.error).toBe('ok');
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe(path);
  });

  it('streaming chat: body has messages, stream, stream_options.include_usage and extras; headers carry key and extras', async () => {
    const { r, seen, body } = await one({ endpoint: 'chat', stream: true, apiKey: 'sk-test-123', headers: { 'x-tenant': 'blue', 'x-trace': '42' } }, STREAM_CHAT);
    expect(r.outcome, r.error).toBe('ok');
    expect(body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'the prompt' }],
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
      ignore_eos: true,
      temperature: 0,
    });
    expect(seen.headers.authorization).toBe('Bearer sk-test-123');
    expect(seen.headers['x-tenant']).toBe('blue');
    expect(seen.headers['x-trace']).toBe('42');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.accept).toBe('text/event-stream');
  });

  it('no API key: no authorization header', async () => {
    const { seen } = await one({ endpoint: 'chat', stream: true }, STREAM_CHAT);
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('streaming /v1/completions: prompt in the body, choices[0].text counted', async () => {
    const { r, body } = await one({ endpoint: 'completions', stream: true }, STREAM_TEXT);
    expect(r.outcome, r.error).toBe('ok');
    expect(body.prompt).toBe('the prompt');
    expect(body.messages).toBeUndefined();
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(r.contentChunks).toBe(3);
    expect(r.outputTokens).toBe(3);
    expect(r.tokensEstimated).toBe(true);
    expect(r.itlMs).toHaveLength(2);
    expect(r.responseModel).toBe('served-c');
  });

  it('non-stream chat: stream false without stream_options; message content, usage and model read', async () => {
    const { r, seen, body } = await one({ endpoint: 'chat', stream: false }, WHOLE_CHAT);
    expect(r.outcome, r.error).toBe('ok');
    expect(body.stream).toBe(false);
    expect(body).not.toHaveProperty('stream_options');
    expect(seen.headers.accept).toBe('application/json');
    expect(r.inputTokens).toBe(12);
    expect(r.outputTokens).toBe(7);
    expect(r.tokensEstimated).toBe(false);
    expect(r.responseModel).toBe('served-w');
    expect(r.contentChunks).toBe(1);
    expect(r.itlMs).toEqual([]);
    // Without a stream, the first token is only seen with the whole answer.
    expect(r.ttftMs).toBe(r.e2eMs);
    expect(r.e2eMs!).toBeGreaterThanOrEqual(30 - 1);
    // …and no per-token time exists: TPOT is absent, not 0 (which would pass any TPOT limit).
    expect(r.tpotMs).toBeUndefined();
  });

  it.each([
    // non-stream /v1/completions: choices[0].text, no usage → 1 estimated token
    { name: 'completions text', endpoint: 'completions' as const, script: WHOLE_TEXT, outcome: 'ok' },
    // empty message content and zero completion tokens
    { name: 'empty content', endpoint: 'chat' as const, script: WHOLE_EMPTY, outcome: 'empty_completion' },
    // a 200 whose body is not JSON
    { name: 'non-JSON body', endpoint: 'chat' as const, script: WHOLE_BAD, outcome: 'malformed_stream' },
  ])('non-stream $name → $outcome', async ({ endpoint, script, outcome }) => {
    const { r, body } = await one({ endpoint, stream: false }, script);
    expect(r.outcome, r.error).toBe(outcome);
    if (endpoint === 'completions') expect(body.prompt).toBe('the prompt');
    if (outcome === 'ok') {
      expect(r.outputTokens).toBe(1);
      expect(r.tokensEstimated).toBe(true);
    }
  });
});

describe('server closing the connection after every response', () => {
  let srv: ScriptServer;
  beforeAll(async () => {
    srv = await startScriptServer(() => ({
      closeConnection: true,
      chunks: [
        { delayMs: 2, data: chatChunk('a') },
        { delayMs: 2, data: chatChunk('b') },
        { delayMs: 0, data: usageChunk(1, 2) },
      ],
    }));
  });
  afterAll(() => srv.close());

  it('200 requests at 200 req/s: no errors, one connection each', async () => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
    const s = await runLevel('close', { kind: 'rate', rate: 200, arrival: 'constant', durationS: 1 }, { sender: client, workload: new FixedWorkload({ model: 'm', prompt: 'p' }) });
    await client.close();
    expect(s.requests.sent).toBe(200);
    expect(s.requests.errors).toEqual({});
    expect(s.requests.ok).toBe(200);
    expect(srv.requests.length).toBe(200);
    // The server really did close each connection: every request came on a new one.
    expect(srv.connections).toBe(200);
  });
});
