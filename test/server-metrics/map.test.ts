/** Engine metric names → common fields, from hand-written example pages of each engine. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { isRelevantName, mapSamples } from '../../src/servermetrics/map.js';
import { parsePrometheusText } from '../../src/servermetrics/parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const map = (text: string) => {
  const parsed = parsePrometheusText(text);
  expect(parsed.malformed).toBe(0);
  return mapSamples(parsed.samples);
};

test('vLLM V1 names: two models summed, KV usage is the busiest model', () => {
  const { engines, reading } = map(fixture('vllm-v1.txt'));
  expect(engines).toEqual(['vllm']);
  expect(reading).toEqual({
    kv_cache_usage: 0.8125,
    prefix_cache_queries_total: 1_500_000,
    prefix_cache_hits_total: 900_000,
    requests_running: 30,
    requests_waiting: 3,
    prompt_tokens_total: 1_500_000,
    generation_tokens_total: 505_531,
  });
});

test('older vLLM names: gpu_cache_usage_perc and the V0 hit-rate gauge', () => {
  const { engines, reading } = map(fixture('vllm-v0.txt'));
  expect(engines).toEqual(['vllm']);
  expect(reading).toMatchObject({ kv_cache_usage: 0.955, prefix_cache_hit_rate: 0.4375, requests_running: 17, requests_waiting: 5 });
  expect(reading.prefix_cache_queries_total).toBeUndefined();
});

test('vLLM 0.8-era counters vllm:gpu_prefix_cache_*_total are read too', () => {
  const { reading } = map('vllm:gpu_prefix_cache_queries_total{model_name="m"} 100\nvllm:gpu_prefix_cache_hits_total{model_name="m"} 40\n');
  expect(reading).toEqual({ prefix_cache_queries_total: 100, prefix_cache_hits_total: 40 });
});

test('SGLang: token_usage is the KV fill, cache_hit_rate a gauge', () => {
  const { engines, reading } = map(fixture('sglang.txt'));
  expect(engines).toEqual(['sglang']);
  expect(reading).toEqual({
    kv_cache_usage: 0.28,
    prefix_cache_hit_rate: 0.6632,
    requests_running: 52,
    requests_waiting: 7,
    prompt_tokens_total: 8_128_902,
    generation_tokens_total: 7_557_572,
  });
});

test('SGLang tensor-parallel ranks count once; data-parallel replicas add up', () => {
  const text = [
    'sglang:num_running_reqs{model_name="m",dp_rank="0",tp_rank="0"} 10',
    'sglang:num_running_reqs{model_name="m",dp_rank="0",tp_rank="1"} 10',
    'sglang:num_running_reqs{model_name="m",dp_rank="1",tp_rank="0"} 4',
    'sglang:num_running_reqs{model_name="m",dp_rank="1",tp_rank="1"} 4',
  ].join('\n');
  expect(map(text).reading.requests_running).toBe(14);
});

test('TGI: running and waiting, token sums; no KV-cache or prefix metric exists', () => {
  const { engines, reading } = map(fixture('tgi.txt'));
  expect(engines).toEqual(['tgi']);
  expect(reading).toEqual({ requests_running: 32, requests_waiting: 4, prompt_tokens_total: 1_201_554, generation_tokens_total: 402_873 });
});

test('llama.cpp: kv_cache_usage_ratio only on older builds', () => {
  const old = map(fixture('llamacpp-old.txt'));
  expect(old.engines).toEqual(['llamacpp']);
  expect(old.reading).toEqual({ kv_cache_usage: 0.6, requests_running: 4, requests_waiting: 2, prompt_tokens_total: 33065, generation_tokens_total: 7801 });
  const cur = map(fixture('llamacpp.txt'));
  expect(cur.engines).toEqual(['llamacpp']);
  expect(cur.reading).toEqual({ requests_running: 1, requests_waiting: 0, prompt_tokens_total: 91240, generation_tokens_total: 20417 });
});

test('llama.cpp (recorded): prompt cache hits are the cached tokens, queries cached + processed', () => {
  const { engines, reading } = map(fixture('llamacpp-recorded-cache-after.txt'));
  expect(engines).toEqual(['llamacpp']);
  expect(reading).toMatchObject({ prefix_cache_hits_total: 1371, prefix_cache_queries_total: 1371 + 39833, prompt_tokens_total: 39833, requests_running: 0, requests_waiting: 0 });
  expect(map(fixture('llamacpp-recorded-busy.txt')).reading).toMatchObject({
    prefix_cache_hits_total: 0,
    prefix_cache_queries_total: 3540,
    requests_running: 4,
    requests_waiting: 4,
  });
});

test('DCGM: GPU utilisation 0..100 → 0..1, busiest GPU; GR_ENGINE_ACTIVE as fallback', () => {
  const { engines, reading } = map(fixture('dcgm.txt'));
  expect(engines).toEqual(['dcgm']);
  expect(reading).toEqual({ gpu_utilization: 0.97 });
  const prof = map('DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="0"} 0.5\nDCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="1"} 0.75\n');
  expect(prof.reading).toEqual({ gpu_utilization: 0.75 });
});

test('a page with two engines (vLLM + DCGM) gives both; unknown pages give nothing', () => {
  const both = map(fixture('vllm-v1.txt') + fixture('dcgm.txt'));
  expect(both.engines).toEqual(['vllm', 'dcgm']);
  expect(both.reading).toMatchObject({ kv_cache_usage: 0.8125, gpu_utilization: 0.97, requests_running: 30 });
  expect(map('process_cpu_seconds_total 12\nhttp_requests_total{code="200"} 5\n')).toEqual({ engines: [], reading: {} });
});

test('NaN series are ignored when combining', () => {
  expect(map('vllm:kv_cache_usage_perc{model_name="a"} NaN\nvllm:kv_cache_usage_perc{model_name="b"} 0.4\n').reading).toEqual({ kv_cache_usage: 0.4 });
});

test('the observer parses only what the maps can use (plus enough to recognise the engine)', () => {
  const text = fixture('vllm-v1.txt');
  const kept = parsePrometheusText(text, { accept: isRelevantName }).samples;
  expect(kept.some((s) => s.name.endsWith('_bucket'))).toBe(false);
  expect(kept.some((s) => s.name.startsWith('python_'))).toBe(false);
  expect(mapSamples(kept)).toEqual(mapSamples(parsePrometheusText(text).samples));
});
