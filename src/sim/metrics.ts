/**
 * Prometheus text exposition with vLLM metric names, labelled by model_name.
 * Latency histograms record wall-clock seconds as the client sees them (i.e. already
 * divided by speedup), so they can be compared with client-side measurements.
 */

const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];
const E2E_BUCKETS = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680];

class Histogram {
  readonly buckets: readonly number[];
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(buckets: readonly number[]) {
    this.buckets = buckets;
    this.counts = new Array(buckets.length).fill(0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]!) this.counts[i]!++;
  }
}

/** Counters and histograms for one model; gauges are read from the replicas at scrape time. */
export class ModelMetrics {
  requests = 0;
  rejected = 0;
  failed = 0;
  promptTokens = 0;
  generationTokens = 0;
  readonly success = new Map<string, number>();
  readonly ttft = new Histogram(TTFT_BUCKETS);
  readonly e2e = new Histogram(E2E_BUCKETS);

  get completed(): number {
    let n = 0;
    for (const v of this.success.values()) n += v;
    return n;
  }

  finished(reason: string, promptTokens: number, e2eSeconds: number): void {
    this.success.set(reason, (this.success.get(reason) ?? 0) + 1);
    this.promptTokens += promptTokens;
    this.e2e.observe(e2eSeconds);
  }
}

/** Scrape-time gauge values for one model. */
export interface ModelGauges {
  running: number;
  waiting: number;
  kvUsage: number;
  prefixQueries: number;
  prefixHits: number;
}

/** Renders all models' metrics in Prometheus text format 0.0.4. */
export function renderMetrics(models: { name: string; metrics: ModelMetrics; gauges: ModelGauges }[]): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string, lines: (m: (typeof models)[number], l: string) => string[]): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const m of models) out.push(...lines(m, `model_name=${JSON.stringify(m.name)}`));
  };
  const simple = (name: string, type: string, help: string, get: (m: (typeof models)[number]) => number): void => family(name, type, help, (m, l) => [`${name}{${l}} ${get(m)}`]);
  simple('vllm:num_requests_running', 'gauge', 'Requests in the running batch.', (m) => m.gauges.running);
  simple('vllm:num_requests_waiting', 'gauge', 'Requests waiting to be scheduled.', (m) => m.gauges.waiting);
  simple('vllm:kv_cache_usage_perc', 'gauge', 'KV cache usage, 1 = full.', (m) => m.gauges.kvUsage);
  simple('vllm:prefix_cache_queries_total', 'counter', 'Prompt tokens looked up in the prefix cache.', (m) => m.gauges.prefixQueries);
  simple('vllm:prefix_cache_hits_total', 'counter', 'Prompt tokens found in the prefix cache.', (m) => m.gauges.prefixHits);
  simple('vllm:prompt_tokens_total', 'counter', 'Prefill tokens processed.', (m) => m.metrics.promptTokens);
  simple('vllm:generation_tokens_total', 'counter', 'Generation tokens processed.', (m) => m.metrics.generationTokens);
  family('vllm:request_success_total', 'counter', 'Successfully finished requests.', (m, l) =>
    [...m.metrics.success].map(([reason, n]) => `vllm:request_success_total{${l},finished_reason="${reason}"} ${n}`),
  );
  histogram(out, models, 'vllm:time_to_first_token_seconds', 'Time to first token in seconds.', (m) => m.metrics.ttft);
  histogram(out, models, 'vllm:e2e_request_latency_seconds', 'End-to-end request latency in seconds.', (m) => m.metrics.e2e);
  return out.join('\n') + '\n';
}

function histogram<M extends { name: string }>(out: string[], models: M[], name: string, help: string, get: (m: M) => Histogram): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const m of models) {
    const h = get(m);
    const l = `model_name=${JSON.stringify(m.name)}`;
    h.buckets.forEach((b, i) => out.push(`${name}_bucket{${l},le="${b}"} ${h.counts[i]}`));
    out.push(`${name}_bucket{${l},le="+Inf"} ${h.count}`, `${name}_sum{${l}} ${h.sum}`, `${name}_count{${l}} ${h.count}`);
  }
}
