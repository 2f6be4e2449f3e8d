/**
 * Engine metric names → common fields, for one scrape.
 *
 * Engines are recognised by their name prefixes (`vllm:`, `sglang:`, `tgi_`, `llamacpp:`,
 * `DCGM_FI_`); one page may carry several (a federated page, or vLLM behind a proxy that
 * also exports DCGM), and every recognised engine contributes its fields.
 *
 * What each engine offers (a missing row means the engine exports no such metric):
 *
 * | field                      | vLLM (V1 / older)                                                   | SGLang                | TGI                          | llama.cpp server                    | DCGM |
 * |----------------------------|---------------------------------------------------------------------|-----------------------|------------------------------|-------------------------------------|------|
 * | kv_cache_usage (0..1)      | kv_cache_usage_perc / gpu_cache_usage_perc                          | token_usage           | — (none exported)            | kv_cache_usage_ratio (older builds) |      |
 * | prefix_cache_*_total       | prefix_cache_{queries,hits}_total / gpu_prefix_cache_{…}_total      |                       | — (none)                     | prompt_tokens_cached_total (hits; queries = hits + prompt_tokens_total, newer builds) | |
 * | prefix_cache_hit_rate      | gpu_prefix_cache_hit_rate (V0 gauge)                                | cache_hit_rate (gauge)|                              |                                     |      |
 * | requests_running           | num_requests_running                                                | num_running_reqs      | tgi_batch_current_size       | requests_processing                 |      |
 * | requests_waiting           | num_requests_waiting                                                | num_queue_reqs        | tgi_queue_size               | requests_deferred                   |      |
 * | gpu_utilization (0..1)     |                                                                     |                       |                              |                                     | DCGM_FI_DEV_GPU_UTIL / 100, else DCGM_FI_PROF_GR_ENGINE_ACTIVE |
 * | preemptions_total          | num_preemptions_total                                               |                       |                              |                                     |      |
 * | prompt/generation tokens   | prompt_tokens_total, generation_tokens_total                        | same names            | tgi_request_input_length_sum, tgi_request_generated_tokens_sum | prompt_tokens_total, tokens_predicted_total | |
 *
 * Batch slot counts are not on these pages: the observer asks llama-server's /props (total_slots,
 * else the length of /slots) and TGI's /info (max_batch_size) once per source.
 *
 * Current llama.cpp builds no longer export kv_cache_usage_ratio; TGI exports nothing about
 * KV-cache fill or prefix-cache hits (tgi_batch_current_max_tokens is the batch token budget).
 *
 * Several label sets (models, replicas, data-parallel ranks, GPUs) are combined per field:
 * - counts and counters (`sum`): summed over label sets, except that series differing only in
 *   a shard label (tp_rank, pp_rank, moe_ep_rank) are one engine seen from several ranks and
 *   count once (their max);
 * - usage fractions (`max`: KV-cache usage, GPU utilisation): the busiest series — saturation
 *   starts at the fullest replica or GPU, and idle unrelated GPUs on a node do not dilute it;
 * - hit-rate gauges (`mean`): mean over label sets.
 */
import type { Sample } from './parse.js';

export const FIELDS = [
  'kv_cache_usage',
  'prefix_cache_queries_total',
  'prefix_cache_hits_total',
  'prefix_cache_hit_rate',
  'requests_running',
  'requests_waiting',
  'gpu_utilization',
  'prompt_tokens_total',
  'generation_tokens_total',
  'preemptions_total',
] as const;
export type ServerField = (typeof FIELDS)[number];

/** One scrape's common fields; absent when the engine(s) do not export them. */
export type Reading = Partial<Record<ServerField, number>>;

export type Aggregation = 'sum' | 'max' | 'mean';

/** How label sets of each field are combined (see the module comment). */
export const FIELD_AGGREGATION: Readonly<Record<ServerField, Aggregation>> = {
  kv_cache_usage: 'max',
  prefix_cache_queries_total: 'sum',
  prefix_cache_hits_total: 'sum',
  prefix_cache_hit_rate: 'mean',
  requests_running: 'sum',
  requests_waiting: 'sum',
  gpu_utilization: 'max',
  prompt_tokens_total: 'sum',
  generation_tokens_total: 'sum',
  preemptions_total: 'sum',
};

/** Counter fields: read as deltas over a window, never as levels. */
export const COUNTER_FIELDS: ReadonlySet<ServerField> = new Set([
  'prefix_cache_queries_total',
  'prefix_cache_hits_total',
  'prompt_tokens_total',
  'generation_tokens_total',
  'preemptions_total',
]);

export type EngineName = 'vllm' | 'sglang' | 'tgi' | 'llamacpp' | 'dcgm';

/** A field is read from the first listed name present on the page (scaled by SCALE). */
interface FieldSource {
  names: readonly string[];
}

interface EngineMap {
  engine: EngineName;
  prefix: string;
  fields: Partial<Record<ServerField, FieldSource>>;
}

const ENGINE_MAPS: readonly EngineMap[] = [
  {
    engine: 'vllm',
    prefix: 'vllm:',
    fields: {
      kv_cache_usage: { names: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'] },
      prefix_cache_queries_total: { names: ['vllm:prefix_cache_queries_total', 'vllm:gpu_prefix_cache_queries_total'] },
      prefix_cache_hits_total: { names: ['vllm:prefix_cache_hits_total', 'vllm:gpu_prefix_cache_hits_total'] },
      prefix_cache_hit_rate: { names: ['vllm:gpu_prefix_cache_hit_rate'] },
      requests_running: { names: ['vllm:num_requests_running'] },
      requests_waiting: { names: ['vllm:num_requests_waiting'] },
      prompt_tokens_total: { names: ['vllm:prompt_tokens_total'] },
      generation_tokens_total: { names: ['vllm:generation_tokens_total'] },
      preemptions_total: { names: ['vllm:num_preemptions_total'] },
    },
  },
  {
    engine: 'sglang',
    prefix: 'sglang:',
    fields: {
      kv_cache_usage: { names: ['sglang:token_usage'] },
      prefix_cache_hit_rate: { names: ['sglang:cache_hit_rate'] },
      requests_running: { names: ['sglang:num_running_reqs'] },
      requests_waiting: { names: ['sglang:num_queue_reqs'] },
      prompt_tokens_total: { names: ['sglang:prompt_tokens_total'] },
      generation_tokens_total: { names: ['sglang:generation_tokens_total'] },
    },
  },
  {
    engine: 'tgi',
    prefix: 'tgi_',
    fields: {
      requests_running: { names: ['tgi_batch_current_size'] },
      requests_waiting: { names: ['tgi_queue_size'] },
      prompt_tokens_total: { names: ['tgi_request_input_length_sum'] },
      generation_tokens_total: { names: ['tgi_request_generated_tokens_sum'] },
    },
  },
  {
    engine: 'llamacpp',
    prefix: 'llamacpp:',
    fields: {
      kv_cache_usage: { names: ['llamacpp:kv_cache_usage_ratio'] },
      prefix_cache_hits_total: { names: ['llamacpp:prompt_tokens_cached_total'] },
      requests_running: { names: ['llamacpp:requests_processing'] },
      requests_waiting: { names: ['llamacpp:requests_deferred'] },
      prompt_tokens_total: { names: ['llamacpp:prompt_tokens_total'] },
      generation_tokens_total: { names: ['llamacpp:tokens_predicted_total'] },
    },
  },
  {
    engine: 'dcgm',
    prefix: 'DCGM_FI_',
    fields: {
      gpu_utilization: { names: ['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_PROF_GR_ENGINE_ACTIVE'] },
    },
  },
];

/** Per-name scale: DCGM_FI_DEV_GPU_UTIL is a percentage, everything else is already a fraction or a count. */
const SCALE: Readonly<Record<string, number>> = { DCGM_FI_DEV_GPU_UTIL: 0.01 };

/** Labels that split one engine's series by shard rather than by replica. */
const SHARD_LABELS = new Set(['tp_rank', 'pp_rank', 'moe_ep_rank']);

/** Every metric name the maps can read: pass to the parser's `accept` to skip the rest cheaply. */
const MAPPED_NAMES: ReadonlySet<string> = new Set(ENGINE_MAPS.flatMap((e) => Object.values(e.fields).flatMap((f) => f.names)));

/**
 * Names worth parsing from a page: every mapped name, plus any other name with an engine
 * prefix so the engine is still recognised (histogram buckets excluded: they are most of a
 * vLLM page and never read).
 */
export function isRelevantName(name: string): boolean {
  return MAPPED_NAMES.has(name) || (!name.endsWith('_bucket') && ENGINE_MAPS.some((e) => name.startsWith(e.prefix)));
}

/** Engines whose prefix appears among the sample names, in table order. */
function detectEngines(names: Iterable<string>): EngineName[] {
  const found = new Set<EngineName>();
  for (const n of names) for (const e of ENGINE_MAPS) if (n.startsWith(e.prefix)) found.add(e.engine);
  return ENGINE_MAPS.map((e) => e.engine).filter((e) => found.has(e));
}

/** Maps one scrape's samples to common fields; `engines` is empty when nothing is recognised. */
export function mapSamples(samples: readonly Sample[]): { engines: EngineName[]; reading: Reading } {
  const byName = new Map<string, Sample[]>();
  for (const s of samples) {
    let list = byName.get(s.name);
    if (!list) byName.set(s.name, (list = []));
    list.push(s);
  }
  const engines = detectEngines(byName.keys());
  const reading: Reading = {};
  for (const e of ENGINE_MAPS) {
    if (!engines.includes(e.engine)) continue;
    for (const [field, src] of Object.entries(e.fields) as [ServerField, FieldSource][]) {
      const name = src.names.find((n) => byName.has(n));
      if (name === undefined) continue;
      const values = combineShards(byName.get(name)!).map((v) => v * (SCALE[name] ?? 1));
      const v = aggregate(values, FIELD_AGGREGATION[field]);
      if (v === undefined) continue;
      // Two engines on one page (rare): counts add up, fractions keep the larger.
      const prev = reading[field];
      reading[field] = prev === undefined ? v : FIELD_AGGREGATION[field] === 'sum' ? prev + v : Math.max(prev, v);
    }
    // llama.cpp counts cached prompt tokens apart from the ones it processed (prompt_tokens_total
    // excludes them): every prompt token was looked up, so queries = cached + processed.
    if (e.engine === 'llamacpp') {
      const cached = byName.get('llamacpp:prompt_tokens_cached_total');
      const fresh = byName.get('llamacpp:prompt_tokens_total');
      const c =
        cached &&
        aggregate(
          cached.map((x) => x.value),
          'sum',
        );
      const f =
        fresh &&
        aggregate(
          fresh.map((x) => x.value),
          'sum',
        );
      if (c !== undefined && f !== undefined) reading.prefix_cache_queries_total = (reading.prefix_cache_queries_total ?? 0) + c + f;
    }
  }
  return { engines, reading };
}

/** Combines values over label sets; NaN values are ignored. */
export function aggregate(values: readonly number[], how: Aggregation): number | undefined {
  const ok = values.filter((v) => !Number.isNaN(v));
  if (ok.length === 0) return undefined;
  if (how === 'sum') return ok.reduce((a, b) => a + b, 0);
  if (how === 'max') return Math.max(...ok);
  return ok.reduce((a, b) => a + b, 0) / ok.length;
}

/** One value per series after collapsing shard labels (max within a group of shards). */
function combineShards(series: readonly Sample[]): number[] {
  const groups = new Map<string, number>();
  for (const s of series) {
    const key = Object.keys(s.labels)
      .filter((k) => !SHARD_LABELS.has(k))
      .sort()
      .map((k) => `${k}=${JSON.stringify(s.labels[k])}`)
      .join(',');
    const prev = groups.get(key);
    groups.set(key, prev === undefined || Number.isNaN(prev) ? s.value : Number.isNaN(s.value) ? prev : Math.max(prev, s.value));
  }
  return [...groups.values()];
}
