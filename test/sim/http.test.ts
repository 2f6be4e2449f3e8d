import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningSim, startSim } from '../../src/sim/index.js';
import { chat, post, streamCompletion } from './helpers.js';

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ profile: 'tiny', speedup: 20, seed: 7 });
});
afterAll(() => sim.close());

describe('OpenAI endpoints', () => {
  test('chat stream: role then content deltas, finish, usage chunk, [DONE]', async () => {
    const r = await streamCompletion(
      `${sim.url}/v1/chat/completions`,
      chat('tiny', 'hello world', { stream: true, max_tokens: 7, ignore_eos: true, stream_options: { include_usage: true } }),
    );
    expect(r.status).toBe(200);
    expect(r.chunks[0].object).toBe('chat.completion.chunk');
    expect(r.chunks[0].model).toBe('tiny');
    expect(r.chunks[0].choices[0].delta.role).toBe('assistant');
    const textChunks = r.chunks.filter((c) => c.choices[0]?.delta?.content);
    expect(textChunks).toHaveLength(7);
    expect(r.chunks.at(-2).choices[0].finish_reason).toBe('length');
    const usage = r.chunks.at(-1);
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ prompt_tokens: r.usage!.prompt_tokens, completion_tokens: 7, total_tokens: r.usage!.prompt_tokens + 7 });
    expect(r.done).toBe(true);
    expect(r.events.at(-1)).toBe('[DONE]');
  });

  test('no usage chunk unless include_usage', async () => {
    const r = await streamCompletion(`${sim.url}/v1/chat/completions`, chat('tiny', 'hi', { stream: true, max_tokens: 3, ignore_eos: true }));
    expect(r.usage).toBeNull();
    expect(r.done).toBe(true);
  });

  test('chat non-stream returns full object with usage; max_completion_tokens wins', async () => {
    const res = await post(`${sim.url}/v1/chat/completions`, chat('tiny', 'x'.repeat(40), { max_tokens: 50, max_completion_tokens: 5, ignore_eos: true }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('tiny');
    expect(body.choices[0].message.role).toBe('assistant');
    expect(body.choices[0].message.content.trim().split(' ')).toHaveLength(5);
    expect(body.usage.completion_tokens).toBe(5);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 5);
  });

  test('completions stream and non-stream; prompt tokens = ceil(chars / 4)', async () => {
    const prompt = 'a'.repeat(401);
    const r = await streamCompletion(`${sim.url}/v1/completions`, {
      model: 'tiny',
      prompt,
      stream: true,
      max_tokens: 4,
      ignore_eos: true,
      stream_options: { include_usage: true },
    });
    expect(r.chunks[0].object).toBe('text_completion');
    expect(r.chunks.filter((c) => c.choices[0]?.text)).toHaveLength(4);
    expect(r.usage!.prompt_tokens).toBe(101);
    const res = await post(`${sim.url}/v1/completions`, { model: 'tiny', prompt, max_tokens: 4, ignore_eos: true });
    const body = (await res.json()) as any;
    expect(body.object).toBe('text_completion');
    expect(body.choices[0].text.trim().split(' ')).toHaveLength(4);
    expect(body.usage).toEqual({ prompt_tokens: 101, completion_tokens: 4, total_tokens: 105 });
  });

  test('natural output length is capped by max_tokens and floored by min_tokens', async () => {
    const lens: number[] = [];
    for (let i = 0; i < 12; i++) {
      const b = (await (await post(`${sim.url}/v1/completions`, { model: 'tiny', prompt: `p${i}`, max_tokens: 20 })).json()) as any;
      lens.push(b.usage.completion_tokens);
      if (b.usage.completion_tokens < 20) expect(b.choices[0].finish_reason).toBe('stop');
    }
    expect(Math.max(...lens)).toBeLessThanOrEqual(20);
    expect(new Set(lens).size).toBeGreaterThan(1);
    for (let i = 0; i < 6; i++) {
      const b = (await (await post(`${sim.url}/v1/completions`, { model: 'tiny', prompt: `q${i}`, max_tokens: 30, min_tokens: 25 })).json()) as any;
      expect(b.usage.completion_tokens).toBeGreaterThanOrEqual(25);
      expect(b.usage.completion_tokens).toBeLessThanOrEqual(30);
    }
  });

  test('errors: unknown model 404, bad JSON 400, bad fields 400, too long 400, unknown route 404', async () => {
    const unknown = await post(`${sim.url}/v1/chat/completions`, chat('nope', 'hi'));
    expect(unknown.status).toBe(404);
    const e = (await unknown.json()) as any;
    expect(e.error).toMatchObject({ type: 'NotFoundError', param: 'model', code: 404 });
    expect(e.error.message).toContain('nope');
    const bad = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: '{"model": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/invalid JSON/);
    expect((await post(`${sim.url}/v1/chat/completions`, { model: 'tiny' })).status).toBe(400);
    expect((await post(`${sim.url}/v1/chat/completions`, chat('tiny', 'hi', { max_tokens: 0 }))).status).toBe(400);
    expect((await post(`${sim.url}/v1/completions`, { model: 'tiny', prompt: 'x'.repeat(9000), max_tokens: 10 })).status).toBe(400);
    expect((await fetch(`${sim.url}/v2/nothing`)).status).toBe(404);
  });

  test('GET /v1/models and /health', async () => {
    const m = (await (await fetch(`${sim.url}/v1/models`)).json()) as any;
    expect(m.object).toBe('list');
    expect(m.data.map((d: any) => d.id)).toEqual(['tiny']);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });

  test('GET /metrics exposes vLLM names labelled by model_name', async () => {
    const text = await (await fetch(`${sim.url}/metrics`)).text();
    for (const name of [
      'vllm:num_requests_running',
      'vllm:num_requests_waiting',
      'vllm:kv_cache_usage_perc',
      'vllm:prefix_cache_queries_total',
      'vllm:prefix_cache_hits_total',
      'vllm:prompt_tokens_total',
      'vllm:generation_tokens_total',
      'vllm:request_success_total',
    ]) {
      expect(text).toMatch(new RegExp(`^${name}\\{model_name="tiny"[^}]*\\} \\d`, 'm'));
    }
    expect(text).toMatch(/^vllm:time_to_first_token_seconds_bucket\{model_name="tiny",le="\+Inf"\} [1-9]/m);
    expect(text).toMatch(/^vllm:e2e_request_latency_seconds_count\{model_name="tiny"\} [1-9]/m);
    expect(text).toMatch(/^# TYPE vllm:e2e_request_latency_seconds histogram$/m);
    const gen = Number(/^vllm:generation_tokens_total\{model_name="tiny"\} (\d+)/m.exec(text)![1]);
    expect(gen).toBe(sim.stats().models[0]!.generationTokens);
  });

  test('admin: GET/POST /admin/faults, invalid update is 400, /admin/stats', async () => {
    const before = (await (await fetch(`${sim.url}/admin/faults`)).json()) as any;
    expect(before.errorRate).toBe(0);
    const upd = await post(`${sim.url}/admin/faults`, { latencyMs: 1 });
    expect(upd.status).toBe(200);
    expect(((await upd.json()) as any).latencyMs).toBe(1);
    const bad = await post(`${sim.url}/admin/faults`, { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/errorRate must be a probability/);
    expect((await post(`${sim.url}/admin/faults`, { bogus: 1 })).status).toBe(400);
    await post(`${sim.url}/admin/faults`, { latencyMs: 0 });
    const stats = (await (await fetch(`${sim.url}/admin/stats`)).json()) as any;
    expect(stats.models[0].model).toBe('tiny');
  });
});

test('several models, each with its own replicas and profile', async () => {
  const s = await startSim({
    speedup: 20,
    models: [
      { name: 'small', profile: 'tiny', replicas: 2 },
      { name: 'big', profile: { base: 'tiny', stepOverheadMs: 4 }, replicas: 3, routing: 'least-loaded' },
    ],
  });
  try {
    const m = (await (await fetch(`${s.url}/v1/models`)).json()) as any;
    expect(m.data.map((d: any) => d.id)).toEqual(['small', 'big']);
    for (const model of ['small', 'big']) {
      const b = (await (await post(`${s.url}/v1/chat/completions`, chat(model, 'hi', { max_tokens: 3, ignore_eos: true }))).json()) as any;
      expect(b.model).toBe(model);
    }
    const st = s.stats();
    expect(st.models.map((x) => x.replicas.length)).toEqual([2, 3]);
    expect(st.models.map((x) => x.completed)).toEqual([1, 1]);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain('vllm:request_success_total{model_name="big",finished_reason="length"} 1');
  } finally {
    await s.close();
  }
});
