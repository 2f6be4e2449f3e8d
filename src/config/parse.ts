/**
 * loadgate.yml + overrides → Config, or every problem at once. Each problem names the field, the
 * bad value and what would be accepted; unknown keys get a did-you-mean.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { parseDuration } from '../util/duration.js';
import { ConfigError } from '../util/errors.js';
import { CONFIG_SCHEMA, DURATION_PATTERN, SLA_KEY_PATTERN } from './schema.js';
import { DEFAULT_TOLERANCES } from '../verdict/compare.js';
import { DEFAULT_TIMEOUTS } from '../client/openai.js';
import { DEFAULT_DRAIN_MS, DEFAULT_MAX_SEND_LAG_MS } from '../load/runner.js';
import { parseWorkloadConfig } from '../workload/config.js';
import { parseChaos, parseChaosSla } from './chaos.js';
import { type Config, type SlaLatencyMetric, type SlaRule, type SlaStat } from './types.js';

/** A raw (unvalidated) configuration document: what YAML gives, with overrides merged in. */
export type RawConfig = Record<string, unknown>;

/** The schema's validator, compiled on first use (compiling costs memory a run without a config file never needs). */
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => (compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(CONFIG_SCHEMA));

/** Reads and parses a YAML file; YAML syntax errors carry line and column. */
export function readConfigFile(path: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path given to --config`]);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length)
    throw new ConfigError(
      path,
      doc.errors.map((e) => e.message.split('\n')[0]!),
    );
  const value: unknown = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(path, ['the top level must be a mapping of keys (name:, target:, saturation: …)']);
  return value as RawConfig;
}

/** Deep-merges `over` into `base` (objects merge, everything else replaces). */
export function mergeRaw(base: RawConfig, over: RawConfig): RawConfig {
  const out: RawConfig = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeRaw(b, v) : v;
  }
  return out;
}

/** Validates a raw document and builds the typed Config with defaults. */
export function buildConfig(raw: RawConfig, source = 'config'): Config {
  const problems: string[] = [];
  const validate = validator();
  if (!validate(raw)) problems.push(...(validate.errors ?? []).map(describeError));
  if (problems.length) throw new ConfigError(source, dedupe(problems));
  let cfg: Config;
  try {
    cfg = toConfig(raw as Raw, source);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(source, e.problems);
    throw e;
  }
  problems.push(...semanticProblems(cfg));
  const chaos = parseChaos(raw.chaos as Record<string, unknown> | undefined, problems);
  const chaosSla = parseChaosSla(raw.sla as Record<string, unknown> | undefined, chaos !== undefined, problems);
  if (chaos) cfg.chaos = chaos;
  if (chaosSla) cfg.chaosSla = chaosSla;
  if (problems.length) throw new ConfigError(source, problems);
  return cfg;
}

// The validated document, loosely typed: the schema guarantees the shapes read below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes checked by the JSON schema before this point
type Raw = Record<string, Record<string, any> | undefined> & { name?: string; mode?: string };

function toConfig(r: Raw, source: string): Config {
  const t = r.target ?? {};
  const s = r.saturation ?? {};
  const c = s.criteria ?? {};
  const v = r.sla_validation ?? {};
  const run = r.run ?? {};
  const to = t.timeouts ?? {};
  const b = r.baseline ?? {};
  const sla = r.sla ?? {};
  return {
    name: r.name ?? 'default',
    mode: (r.mode as Config['mode']) ?? 'saturation',
    target: {
      url: t.url ?? '',
      model: t.model ?? '',
      endpoint: t.endpoint ?? 'chat',
      stream: t.stream ?? true,
      apiKeyEnv: t.api_key_env,
      label: t.label ?? '',
      hardware: t.hardware ?? '',
      headers: t.headers ?? {},
      // The client's one table of timeout defaults (client/openai.ts), so config, load and the client agree.
      timeouts: {
        connectMs: ms(to.connect, DEFAULT_TIMEOUTS.connectMs / 1000),
        firstByteMs: ms(to.first_byte, DEFAULT_TIMEOUTS.firstByteMs / 1000),
        idleMs: ms(to.idle, DEFAULT_TIMEOUTS.idleMs / 1000),
        totalMs: ms(to.total, DEFAULT_TIMEOUTS.totalMs / 1000),
      },
    },
    workload: parseWorkloadConfig(r.workload, source),
    warmup: { requests: r.warmup?.requests ?? 4, concurrency: r.warmup?.concurrency ?? 2, timeoutS: sec(r.warmup?.timeout, 120) },
    baseline: { load: b.concurrency !== undefined ? 'concurrency' : 'rate', value: b.concurrency ?? b.rate ?? 1, durationS: sec(b.duration, 15) },
    saturation: {
      thinkMs: ms(s.think_time, 0),
      strategy: s.strategy ?? (s.levels ? 'steps' : 'search'),
      load: s.load ?? 'rate',
      arrival: s.arrival ?? 'constant',
      levels: s.levels ?? [],
      stopAtFirstSaturated: s.stop_at_first_saturated ?? true,
      start: s.start ?? 1,
      startAuto: s.start === undefined,
      max: s.max ?? 1000,
      precision: s.precision ?? 0.1,
      levelDurationS: sec(s.level_duration, 20),
      probeDurationS: sec(s.probe_duration, Math.max(2, sec(s.level_duration, 20) / 3)),
      maxLevels: s.max_levels ?? 14,
      minRequests: s.min_requests ?? 50,
      minLatencies: s.min_latencies ?? 5,
      maxLevelDurationS: sec(s.max_level_duration, 60),
      criteria: {
        ttftP99Factor: c.ttft_p99_factor ?? 2,
        ttftMinIncreaseMs: c.ttft_min_increase_ms ?? 25,
        maxErrorRate: c.max_error_rate ?? 0.005,
        minAchievedRatio: c.min_achieved_ratio ?? 0.95,
        sla: c.sla ?? true,
      },
    },
    slaValidation: {
      enabled: v.enabled ?? r.mode !== 'capacity-at-sla',
      operatingPoint: v.operating_point ?? 0.7,
      rate: v.rate,
      concurrency: v.concurrency,
      durationS: sec(v.duration, 60),
    },
    sla: slaRules(sla),
    goodput: { ttftMs: sla.goodput_ttft_ms, tpotMs: sla.goodput_tpot_ms },
    cost: r.cost?.gpus !== undefined || r.cost?.gpu_hour_usd !== undefined ? { gpus: r.cost?.gpus ?? 1, gpuHourUsd: r.cost?.gpu_hour_usd ?? 0 } : undefined,
    tolerances: { ...DEFAULT_TOLERANCES, ...(r.tolerances ?? {}) },
    serverMetrics: { fromTarget: r.server_metrics?.target ?? false, sources: r.server_metrics?.sources ?? [], intervalMs: ms(r.server_metrics?.interval, 1) },
    run: {
      maxInFlight: run.max_in_flight,
      seed: run.seed ?? 1,
      requestsLog: run.requests_log ?? false,
      out: run.out ?? 'loadgate-results',
      maxSendLagMs: run.max_send_lag_ms ?? DEFAULT_MAX_SEND_LAG_MS,
      drainS: sec(run.drain, DEFAULT_DRAIN_MS / 1000),
    },
  };
}

function slaRules(sla: Record<string, number>): SlaRule[] {
  const rules: SlaRule[] = [];
  const re = new RegExp(SLA_KEY_PATTERN);
  for (const [key, limit] of Object.entries(sla)) {
    const m = re.exec(key);
    if (m) rules.push({ key, kind: 'latency', metric: `${m[1]}_ms` as SlaLatencyMetric, stat: m[2] as SlaStat, max: limit });
    else if (key === 'error_rate') rules.push({ key, kind: 'error_rate', max: limit });
    else if (key === 'goodput_ratio') rules.push({ key, kind: 'goodput_ratio', min: limit });
  }
  return rules;
}

function semanticProblems(c: Config): string[] {
  const p: string[] = [];
  if (!c.target.url) p.push('target.url is required: the endpoint base URL (e.g. http://127.0.0.1:8000), or pass --target / the target-url input');
  if (!c.target.model) p.push('target.model is required: the model name the endpoint serves (GET /v1/models lists them)');
  const s = c.saturation;
  if (s.strategy === 'steps' && s.levels.length === 0) p.push('saturation.levels is required with strategy: steps (e.g. levels: [1, 5, 10, 20])');
  if (s.levels.some((x, i) => i > 0 && x <= s.levels[i - 1]!)) p.push(`saturation.levels ${JSON.stringify(s.levels)}: must be strictly ascending`);
  if (s.load === 'concurrency' && s.levels.some((x) => !Number.isInteger(x)))
    p.push(`saturation.levels ${JSON.stringify(s.levels)}: concurrency levels must be whole numbers of users`);
  if (s.start >= s.max) p.push(`saturation.start ${s.start} must be below saturation.max ${s.max}`);
  if (c.run.drainS <= 0) p.push(`run.drain ${c.run.drainS}s: must be longer than 0 (e.g. drain: 30s), or every request still open at a level's last send is cut`);
  if (c.mode === 'capacity-at-sla' && c.sla.length === 0) p.push('mode capacity-at-sla needs at least one sla rule (e.g. sla: {ttft_p95_ms: 400})');
  if (c.sla.some((r) => r.kind === 'goodput_ratio') && c.goodput.ttftMs === undefined && c.goodput.tpotMs === undefined)
    p.push('sla.goodput_ratio needs sla.goodput_ttft_ms and/or sla.goodput_tpot_ms to say what a good request is');
  if (c.slaValidation.rate !== undefined && c.slaValidation.concurrency !== undefined) p.push('sla_validation.rate and sla_validation.concurrency exclude each other: pick one');
  if (c.target.apiKeyEnv && process.env[c.target.apiKeyEnv] === undefined)
    p.push(`target.api_key_env ${c.target.apiKeyEnv}: that environment variable is not set (export it, or remove api_key_env for an endpoint without auth)`);
  return p;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  const bad = (e.data === undefined ? '' : ` ${JSON.stringify(e.data)}`).slice(0, 80);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = knownKeys(e.schemaPath);
      const guess = didYouMean(key, known);
      const prefix = e.instancePath ? `${where}.` : '';
      return `unknown key ${prefix}${key}${guess ? ` — did you mean ${prefix}${guess}?` : ''} (known: ${known.join(', ') || 'see the schema'})`;
    }
    case 'enum':
      return `${where}${bad}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'pattern':
      return (e.params as { pattern: string }).pattern === DURATION_PATTERN
        ? `${where}${bad}: expected a duration like 500ms, 30s, 5m or 1h`
        : `${where}${bad}: must match ${(e.params as { pattern: string }).pattern}`;
    default:
      return `${where}${bad}: ${e.message ?? 'is not valid'}`;
  }
}

/** The property names allowed at the place an additionalProperties error points to. */
function knownKeys(schemaPath: string): string[] {
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks the schema document by a path ajv gave
  let node: any = CONFIG_SCHEMA;
  for (const p of parts) node = node?.[p];
  const keys = Object.keys(node?.properties ?? {});
  if (node?.patternProperties) keys.push('<metric>_<p50|p90|p95|p99|max|mean>_ms (metric: ttft, ttfc, itl, tpot, e2e)');
  return keys;
}

/** The closest known key by edit distance, when close enough to be a typo. */
export function didYouMean(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function ms(text: string | undefined, defaultS: number): number {
  return sec(text, defaultS) * 1000;
}

function sec(text: string | undefined, defaultS: number): number {
  return text === undefined ? defaultS : (parseDuration(text) ?? defaultS);
}

function isPlainObject(x: unknown): x is RawConfig {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
