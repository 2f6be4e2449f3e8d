import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, test } from 'vitest';
import { OpenAIClient } from '../../src/client/openai.js';
import { startSim, type RunningSim, type SimOptions } from '../../src/sim/index.js';
import { checkHonesty, probeUrl, waitReady } from '../../src/target/readiness.js';

const SPEEDUP = 10;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Starts the simulator with a real-time startup delay; returns it and when it started. */
async function sim(delayMs: number, o: Partial<SimOptions> = {}): Promise<{ s: RunningSim; t0: number }> {
  const t0 = performance.now();
  const s = await startSim({ host: '127.0.0.1', port: 0, profile: 'tiny', speedup: SPEEDUP, startupDelayMs: delayMs * SPEEDUP, ...o });
  cleanups.push(() => s.close());
  return { s, t0 };
}

/** A small server on 127.0.0.1 answering with `handler`. */
async function server(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const srv: Server = createServer(handler);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    srv.closeAllConnections();
    return new Promise((r) => srv.close(() => r()));
  });
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

async function closedPortUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

/** A send() for checkHonesty built on the real client, as the action will build it. */
function clientSend(baseUrl: string): (signal: AbortSignal) => Promise<{ ok: boolean; detail: string }> {
  const client = new OpenAIClient({ baseUrl, endpoint: 'chat', stream: true, timeouts: { connectMs: 1000, firstByteMs: 2000, idleMs: 2000, totalMs: 5000 } });
  cleanups.push(() => client.close());
  let id = 0;
  return async (signal) => {
    const r = await client.send({ model: 'tiny', prompt: 'hello', maxTokens: 4 }, { id: id++, phase: 'readiness', scheduledAt: performance.now(), signal });
    return r.outcome === 'ok' ? { ok: true, detail: 'ok' } : { ok: false, detail: `${r.outcome} ${r.error ?? ''}`.trim() };
  };
}

describe('probeUrl', () => {
  test.each([
    ['http://h:8000', '/v1/models', 'http://h:8000/v1/models'],
    ['http://h:8000/', '/v1/models', 'http://h:8000/v1/models'],
    ['http://h:8000/v1', '/v1/models', 'http://h:8000/v1/models'],
    ['http://h:8000/v1/', '/v1/models', 'http://h:8000/v1/models'],
    ['http://h:8000/v1', '/health', 'http://h:8000/health'],
    ['http://h:8000', '/health', 'http://h:8000/health'],
    ['https://h/proxy/v1', '/health', 'https://h/proxy/health'],
  ])('%s + %s → %s', (base, path, url) => {
    expect(probeUrl(base, path)).toBe(url);
  });

  test('a path without a leading slash is a clear error', () => {
    expect(() => probeUrl('http://h', 'health')).toThrow(/readiness path "health" must start with "\/"/);
  });
});

describe('waitReady', () => {
  test('without intervalMs the pauses start at 100 ms and double (as the server saw the probes)', async () => {
    const seen: number[] = [];
    const url = await server((_req, res) => {
      seen.push(performance.now());
      res.writeHead(seen.length <= 4 ? 503 : 200, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
    const r = await waitReady({ baseUrl: url, path: '/health', timeoutMs: 20_000 });
    expect(r.ready).toBe(true);
    expect(r.attempts).toBe(5);
    const gaps = seen.slice(1).map((t, i) => t - seen[i]!);
    // Timers never fire early, so each gap is at least its pause; a busy machine only adds to it.
    [100, 200, 400, 800].forEach((pause, i) => expect(gaps[i], `gap ${i + 1}: ${gaps.map(Math.round).join(', ')} ms`).toBeGreaterThanOrEqual(pause - 2));
    // Not a fixed second: the first four pauses add up to 1.5 s, four fixed ones to 4 s.
    expect(seen.at(-1)! - seen[0]!).toBeLessThan(3500);
  });

  test('not ready during the startup delay, ready after it', async () => {
    const { s, t0 } = await sim(800);
    const early = await waitReady({ baseUrl: s.url, timeoutMs: 250, intervalMs: 50 });
    expect(early.ready).toBe(false);
    expect(early.path).toBe('/v1/models');
    expect(early.lastStatus).toBe(503);
    expect(early.lastError).toBe('HTTP 503: starting up');
    expect(early.attempts).toBeGreaterThanOrEqual(3);
    expect(early.timeToReadyMs).toBeGreaterThanOrEqual(240);
    expect(early.timeToReadyMs).toBeLessThan(2000); // bounded by its timeout, not hung (a busy machine adds to it)

    const waitStart = performance.now();
    const r = await waitReady({ baseUrl: `${s.url}/v1`, timeoutMs: 5000, intervalMs: 50, model: 'tiny' });
    const readyAt = waitStart + r.timeToReadyMs - t0; // since the server started
    expect(r).toMatchObject({ ready: true, path: '/v1/models', lastStatus: 200 });
    expect(r.lastError).toBeUndefined();
    expect(readyAt).toBeGreaterThanOrEqual(780);
    expect(readyAt).toBeLessThan(3000);
    expect(r.attempts).toBeGreaterThan(1);
  });

  test('/health at the server root, also when the base URL ends in /v1', async () => {
    const { s, t0 } = await sim(400);
    const r = await waitReady({ baseUrl: `${s.url}/v1/`, path: '/health', timeoutMs: 5000, intervalMs: 50 });
    expect(r).toMatchObject({ ready: true, path: '/health', lastStatus: 200 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  test('a closed port times out with ready:false and the connection error', async () => {
    const url = await closedPortUrl();
    const t0 = performance.now();
    const r = await waitReady({ baseUrl: url, timeoutMs: 400, intervalMs: 50 });
    expect(r.ready).toBe(false);
    expect(r.lastStatus).toBeUndefined();
    expect(r.lastError).toMatch(/ECONNREFUSED/);
    expect(r.attempts).toBeGreaterThanOrEqual(3);
    expect(r.timeToReadyMs).toBeGreaterThanOrEqual(390);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  test('a probe that never answers is cut off at the deadline', async () => {
    const url = await server(() => {
      /* never answers */
    });
    const t0 = performance.now();
    const r = await waitReady({ baseUrl: url, timeoutMs: 300, intervalMs: 50 });
    expect(r.ready).toBe(false);
    expect(r.lastError).toMatch(/no answer within \d+ ms/);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  test('keeps waiting while the model is not listed, and says so', async () => {
    const { s } = await sim(0);
    const r = await waitReady({ baseUrl: s.url, timeoutMs: 300, intervalMs: 50, model: 'llama-3' });
    expect(r.ready).toBe(false);
    expect(r.lastStatus).toBe(200);
    expect(r.lastError).toBe('model "llama-3" is not listed yet (listed: tiny)');
    expect(r.attempts).toBeGreaterThanOrEqual(3);
    expect(r.timeToReadyMs).toBeGreaterThanOrEqual(290);
  });

  test('becomes ready once the model appears in the list; headers are sent', async () => {
    const t0 = performance.now();
    const seen: Array<string | undefined> = [];
    const url = await server((req, res) => {
      seen.push(req.headers.authorization);
      const data = performance.now() - t0 > 300 ? [{ id: 'other' }, { id: 'llama-3' }] : [{ id: 'other' }];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
    });
    const r = await waitReady({ baseUrl: url, timeoutMs: 5000, intervalMs: 50, model: 'llama-3', headers: { authorization: 'Bearer k' } });
    expect(r.ready).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(300);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(seen.length).toBe(r.attempts);
    expect(new Set(seen)).toEqual(new Set(['Bearer k']));
  });

  test('an invalid timeout is a clear error, not an endless loop', async () => {
    await expect(waitReady({ baseUrl: 'http://127.0.0.1:1', timeoutMs: Number.NaN })).rejects.toThrow(/waitReady timeoutMs must be a non-negative number of milliseconds, got NaN/);
    await expect(checkHonesty({ send: async () => ({ ok: true, detail: '' }), timeoutMs: -1 })).rejects.toThrow(/checkHonesty timeoutMs must be/);
  });

  test('an abort signal stops the wait', async () => {
    const url = await closedPortUrl();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const t0 = performance.now();
    const r = await waitReady({ baseUrl: url, timeoutMs: 10_000, intervalMs: 5000, signal: ac.signal });
    expect(r).toMatchObject({ ready: false, lastError: 'cancelled' });
    // The abort cut the 5 s pause short.
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  test('a long wait reports what the probe got, at most once per progressEveryMs (the action logs it every 15 s)', async () => {
    let hits = 0;
    const url = await server((req, res) => {
      hits++;
      // Loading for the first 12 probes, then ready.
      if (hits <= 12) res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model is loading' } }));
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'tiny' }] }));
    });
    const seen: { elapsedMs: number; attempts: number; lastStatus?: number; lastError?: string }[] = [];
    const r = await waitReady({ baseUrl: url, model: 'tiny', timeoutMs: 60_000, intervalMs: 20, progressEveryMs: 100, onProgress: (p) => seen.push(p) });
    expect(r.ready).toBe(true);
    expect(r.attempts).toBe(13);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    // Never more often than every 100 ms: the number of reports is bounded by the time waited.
    expect(seen.length).toBeLessThanOrEqual(Math.floor(r.timeToReadyMs / 100));
    for (let i = 0; i < seen.length; i++) {
      expect(seen[i]).toMatchObject({ lastStatus: 503, lastError: 'HTTP 503: model is loading' });
      expect(seen[i]!.elapsedMs).toBeGreaterThanOrEqual(100 * (i + 1));
      if (i > 0) expect(seen[i]!.attempts).toBeGreaterThan(seen[i - 1]!.attempts);
    }
  });

  test('no progress report when the endpoint is ready at once', async () => {
    const url = await server((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'tiny' }] })));
    const seen: unknown[] = [];
    const r = await waitReady({ baseUrl: url, model: 'tiny', timeoutMs: 10_000, progressEveryMs: 0, onProgress: (p) => seen.push(p) });
    expect(r.ready).toBe(true);
    expect(seen).toEqual([]);
  });
});

describe('checkHonesty', () => {
  test('finds a probe that says ready before completions work', async () => {
    const { s, t0 } = await sim(800, { modelsReadyBeforeCompletions: true });
    const ready = await waitReady({ baseUrl: s.url, timeoutMs: 5000, intervalMs: 50, model: 'tiny' });
    expect(ready).toMatchObject({ ready: true, attempts: 1 });

    const checkStart = performance.now();
    const h = await checkHonesty({ send: clientSend(s.url), timeoutMs: 5000, intervalMs: 50, probe: ready.path });
    const remaining = 800 - (checkStart - t0);
    expect(h.honest).toBe(false);
    expect(h.firstAttemptOk).toBe(false);
    expect(h.firstError).toMatch(/^http_5xx HTTP 503: /);
    expect(h.reallyReadyAfterMs).not.toBeNull();
    expect(h.reallyReadyAfterMs!).toBeGreaterThanOrEqual(remaining - 20);
    expect(h.reallyReadyAfterMs!).toBeLessThan(remaining + 1500);
    expect(h.attempts).toBeGreaterThan(2);
    expect(h.finding).toMatch(
      /^The readiness probe \/v1\/models said ready (\d+ ms|\d+\.\d s) before completions succeeded \(first completion: "http_5xx HTTP 503: model is still loading; retry later"; \d+ failed attempts\)\.$/,
    );
  });

  test('an honest endpoint passes on the first completion', async () => {
    const { s } = await sim(300);
    const ready = await waitReady({ baseUrl: s.url, path: '/health', timeoutMs: 5000, intervalMs: 50 });
    expect(ready.ready).toBe(true);
    const h = await checkHonesty({ send: clientSend(s.url), timeoutMs: 5000, intervalMs: 50, probe: '/health' });
    expect(h).toEqual({ honest: true, firstAttemptOk: true, reallyReadyAfterMs: 0, attempts: 1 });
  });

  test('no success before the timeout: reallyReadyAfterMs null and a finding', async () => {
    let n = 0;
    const t0 = performance.now();
    const h = await checkHonesty({
      send: async () => ({ ok: false, detail: `http_5xx HTTP 503 #${++n}` }),
      timeoutMs: 300,
      intervalMs: 50,
    });
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(h).toMatchObject({ honest: false, firstAttemptOk: false, reallyReadyAfterMs: null, firstError: 'http_5xx HTTP 503 #1' });
    expect(h.attempts).toBeGreaterThanOrEqual(4);
    expect(h.finding).toMatch(
      /^The readiness probe said ready, but no completion succeeded within \d+ ms \(\d+ attempts; first: "http_5xx HTTP 503 #1"; last: "http_5xx HTTP 503 #\d+"\)\.$/,
    );
  });

  test('a send that hangs or throws is bounded and counted as a failure', async () => {
    const t0 = performance.now();
    let aborted = false;
    const hang = await checkHonesty({
      send: (signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true))),
      timeoutMs: 200,
    });
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(aborted).toBe(true);
    expect(hang).toMatchObject({ honest: false, attempts: 1, reallyReadyAfterMs: null, firstError: 'no result within 200 ms' });

    let calls = 0;
    const thrown = await checkHonesty({
      send: async () => {
        if (++calls === 1) throw new Error('socket hang up');
        return { ok: true, detail: 'ok' };
      },
      timeoutMs: 2000,
      intervalMs: 20,
    });
    expect(thrown).toMatchObject({ honest: false, firstAttemptOk: false, attempts: 2, firstError: 'socket hang up' });
    expect(thrown.reallyReadyAfterMs).toBeGreaterThanOrEqual(15);
    const ac = new AbortController();
    ac.abort();
    const cancelled = await checkHonesty({ send: () => new Promise(() => {}), timeoutMs: 5000, signal: ac.signal });
    expect(cancelled).toMatchObject({ honest: false, attempts: 1, firstError: 'cancelled' });
    expect(cancelled.finding).toMatch(/no completion succeeded before the check was cancelled/);
    expect(thrown.finding).toMatch(/said ready \d+ ms before completions succeeded \(first completion: "socket hang up"; 1 failed attempt\)\./);
  });
});
