/**
 * Background scraper of server-side metrics, summarised per named window (one per gate phase
 * or level).
 *
 * - Scrapes only while at least one window is open, every `intervalMs`, plus once when a
 *   window begins and once when it ends (so a short window still has both ends for counter
 *   deltas). At most one scrape per source is in flight; a source that is still busy when the
 *   next tick comes is skipped for that tick.
 * - Nothing here blocks the load generator: scrapes are plain async fetches with a timeout,
 *   and only metric names the mapping reads are parsed. Failures (refused, timeout, HTTP
 *   status, bad JSON) are counted per window, never thrown.
 * - kind 'metrics' reads an engine's (or exporter's) Prometheus text page; kind 'prometheus'
 *   asks a Prometheus server's HTTP API (/api/v1/query, instant vectors) one PromQL query
 *   per field. Counter deltas from a Prometheus server are only as fresh as its own scrape
 *   interval, so give windows several of its scrape intervals.
 *
 * - The engine's batch slot count is not on its /metrics page: once per 'metrics' source whose
 *   page shows llama.cpp (or TGI), the observer asks the same server's /props (total_slots,
 *   else the length of /slots) or /info (max_batch_size) — at most two requests per source per
 *   run, never retried; a failure just leaves the count unknown.
 *
 * Window summary: gauges are mean and max over the window's scrapes; the prefix-cache hit
 * rate is Δhits / Δqueries between the window's first and last scrape (counter resets
 * handled as Prometheus does), falling back to the mean of a hit-rate gauge (SGLang, vLLM V0)
 * when there are no counters or no lookups happened. Several sources combine as the
 * mapping combines label sets: running/waiting add up (the max of a sum is bounded by the sum
 * of maxes, which is what we report), usage fractions keep the busiest source.
 */
import { realClock, type Clock, type TimerHandle } from '../util/clock.js';
import { redactUrl } from '../util/url.js';
import { COUNTER_FIELDS, FIELD_AGGREGATION, FIELDS, aggregate, isRelevantName, mapSamples, type Reading, type ServerField } from './map.js';
import { parseValue, prometheusTextParser, type MetricsTextParser } from './parse.js';

export interface ServerSource {
  url: string;
  /** 'metrics' (default): a Prometheus text page. 'prometheus': a Prometheus server's base URL. */
  kind?: 'metrics' | 'prometheus';
  /** kind 'prometheus': PromQL per field, merged over DEFAULT_PROMETHEUS_QUERIES; '' drops a field. */
  query?: Partial<Record<ServerField, string>>;
  /** Extra request headers for this source (merged over the observer's). */
  headers?: Record<string, string>;
}

export interface ServerObserverOptions {
  /** Scrape period while a window is open. Default 1000. */
  intervalMs?: number;
  /** Per-request timeout. Default min(5000, max(1000, 2 × intervalMs)). */
  timeoutMs?: number;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Text-format parser; defaults to the built-in one. */
  parser?: MetricsTextParser;
  /** Times the windows and the scrape period (the gate's clock); request timeouts stay real. Default realClock. */
  clock?: Clock;
}

export interface GaugeStats {
  mean: number;
  max: number;
}

export interface ServerWindow {
  /** Detected engines joined with '+', e.g. "vllm" or "vllm+dcgm"; "prometheus" for API sources; "unknown" if none. */
  engine: string;
  /** Scrapes in the window that returned data (over all sources; a Prometheus scrape where only some queries failed counts here and in scrape_errors). */
  samples: number;
  scrape_errors: number;
  /** The most recent scrape error's message, if any. */
  last_error?: string;
  kv_cache_usage?: GaugeStats;
  /** Δhits / Δqueries over the window (vLLM counters), or the mean of a hit-rate gauge. */
  prefix_cache_hit_rate?: number;
  requests_running?: GaugeStats;
  requests_waiting?: GaugeStats;
  gpu_utilization?: GaugeStats;
  /** The engine's batch slot count (llama.cpp total_slots, TGI max_batch_size), summed over sources that report one. */
  batch_slots?: number;
  /** Requests the engine preempted during the window (vLLM num_preemptions_total delta). */
  preemptions?: number;
  /** Server-side token throughput from counter deltas over the window. */
  prompt_tokens_per_s?: number;
  generation_tokens_per_s?: number;
}

export interface ServerObserver {
  /** Opens (or restarts) a named window and scrapes at once. */
  beginWindow(name: string): void;
  /** Closes a window after one last scrape; undefined if no such window is open. */
  endWindow(name: string): Promise<ServerWindow | undefined>;
  /** Stops scraping and waits for in-flight requests to end (they are aborted). */
  stop(): Promise<void>;
}

/** Default PromQL for kind 'prometheus' (vLLM names; DCGM for the GPU). */
export const DEFAULT_PROMETHEUS_QUERIES: Readonly<Partial<Record<ServerField, string>>> = {
  kv_cache_usage: 'max(vllm:kv_cache_usage_perc or vllm:gpu_cache_usage_perc)',
  prefix_cache_queries_total: 'sum(vllm:prefix_cache_queries_total)',
  prefix_cache_hits_total: 'sum(vllm:prefix_cache_hits_total)',
  requests_running: 'sum(vllm:num_requests_running)',
  requests_waiting: 'sum(vllm:num_requests_waiting)',
  gpu_utilization: 'max(DCGM_FI_DEV_GPU_UTIL) / 100',
  preemptions_total: 'sum(vllm:num_preemptions_total)',
  prompt_tokens_total: 'sum(vllm:prompt_tokens_total)',
  generation_tokens_total: 'sum(vllm:generation_tokens_total)',
};

export interface ScrapeRecord {
  /** clock.now() when the request was sent. */
  at: number;
  reading?: Reading;
  engines?: string[];
  error?: string;
}

interface SourceState {
  src: ServerSource;
  records: ScrapeRecord[];
  inflight?: Promise<void>;
  /** Scrape again as soon as the in-flight one ends (a window began meanwhile). */
  again: boolean;
  /** The engine's slot count, once asked (undefined: not asked yet or not known). */
  slots?: number;
  slotsAsked: boolean;
}

export function startServerObserver(sources: ServerSource[], opts: ServerObserverOptions = {}): ServerObserver {
  const intervalMs = Math.max(10, opts.intervalMs ?? 1000);
  const timeoutMs = opts.timeoutMs ?? Math.min(5000, Math.max(1000, 2 * intervalMs));
  const parser = opts.parser ?? prometheusTextParser;
  const clock = opts.clock ?? realClock;
  const stopper = new AbortController();
  const windows = new Map<string, number>();
  const states: SourceState[] = sources.map((src) => ({ src, records: [], again: false, slotsAsked: false }));
  let stopped = false;

  const scrape = async (st: SourceState): Promise<ScrapeRecord> => {
    const at = clock.now();
    const signal = AbortSignal.any([stopper.signal, AbortSignal.timeout(timeoutMs)]);
    const headers = { ...opts.headers, ...st.src.headers };
    try {
      if (st.src.kind === 'prometheus') return { at, ...(await scrapePrometheus(st.src, headers, signal)) };
      const res = await fetch(st.src.url, { headers: { accept: 'text/plain', ...headers }, signal });
      const body = await res.text();
      if (!res.ok) return { at, error: `HTTP ${res.status} from ${redactUrl(st.src.url)}` };
      const { engines, reading } = mapSamples(parser.parse(body, { accept: isRelevantName }).samples);
      if (!st.slotsAsked && (engines.includes('llamacpp') || engines.includes('tgi'))) {
        st.slotsAsked = true;
        st.slots = await fetchSlots(st.src.url, engines.includes('llamacpp') ? 'llamacpp' : 'tgi', headers, signal);
      }
      return { at, reading, engines };
    } catch (e) {
      return { at, error: redactUrl(describeError(e, st.src.url, timeoutMs)) };
    }
  };

  const kick = (st: SourceState): Promise<void> => {
    if (st.inflight) {
      st.again = true;
      return st.inflight;
    }
    const p = scrape(st).then((rec) => {
      if (windows.size > 0) st.records.push(rec);
    });
    st.inflight = p.finally(() => {
      st.inflight = undefined;
      if (st.again && !stopped && windows.size > 0) {
        st.again = false;
        void kick(st);
      }
    });
    return st.inflight;
  };

  /** Waits until the source has a scrape that started at or after `after`. */
  const fresh = async (st: SourceState, after: number): Promise<void> => {
    for (let i = 0; i < 3 && !stopped; i++) {
      const last = st.records.at(-1);
      if (last && last.at >= after) return;
      await (st.inflight ?? kick(st));
    }
  };

  // One pending tick at most, and only while a window is open.
  let tick: TimerHandle | undefined;
  const schedule = (): void => {
    if (stopped || windows.size === 0 || tick) return;
    tick = clock.setTimer(() => {
      tick = undefined;
      if (stopped || windows.size === 0) return;
      for (const st of states) if (!st.inflight) void kick(st);
      schedule();
    }, intervalMs);
  };

  return {
    beginWindow(name) {
      if (stopped) return;
      windows.set(name, clock.now());
      for (const st of states) void kick(st);
      schedule();
    },
    async endWindow(name) {
      const begin = windows.get(name);
      if (begin === undefined) return undefined;
      const end = clock.now();
      await Promise.all(states.map((st) => fresh(st, end)));
      windows.delete(name);
      const w = summarise(states.map((st) => ({ kind: st.src.kind ?? 'metrics', records: st.records.filter((r) => r.at >= begin), slots: st.slots })));
      // Keep only what open windows still need.
      const oldest = Math.min(...windows.values());
      for (const st of states) st.records = windows.size ? st.records.filter((r) => r.at >= oldest) : [];
      if (windows.size === 0) {
        tick?.cancel();
        tick = undefined;
      }
      return w;
    },
    async stop() {
      stopped = true;
      tick?.cancel();
      tick = undefined;
      stopper.abort();
      await Promise.all(states.map((st) => st.inflight));
    },
  };
}

/**
 * The engine's batch slot count from its info endpoint, beside the metrics page: llama.cpp
 * /props total_slots (else the number of entries of /slots), TGI /info max_batch_size.
 * Undefined when the endpoint is missing, disabled or says nothing usable.
 */
export async function fetchSlots(metricsUrl: string, engine: 'llamacpp' | 'tgi', headers: Record<string, string>, signal: AbortSignal): Promise<number | undefined> {
  const get = async (path: string): Promise<unknown> => {
    try {
      const res = await fetch(new URL(path, metricsUrl), { headers: { accept: 'application/json', ...headers }, signal });
      const text = await res.text();
      return res.ok ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      return undefined;
    }
  };
  const count = (x: unknown): number | undefined => (typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : undefined);
  if (engine === 'tgi') return count(((await get('info')) as { max_batch_size?: unknown } | undefined)?.max_batch_size);
  const props = (await get('props')) as { total_slots?: unknown } | undefined;
  const n = count(props?.total_slots);
  if (n !== undefined || signal.aborted) return n;
  const slots = await get('slots');
  return Array.isArray(slots) && slots.length > 0 ? slots.length : undefined;
}

async function scrapePrometheus(src: ServerSource, headers: Record<string, string>, signal: AbortSignal): Promise<Omit<ScrapeRecord, 'at'>> {
  const base = src.url.replace(/\/+$/, '');
  const endpoint = /\/api\/v1\/query$/.test(base) ? base : `${base}/api/v1/query`;
  const queries = Object.entries({ ...DEFAULT_PROMETHEUS_QUERIES, ...src.query }).filter((e): e is [ServerField, string] => typeof e[1] === 'string' && e[1] !== '');
  const results = await Promise.allSettled(
    queries.map(async ([field, q]) => {
      const res = await fetch(`${endpoint}?query=${encodeURIComponent(q)}`, { headers: { accept: 'application/json', ...headers }, signal });
      const text = await res.text();
      let body: PromResponse;
      try {
        body = JSON.parse(text) as PromResponse;
      } catch {
        throw new Error(`HTTP ${res.status} from ${endpoint}: not JSON`);
      }
      if (body.status !== 'success') throw new Error(`Prometheus ${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? 'query failed'} (${field}: ${q})`);
      return [field, promValue(body, FIELD_AGGREGATION[field])] as const;
    }),
  );
  const reading: Reading = {};
  let error: string | undefined;
  for (const r of results) {
    if (r.status === 'rejected') error ??= describeError(r.reason, endpoint, 0);
    else if (r.value[1] !== undefined) reading[r.value[0]] = r.value[1];
  }
  // Any failed query marks the scrape as an error, but the fields that came back still count.
  const ok = results.some((r) => r.status === 'fulfilled');
  return { ...(ok ? { reading, engines: ['prometheus'] } : {}), ...(error !== undefined ? { error } : {}) };
}

interface PromResponse {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown };
}

/** The value of an instant query: vector results are combined over series; empty → undefined. */
function promValue(body: PromResponse, how: 'sum' | 'max' | 'mean'): number | undefined {
  const d = body.data;
  if (!d || !Array.isArray(d.result)) return undefined;
  if (d.resultType === 'scalar') return parseValue(String((d.result as unknown[])[1]));
  if (d.resultType !== 'vector') return undefined;
  const values = (d.result as { value?: unknown[] }[]).map((s) => parseValue(String(s.value?.[1] ?? ''))).filter((v): v is number => v !== undefined);
  return aggregate(values, how);
}

function describeError(e: unknown, url: string, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `timed out after ${timeoutMs} ms: ${url}`;
  if (err?.name === 'AbortError') return `aborted: ${url}`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}${err?.message?.includes(url) ? '' : `: ${url}`}`;
}

const GAUGES = ['kv_cache_usage', 'requests_running', 'requests_waiting', 'gpu_utilization'] as const;

interface SourceSummary {
  gauges: Partial<Record<(typeof GAUGES)[number] | 'prefix_cache_hit_rate', GaugeStats>>;
  deltas: Partial<Record<ServerField, { delta: number; spanMs: number }>>;
}

/** Builds a window summary from each source's records inside the window. */
export function summarise(sources: { kind: string; records: ScrapeRecord[]; slots?: number }[]): ServerWindow {
  const engines = new Set<string>();
  let samples = 0;
  let errors = 0;
  let lastError: { at: number; msg: string } | undefined;
  const perSource: SourceSummary[] = [];
  for (const s of sources) {
    const ok = s.records.filter((r) => r.reading);
    samples += ok.length;
    for (const r of s.records) {
      if (r.error === undefined) continue;
      errors++;
      if (!lastError || r.at >= lastError.at) lastError = { at: r.at, msg: r.error };
    }
    for (const r of ok) for (const e of r.engines ?? []) engines.add(e);
    const sum: SourceSummary = { gauges: {}, deltas: {} };
    for (const f of [...GAUGES, 'prefix_cache_hit_rate'] as const) {
      const v = ok.map((r) => r.reading![f]).filter((x): x is number => x !== undefined && Number.isFinite(x));
      if (v.length) sum.gauges[f] = { mean: v.reduce((a, b) => a + b, 0) / v.length, max: Math.max(...v) };
    }
    for (const f of FIELDS) {
      if (!COUNTER_FIELDS.has(f)) continue;
      const pts = ok.map((r) => ({ at: r.at, v: r.reading![f] })).filter((p): p is { at: number; v: number } => p.v !== undefined && Number.isFinite(p.v));
      if (pts.length < 2) continue;
      let delta = 0;
      for (let i = 1; i < pts.length; i++) {
        const d = pts[i]!.v - pts[i - 1]!.v;
        delta += d >= 0 ? d : pts[i]!.v; // a drop means the counter restarted from zero
      }
      sum.deltas[f] = { delta, spanMs: pts.at(-1)!.at - pts[0]!.at };
    }
    perSource.push(sum);
  }
  const order = ['vllm', 'sglang', 'tgi', 'llamacpp', 'prometheus', 'dcgm'];
  const w: ServerWindow = {
    engine: engines.size ? [...engines].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join('+') : 'unknown',
    samples,
    scrape_errors: errors,
  };
  if (lastError) w.last_error = lastError.msg;
  const slots = sources.map((s) => s.slots).filter((n): n is number => n !== undefined);
  if (slots.length) w.batch_slots = slots.reduce((a, b) => a + b, 0);
  for (const f of GAUGES) {
    const st = perSource.map((p) => p.gauges[f]).filter((x): x is GaugeStats => x !== undefined);
    if (!st.length) continue;
    const add = FIELD_AGGREGATION[f] === 'sum';
    const comb = (k: 'mean' | 'max') => (add ? st.reduce((a, b) => a + b[k], 0) : Math.max(...st.map((x) => x[k])));
    w[f] = { mean: round4(comb('mean')), max: round4(comb('max')) };
  }
  const sumDelta = (f: ServerField) => {
    const d = perSource.map((p) => p.deltas[f]).filter((x) => x !== undefined);
    return d.length ? d.reduce((a, b) => a + b.delta, 0) : undefined;
  };
  const pre = sumDelta('preemptions_total');
  if (pre !== undefined) w.preemptions = pre;
  const q = sumDelta('prefix_cache_queries_total');
  const h = sumDelta('prefix_cache_hits_total');
  if (q !== undefined && h !== undefined && q > 0) w.prefix_cache_hit_rate = round4(Math.min(1, h / q));
  else {
    const g = perSource.map((p) => p.gauges.prefix_cache_hit_rate).filter((x) => x !== undefined);
    if (g.length) w.prefix_cache_hit_rate = round4(g.reduce((a, b) => a + b.mean, 0) / g.length);
  }
  for (const [f, key] of [
    ['prompt_tokens_total', 'prompt_tokens_per_s'],
    ['generation_tokens_total', 'generation_tokens_per_s'],
  ] as const) {
    const rates = perSource
      .map((p) => p.deltas[f])
      .filter((d) => d !== undefined && d.spanMs > 0)
      .map((d) => (d!.delta / d!.spanMs) * 1000);
    if (rates.length) w[key] = Math.round(rates.reduce((a, b) => a + b, 0) * 100) / 100;
  }
  return w;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
