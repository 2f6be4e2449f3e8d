import { afterEach, describe, expect, test } from 'vitest';
import { type RunningSim, type SimOptions, startSim } from '../../src/sim/index.js';
import { chat, post, sleep, streamCompletion } from './helpers.js';

let sim: RunningSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
async function start(o: Partial<SimOptions>): Promise<RunningSim> {
  sim = await startSim({ profile: 'tiny', speedup: 10, ...o });
  return sim;
}
const streamBody = (n = 8) => chat('tiny', 'tell me something', { stream: true, max_tokens: n, ignore_eos: true, stream_options: { include_usage: true } });

describe('request faults', () => {
  test('errorRate returns the configured statuses as OpenAI errors', async () => {
    const s = await start({ faults: { errorRate: 1, errorStatuses: [429, 503] } });
    const statuses = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const r = await post(`${s.url}/v1/chat/completions`, chat('tiny', 'hi'));
      statuses.add(r.status);
      expect(((await r.json()) as any).error.code).toBe(r.status);
    }
    expect(statuses).toEqual(new Set([429, 503]));
    s.setFaults({ errorRate: 0 });
    expect((await post(`${s.url}/v1/chat/completions`, chat('tiny', 'hi', { max_tokens: 2 }))).status).toBe(200);
  });

  test('latencyMs adds (simulated) delay before the first token', async () => {
    const s = await start({ faults: { latencyMs: 2000 } }); // 200 ms real at speedup 10
    const r = await streamCompletion(`${s.url}/v1/chat/completions`, streamBody(2));
    expect(r.ttftMs!).toBeGreaterThanOrEqual(190);
  });
});

describe('stream faults', () => {
  test('reset mid-stream destroys the socket after k chunks', async () => {
    const s = await start({ faults: { resetRate: 1, resetAfterChunks: 3 } });
    const r = await streamCompletion(`${s.url}/v1/chat/completions`, streamBody(10));
    expect(r.reset).toBe(true);
    expect(r.chunks).toHaveLength(3);
    expect(r.done).toBe(false);
    await sleep(20);
    expect(s.stats().models[0]!.failed).toBe(1);
    expect(s.stats().models[0]!.replicas[0]!.running).toBe(0);
  });

  test('stall after first token', async () => {
    const s = await start({ faults: { stallRate: 1, stallMs: 3000 } }); // 300 ms real
    const r = await streamCompletion(`${s.url}/v1/chat/completions`, streamBody(6));
    expect(Math.max(...r.gapsMs)).toBeGreaterThanOrEqual(250);
    expect(r.content.trim().split(' ')).toHaveLength(6);
    expect(r.done).toBe(true);
  });

  test('malformed chunk, missing [DONE], missing usage', async () => {
    const s = await start({ faults: { malformedRate: 1, missingDoneRate: 1, missingUsageRate: 1 } });
    const r = await streamCompletion(`${s.url}/v1/chat/completions`, streamBody(5));
    expect(r.malformed).toBe(1);
    expect(r.done).toBe(false);
    expect(r.usage).toBeNull();
    expect(r.reset).toBe(false);
  });

  test('reasoning chunks before content, several tokens per chunk', async () => {
    const s = await start({ faults: { reasoningTokens: 4, tokensPerChunk: 3 } });
    const r = await streamCompletion(`${s.url}/v1/chat/completions`, streamBody(10));
    const kinds = r.chunks.filter((c) => c.choices[0]?.delta?.content || c.choices[0]?.delta?.reasoning_content).map((c) => (c.choices[0].delta.reasoning_content ? 'r' : 'c'));
    expect(kinds.join('')).toBe('rrccc'); // 3+1 reasoning tokens, then 2+3+1 content tokens
    expect(r.reasoning.trim().split(' ')).toHaveLength(4);
    expect(r.content.trim().split(' ')).toHaveLength(6);
    expect(r.usage!.completion_tokens).toBe(10);
    const full = (await (await post(`${s.url}/v1/chat/completions`, chat('tiny', 'x', { max_tokens: 6, ignore_eos: true }))).json()) as any;
    expect(full.choices[0].message.reasoning_content.trim().split(' ')).toHaveLength(4);
  });
});

describe('queue bound', () => {
  test('requests beyond the waiting-queue bound get 503 (or the configured status)', async () => {
    for (const status of [503, 429]) {
      const s = await start({ profile: { base: 'tiny', maxNumSeqs: 1, maxWaiting: 2, rejectStatus: status }, speedup: 1 });
      const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => post(`${s.url}/v1/completions`, { model: 'tiny', prompt: `x${i}`, max_tokens: 10, ignore_eos: true })));
      const codes = rs.map((r) => r.status);
      expect(codes.filter((c) => c === 200).length).toBe(3);
      expect(codes.filter((c) => c === status).length).toBe(5);
      expect(rs.find((r) => r.status === status)!.headers.get('retry-after')).toBe('1');
      await Promise.all(rs.map((r) => r.text()));
      await s.close();
      sim = null;
    }
  });
});

describe('replica crash', () => {
  test('in-flight requests fail, router keeps sending until detection, then recovery', async () => {
    const s = await start({ replicas: 2, routing: 'round-robin', profile: 'tiny', speedup: 10 });
    // Long requests on both replicas; crash replica 0 shortly after they start.
    const inflight = [0, 1].map((i) => streamCompletion(`${s.url}/v1/completions`, { model: 'tiny', prompt: `long ${i}`, max_tokens: 400, ignore_eos: true, stream: true }));
    await sleep(30);
    s.setFaults({ crashes: [{ replica: 0, atMs: 0, detectionMs: 3000, recoverAfterMs: 6000 }] });
    const [a, b] = await Promise.all(inflight);
    const crashed = [a!, b!].filter((r) => r.reset);
    expect(crashed).toHaveLength(1);
    expect(s.stats().models[0]!.replicas[0]!.up).toBe(false);
    // Before detection (300 ms real) round-robin still sends half the requests to the dead replica.
    const before = await Promise.all(
      Array.from({ length: 4 }, (_, i) => streamCompletion(`${s.url}/v1/completions`, { model: 'tiny', prompt: `b${i}`, max_tokens: 2, stream: true })),
    );
    expect(before.filter((r) => r.reset).length).toBe(2);
    await sleep(320);
    const after = await Promise.all(
      Array.from({ length: 4 }, (_, i) => streamCompletion(`${s.url}/v1/completions`, { model: 'tiny', prompt: `c${i}`, max_tokens: 2, stream: true })),
    );
    expect(after.every((r) => !r.reset && r.done)).toBe(true);
    await sleep(320); // recovery at 600 ms real after the crash
    expect(s.stats().models[0]!.replicas[0]!.up).toBe(true);
    const rec = await Promise.all(Array.from({ length: 4 }, (_, i) => post(`${s.url}/v1/completions`, { model: 'tiny', prompt: `d${i}`, max_tokens: 2 })));
    expect(rec.every((r) => r.status === 200)).toBe(true);
    expect(s.stats().models[0]!.replicas[0]!.steps).toBeGreaterThan(0);
  });

  test('crash config at start; invalid replica index is rejected', async () => {
    await expect(startSim({ profile: 'tiny', faults: { crashes: [{ replica: 3, atMs: 0 }] } })).rejects.toThrow(/has 1 replicas/);
    const s = await start({ faults: { crashes: [{ replica: 0, atMs: 0, detectionMs: 0 }] } });
    await sleep(20);
    const r = await post(`${s.url}/v1/chat/completions`, chat('tiny', 'hi'));
    expect(r.status).toBe(503);
    expect(((await r.json()) as any).error.message).toMatch(/no healthy replica/);
  });
});

describe('readiness', () => {
  test('startup delay: /health, /v1/models and completions 503 until ready', async () => {
    const s = await start({ startupDelayMs: 3000 }); // 300 ms real
    expect((await fetch(`${s.url}/health`)).status).toBe(503);
    expect((await fetch(`${s.url}/v1/models`)).status).toBe(503);
    expect((await post(`${s.url}/v1/chat/completions`, chat('tiny', 'hi'))).status).toBe(503);
    await sleep(320);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    expect((await fetch(`${s.url}/v1/models`)).status).toBe(200);
    expect((await post(`${s.url}/v1/chat/completions`, chat('tiny', 'hi', { max_tokens: 2 }))).status).toBe(200);
  });

  test('readiness lie: /v1/models is 200 while completions still 503', async () => {
    const s = await start({ startupDelayMs: 3000, modelsReadyBeforeCompletions: true });
    expect((await fetch(`${s.url}/v1/models`)).status).toBe(200);
    expect((await post(`${s.url}/v1/chat/completions`, chat('tiny', 'hi'))).status).toBe(503);
    await sleep(320);
    expect((await post(`${s.url}/v1/chat/completions`, chat('tiny', 'hi', { max_tokens: 2 }))).status).toBe(200);
  });
});
