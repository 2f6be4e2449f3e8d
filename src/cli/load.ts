/**
 * `llm-loadgate load`: one load level (or a few stages) against a target, a summary table on
 * stdout, results.json in --out. Flags parse into a typed LoadPlan with every error reported.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { DEFAULT_TIMEOUTS, OpenAIClient, type Endpoint } from '../client/openai.js';
import { DEFAULT_DRAIN_MS, DEFAULT_MAX_SEND_LAG_MS } from '../load/runner.js';
import { LevelPipeline } from '../app/level.js';
import { FixedWorkload } from '../load/workload.js';
import type { Workload } from '../load/runner.js';
import {
  describeWorkload,
  fixedPromptConfig,
  parseWorkloadConfig,
  prepareWorkload,
  withSalt,
  workloadFromConfig,
  workloadRecord,
  type WorkloadConfig,
  type WorkloadRecord,
} from '../workload/index.js';
import { loadConfig } from '../config/load.js';
import type { RawConfig } from '../config/parse.js';
import { rampStages, type Arrival, type Stage } from '../load/pacer.js';
import { mergeSummaries } from '../metrics/merge.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import type { LoadLevel } from '../results/types.js';
import { levelsTable } from '../report/table.js';
import { ensureDir, JsonlSink, writeJson } from '../results/files.js';
import { parseDuration } from '../util/duration.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';
import { redactUrl } from '../util/url.js';
import { VERSION } from '../version.js';
import { clockBudgetMs, parseShard, parseStartAt, shardSeed, shardVariant, splitStage, ShardRun, SHARD_SEQ_STRIDE, type ShardSpec } from '../load/shard.js';
import { measureClockOffset } from '../load/clock-offset.js';

/** Timeout flag defaults: the client's one table (client/openai.ts DEFAULT_TIMEOUTS), in seconds. */
const T = {
  connect: `${DEFAULT_TIMEOUTS.connectMs / 1000}s`,
  firstByte: `${DEFAULT_TIMEOUTS.firstByteMs / 1000}s`,
  idle: `${DEFAULT_TIMEOUTS.idleMs / 1000}s`,
  total: `${DEFAULT_TIMEOUTS.totalMs / 1000}s`,
};

const HELP = `llm-loadgate load [--config loadgate.yml] --target URL --model NAME
                  (--rate R | --ramp FROM:TO:STEPS | --stages "2m:50,10m:50,1m:0" | --concurrency C)
                  [--arrival constant|poisson] [--duration 30s] [--requests N] [--max-tokens N] [--prompt TEXT] [--endpoint chat|completions]
                  [--no-stream] [--api-key-env VAR] [--header "Name: value"]... [--think-time 0s]
                  [--max-in-flight N] [--timeout-connect ${T.connect}] [--timeout-first-byte ${T.firstByte}]
                  [--timeout-idle ${T.idle}] [--timeout-total ${T.total}] [--goodput-ttft-ms N] [--goodput-tpot-ms N]
                  [--requests-log] [--seed N] [--salt N] [--out DIR] [--drain 30s]
                  [--shard i/N --start-at TIME [--clock-ref URL|none]]

--config FILE takes the target (url, model, endpoint, headers, api_key_env, timeouts), the workload
(any kind: synthetic mixes, datasets, sessions, model splits), goodput and run.seed from a gate
config; --target, --model and the other flags above override it and are validated by the same
schema. The load itself (--rate/--ramp/--concurrency, --duration) always comes from the flags.

Runs one load level and writes DIR/results.json (and DIR/requests.jsonl with --requests-log).
Without --prompt every request gets a unique synthetic prompt (input ~ normal mean 512 tokens,
o200k; --max-tokens default 128), so an engine's prompt cache cannot serve it; the per-run salt is
in results.json (--salt N with the same --seed replays the prompts). --prompt TEXT sends that one
prompt every time: on engines that cache prompts the figures then include cache hits.
--rate and --concurrency take a comma list to run several levels in turn (e.g. --rate 1,5,10);
--ramp FROM:TO:STEPS is a linear ramp of STEPS open-loop levels (e.g. --ramp 5:50:10), each --duration.
--stages DURATION:RATE,… is a k6-style profile: each stage moves the rate continuously from the
previous stage's target (0 at first) to its own over its duration, e.g. "2m:50,10m:50,1m:0" ramps
up to 50 req/s, holds it 10 minutes and ramps down; each stage is a level in results.json.
--requests N ends each level after N requests (a blast: --concurrency 256 --requests 5000);
without --duration the level then runs until its N requests are sent.
--drain bounds how long requests still open after a level's last send may take (then: incomplete).
--shard i/N runs shard i of N generators that share the plan: 1/N of each level (rate ÷ N, users
and --requests split, prompts and seeds of its own), each level starting on a fixed grid from
--start-at (ISO-8601 with zone, or epoch ms; the same for every shard): level k at start-at + the
earlier levels' duration + drain + 250 ms. Each shard measures its clock against --clock-ref (the
endpoint's HTTP Date by default) and records it; "llm-loadgate merge" of all N results adds them
and marks a level invalid when a shard is missing, started late (start skew) or lagged.`;

export interface LoadPlan {
  target: string;
  model: string;
  stages: Stage[];
  maxTokens?: number;
  /** One fixed prompt (--prompt); undefined = unique synthetic prompts. */
  prompt?: string;
  /** Fixes the per-run salt of the synthetic prompts (--salt), to replay a run. */
  salt?: number;
  /** The workload of --config (flags merged in); when set, prompt/maxTokens/salt are already part of it. */
  workload?: WorkloadConfig;
  endpoint: Endpoint;
  stream: boolean;
  apiKeyEnv?: string;
  headers: Record<string, string>;
  maxInFlight?: number;
  timeouts: { connectMs: number; firstByteMs: number; idleMs: number; totalMs: number };
  goodput: { ttftMs?: number; tpotMs?: number };
  requestsLog: boolean;
  seed: number;
  out: string;
  /** run.max_send_lag_ms of --config: a level whose P99 send lag is above it is invalid (default DEFAULT_MAX_SEND_LAG_MS). */
  maxSendLagMs?: number;
  /** --drain, or run.drain of --config, in seconds: how long requests still open at a level's end may take (default DEFAULT_DRAIN_MS). */
  drainS?: number;
  /** --shard i/N with its common --start-at (epoch ms) and the clock reference ('none' = do not measure). */
  shard?: { spec: ShardSpec; startAtMs: number; clockRef?: string };
}

/** Parses `load` flags; throws one UsageError listing every problem. */
export function parseLoadArgs(argv: string[]): LoadPlan {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      target: { type: 'string' },
      model: { type: 'string' },
      rate: { type: 'string' },
      ramp: { type: 'string' },
      stages: { type: 'string' },
      requests: { type: 'string' },
      arrival: { type: 'string', default: 'constant' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      'think-time': { type: 'string', default: '0s' },
      'max-tokens': { type: 'string' },
      prompt: { type: 'string' },
      salt: { type: 'string' },
      config: { type: 'string' },
      endpoint: { type: 'string' },
      'no-stream': { type: 'boolean' },
      'api-key-env': { type: 'string' },
      header: { type: 'string', multiple: true },
      'max-in-flight': { type: 'string' },
      'timeout-connect': { type: 'string' },
      'timeout-first-byte': { type: 'string' },
      'timeout-idle': { type: 'string' },
      'timeout-total': { type: 'string' },
      'goodput-ttft-ms': { type: 'string' },
      'goodput-tpot-ms': { type: 'string' },
      'requests-log': { type: 'boolean' },
      seed: { type: 'string' },
      out: { type: 'string', default: 'loadgate-results/load' },
      drain: { type: 'string' },
      shard: { type: 'string' },
      'start-at': { type: 'string' },
      'clock-ref': { type: 'string' },
    },
  });
  const errs: string[] = [];
  /** `min` is inclusive, or exclusive when `positive` (so a rate reads "> 0", not "≥ 5e-324"). */
  const num = (flag: string, text: string | undefined, min: number, integer = false, positive = false): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || (positive && n <= min) || (integer && !Number.isInteger(n))) {
      errs.push(`--${flag} ${JSON.stringify(text)}: expected ${integer ? 'an integer' : 'a number'} ${positive ? '>' : '≥'} ${min}`);
      return undefined;
    }
    return n;
  };
  const dur = (flag: string, text: string): number => {
    const s = parseDuration(text);
    if (s === undefined || s <= 0) {
      errs.push(`--${flag} ${JSON.stringify(text)}: expected a duration like 500ms, 30s, 5m or 1h`);
      return 1;
    }
    return s;
  };
  if (!v.target && !v.config) errs.push('--target is required (the endpoint base URL, e.g. http://127.0.0.1:8000), or --config with target.url');
  else if (v.target && !/^https?:\/\/[^/]/.test(v.target)) errs.push(`--target ${JSON.stringify(v.target)}: expected an http:// or https:// URL`);
  if (!v.model && !v.config) errs.push('--model is required (the model name the endpoint serves; see GET /v1/models), or --config with target.model');
  const loads = [v.rate, v.concurrency, v.ramp, v.stages].filter((x) => x !== undefined).length;
  if (loads === 0) errs.push('give --rate R (open loop, req/s), --ramp FROM:TO:STEPS, --stages DURATION:RATE,… or --concurrency C (closed loop, users)');
  if (loads > 1) errs.push('--rate, --ramp, --stages and --concurrency exclude each other: pick one');
  if (v.stages !== undefined && v.duration !== undefined) errs.push('--duration does not apply to --stages: each stage has its own (DURATION:RATE)');
  if (v.endpoint !== undefined && v.endpoint !== 'chat' && v.endpoint !== 'completions') errs.push(`--endpoint ${JSON.stringify(v.endpoint)}: expected chat or completions`);
  if (v.arrival !== 'constant' && v.arrival !== 'poisson') errs.push(`--arrival ${JSON.stringify(v.arrival)}: expected constant or poisson`);
  if (v['api-key-env'] !== undefined && process.env[v['api-key-env']] === undefined) errs.push(`--api-key-env ${v['api-key-env']}: that environment variable is not set`);
  const maxRequests = num('requests', v.requests, 1, true);
  // A blast of N requests without a duration runs until its N are sent (a day is the upper bound).
  const durationS = v.duration === undefined && maxRequests !== undefined ? 86_400 : dur('duration', v.duration ?? '30s');
  const thinkMs = (parseDuration(v['think-time']) ?? (errs.push(`--think-time ${JSON.stringify(v['think-time'])}: expected a duration`), 0)) * 1000;
  const stages: Stage[] = [];
  for (const part of (v.rate ?? '').split(',').filter(Boolean)) {
    const rate = num('rate', part, 0, false, true);
    if (rate !== undefined) stages.push({ kind: 'rate', rate, arrival: v.arrival as Arrival, durationS });
  }
  if (v.ramp !== undefined) {
    const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?):(\d+)$/.exec(v.ramp);
    if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0 || Number(m[3]) < 1)
      errs.push(`--ramp ${JSON.stringify(v.ramp)}: expected FROM:TO:STEPS with rates > 0 and STEPS ≥ 1, e.g. 5:50:10`);
    else stages.push(...rampStages(Number(m[1]), Number(m[2]), Number(m[3]), durationS, v.arrival as Arrival));
  }
  if (v.stages !== undefined) {
    let from = 0;
    for (const part of v.stages.split(',')) {
      const m = /^([^:]+):(\d+(?:\.\d+)?)$/.exec(part.trim());
      const s = m ? parseDuration(m[1]!) : undefined;
      if (!m || s === undefined || s <= 0) {
        errs.push(`--stages ${JSON.stringify(part)}: expected DURATION:RATE with a duration > 0 and a rate ≥ 0, e.g. 2m:50 (list them: "2m:50,10m:50,1m:0")`);
        continue;
      }
      const to = Number(m[2]);
      stages.push({ kind: 'rate', rate: from, ...(to !== from ? { rateEnd: to } : {}), arrival: v.arrival as Arrival, durationS: s });
      from = to;
    }
  }
  for (const part of (v.concurrency ?? '').split(',').filter(Boolean)) {
    const users = num('concurrency', part, 1, true);
    if (users !== undefined) stages.push({ kind: 'concurrency', users, thinkMs, durationS });
  }
  if (maxRequests !== undefined) for (const st of stages) st.maxRequests = maxRequests;
  const headers: Record<string, string> = {};
  for (const h of v.header ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) errs.push(`--header ${JSON.stringify(h)}: expected "Name: value"`);
    else headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  const shard = v.shard === undefined ? undefined : parseShard(v.shard);
  const startAt = v['start-at'] === undefined ? undefined : parseStartAt(v['start-at']);
  for (const p of [shard, startAt]) if (typeof p === 'string') errs.push(p);
  if ((shard === undefined) !== (startAt === undefined))
    errs.push('--shard and --start-at go together: every shard needs the same --start-at to begin each level at the same instant');
  if (shard !== undefined && v.requests !== undefined && v.duration === undefined) errs.push('--shard with --requests needs --duration too: the levels start on a fixed time grid');
  if (v['clock-ref'] !== undefined && v['clock-ref'] !== 'none' && !/^https?:\/\/[^/]/.test(v['clock-ref']))
    errs.push(`--clock-ref ${JSON.stringify(v['clock-ref'])}: expected an http(s) URL or none`);
  if (typeof shard === 'object')
    for (const st of stages)
      try {
        splitStage(st, shard);
      } catch (e) {
        errs.push(`--shard ${v.shard}: ${(e as Error).message}`);
        break;
      }
  const plan: LoadPlan = {
    target: v.target ?? '',
    model: v.model ?? '',
    stages,
    maxTokens: num('max-tokens', v['max-tokens'], 1, true),
    prompt: v.prompt,
    salt: num('salt', v.salt, 0, true),
    endpoint: (v.endpoint ?? 'chat') as Endpoint,
    stream: !v['no-stream'],
    apiKeyEnv: v['api-key-env'],
    headers,
    maxInFlight: num('max-in-flight', v['max-in-flight'], 1, true),
    timeouts: {
      connectMs: dur('timeout-connect', v['timeout-connect'] ?? T.connect) * 1000,
      firstByteMs: dur('timeout-first-byte', v['timeout-first-byte'] ?? T.firstByte) * 1000,
      idleMs: dur('timeout-idle', v['timeout-idle'] ?? T.idle) * 1000,
      totalMs: dur('timeout-total', v['timeout-total'] ?? T.total) * 1000,
    },
    goodput: { ttftMs: num('goodput-ttft-ms', v['goodput-ttft-ms'], 0), tpotMs: num('goodput-tpot-ms', v['goodput-tpot-ms'], 0) },
    requestsLog: v['requests-log'] ?? false,
    seed: num('seed', v.seed, 0, true) ?? 1,
    out: v.out,
    drainS: v.drain === undefined ? undefined : dur('drain', v.drain),
    shard: typeof shard === 'object' && typeof startAt === 'number' ? { spec: shard, startAtMs: startAt, clockRef: v['clock-ref'] } : undefined,
  };
  if (v.prompt === '') errs.push('--prompt "": give the prompt text, or leave --prompt out for unique synthetic prompts');
  if (plan.salt !== undefined && plan.salt > 0xffffffff) errs.push(`--salt ${v.salt}: expected an integer from 0 to 4294967295`);
  if (plan.salt !== undefined && v.prompt !== undefined) errs.push('--salt applies to the synthetic prompts: leave it out with --prompt (a fixed prompt has nothing to salt)');
  if (errs.length) throw new UsageError(`load: ${errs.length} problem${errs.length > 1 ? 's' : ''} with the flags:\n  - ${errs.join('\n  - ')}\n\n${HELP}`);
  return v.config ? withConfigFile(plan, v.config, flagOverlay(v)) : plan;
}

/** The flags given explicitly, as a config document laid over --config (the same schema validates both). */
function flagOverlay(v: Record<string, string | boolean | string[] | undefined>): RawConfig {
  const s = (k: string): string | undefined => v[k] as string | undefined;
  const n = (k: string): number | undefined => (v[k] === undefined ? undefined : Number(v[k]));
  const headers: Record<string, string> = {};
  for (const h of (v.header as string[] | undefined) ?? []) headers[h.slice(0, h.indexOf(':')).trim().toLowerCase()] = h.slice(h.indexOf(':') + 1).trim();
  return {
    target: {
      url: s('target'),
      model: s('model'),
      endpoint: s('endpoint'),
      stream: v['no-stream'] ? false : undefined,
      api_key_env: s('api-key-env'),
      headers: Object.keys(headers).length ? headers : undefined,
      timeouts: { connect: s('timeout-connect'), first_byte: s('timeout-first-byte'), idle: s('timeout-idle'), total: s('timeout-total') },
    },
    workload: { prompt: s('prompt'), max_tokens: n('max-tokens'), salt: n('salt') },
    sla: { goodput_ttft_ms: n('goodput-ttft-ms'), goodput_tpot_ms: n('goodput-tpot-ms') },
    run: { seed: n('seed'), requests_log: v['requests-log'], max_in_flight: n('max-in-flight'), drain: s('drain') },
  };
}

/** The plan with everything but the load taken from the config file and the flags over it. */
function withConfigFile(plan: LoadPlan, file: string, overlay: RawConfig): LoadPlan {
  const c = loadConfig(file, overlay);
  const w = c.workload;
  return {
    ...plan,
    target: c.target.url,
    model: c.target.model,
    endpoint: c.target.endpoint,
    stream: c.target.stream,
    apiKeyEnv: c.target.apiKeyEnv,
    headers: c.target.headers,
    timeouts: c.target.timeouts,
    goodput: c.goodput,
    maxInFlight: c.run.maxInFlight,
    requestsLog: c.run.requestsLog,
    seed: c.run.seed,
    maxSendLagMs: c.run.maxSendLagMs,
    drainS: c.run.drainS,
    prompt: w.prompt,
    maxTokens: w.maxTokens,
    salt: w.salt,
    workload: w,
  };
}

export interface LoadResult {
  status: 'complete' | 'cancelled';
  summary: LevelSummary;
  /** Each level's summary with its validity (valid, invalid_reason, client_cpu), as in results.json. */
  levels: LoadLevel[];
  outDir: string;
  /** The prompts' salt, seed and expected prefix-cache hit rate (also in results.json). */
  workload: WorkloadRecord;
}

/** The plan's workload: its one --prompt, or unique synthetic prompts keyed by a per-run salt. */
async function loadWorkload(plan: LoadPlan): Promise<{ workload: Workload; record: WorkloadRecord; description: string }> {
  if (plan.workload) {
    // --config: the file's workload, whatever its kind, exactly as a gate would send it.
    const cfg = plan.workload.prompt === undefined ? withSalt(plan.workload) : plan.workload;
    await prepareWorkload(cfg);
    const salt = cfg.prompt === undefined ? ` · salt ${cfg.salt}` : '';
    return { workload: workloadFromConfig(cfg, { model: plan.model, ...shardOpts(plan) }), record: workloadRecord(cfg, plan.seed), description: `${describeWorkload(cfg)}${salt}` };
  }
  if (plan.prompt !== undefined) {
    // The body as before workload kinds existed (max_tokens only when given).
    const cfg = fixedPromptConfig(plan.prompt, plan.maxTokens);
    return {
      workload: new FixedWorkload({ model: plan.model, prompt: plan.prompt, maxTokens: plan.maxTokens }),
      record: workloadRecord(cfg, plan.seed),
      description: describeWorkload(cfg),
    };
  }
  const cfg = withSalt(parseWorkloadConfig({ ...(plan.maxTokens ? { max_tokens: plan.maxTokens } : {}), ...(plan.salt !== undefined ? { salt: plan.salt } : {}) }, 'load'));
  await prepareWorkload(cfg);
  return {
    workload: workloadFromConfig(cfg, { model: plan.model, ...shardOpts(plan) }),
    record: workloadRecord(cfg, plan.seed),
    description: `${describeWorkload(cfg)} · salt ${cfg.salt}`,
  };
}

/** A shard's own seed and prompt variant (the plan's seed unsharded). */
function shardOpts(plan: LoadPlan): { seed: number; variant?: string } {
  return plan.shard ? { seed: shardSeed(plan.seed, plan.shard.spec), variant: shardVariant(plan.shard.spec) } : { seed: plan.seed };
}

/** A shard's schedule, its clock measured against the reference first (before start-at comes). */
async function shardRunFor(plan: LoadPlan, signal: AbortSignal, log: (line: string) => void): Promise<ShardRun | undefined> {
  if (!plan.shard) return undefined;
  const { spec, startAtMs, clockRef } = plan.shard;
  const ref = clockRef ?? `${plan.target.replace(/\/+$/, '')}/models`;
  const clock =
    ref === 'none'
      ? { source: 'none' as const, offset_ms: null, uncertainty_ms: null, note: '--clock-ref none' }
      : await measureClockOffset(ref, {
          signal,
          headers: clockRef === undefined ? plan.headers : undefined,
          label: redactUrl(ref),
          budgetMs: clockBudgetMs(startAtMs, Date.now()),
        });
  log(
    `shard ${spec.index}/${spec.count}: clock offset ${clock.offset_ms === null ? `unknown (${clock.note})` : `${clock.offset_ms} ms ± ${clock.uncertainty_ms} ms against ${clock.reference}`}; level 1 due ${new Date(startAtMs).toISOString()} (in ${((startAtMs - Date.now()) / 1000).toFixed(1)} s)`,
  );
  if (startAtMs < Date.now()) log(`shard ${spec.index}/${spec.count}: --start-at is already past: starting late; merge will report the skew`);
  return new ShardRun({ spec, stages: plan.stages, startAtMs, drainMs: (plan.drainS ?? DEFAULT_DRAIN_MS / 1000) * 1000, clock, seed: shardSeed(plan.seed, spec) });
}

/** Runs a parsed plan; cancelling `signal` stops sending, cancels in-flight requests and still writes results. */
export async function runLoad(plan: LoadPlan, signal: AbortSignal, log: (line: string) => void): Promise<LoadResult> {
  const apiKey = plan.apiKeyEnv ? process.env[plan.apiKeyEnv] : undefined;
  const client = new OpenAIClient({ baseUrl: plan.target, endpoint: plan.endpoint, stream: plan.stream, apiKey, headers: plan.headers, timeouts: plan.timeouts });
  const { workload, record, description } = await loadWorkload(plan);
  log(`workload: ${description}`);
  const outDir = ensureDir(plan.out);
  const sink = plan.requestsLog ? new JsonlSink(join(outDir, 'requests.jsonl')) : undefined;
  const levels: LoadLevel[] = [];
  const summaries: LevelSummary[] = [];
  const shardRun = await shardRunFor(plan, signal, log);
  // The gate's level pipeline (app/level.ts): run → validity → requests log → summary → load-minutes.
  // A shard numbers its requests in its own range, so N shards' request ids never collide.
  const pipeline = new LevelPipeline({
    sender: client,
    workload,
    signal,
    run: { maxInFlight: plan.maxInFlight, maxSendLagMs: plan.maxSendLagMs ?? DEFAULT_MAX_SEND_LAG_MS, drainS: plan.drainS ?? DEFAULT_DRAIN_MS / 1000 },
    goodput: plan.goodput,
    onRecord: sink ? (r) => sink.write(r) : undefined,
    seq: { next: plan.shard ? (plan.shard.spec.index - 1) * SHARD_SEQ_STRIDE : 0 },
  });
  try {
    for (const [i, full] of plan.stages.entries()) {
      if (signal.aborted) break;
      const name = plan.stages.length === 1 ? 'load' : `level-${i + 1}`;
      const stage = shardRun?.stage(i) ?? full;
      await shardRun?.waitFor(i, name, signal);
      if (signal.aborted) break;
      const rate = (st: typeof stage & { kind: 'rate' }): string => (st.rateEnd === undefined ? `${st.rate}` : `${st.rate}→${st.rateEnd}`);
      // A shard's level is a little shorter than the plan's (its phase offset): shown to the millisecond.
      const secs = `${Math.round(stage.durationS * 1000) / 1000}s`;
      const bound = stage.maxRequests !== undefined ? `${stage.maxRequests} requests (at most ${secs})` : secs;
      log(`${name}: ${stage.kind === 'rate' ? `${rate(stage)} req/s ${stage.arrival}` : `${stage.users} users`} for ${bound}`);
      const m = await pipeline.measure({ name, stage, seed: (shardRun?.seed ?? plan.seed) + i });
      if (!m.check.valid) log(`${name}: invalid (${m.check.invalid_reason}): it measured the load generator, not the endpoint`);
      summaries.push(m.summary);
      levels.push({ ...m.summary, ...m.check });
    }
  } finally {
    await sink?.close();
    await client.close();
  }
  const status = signal.aborted ? 'cancelled' : 'complete';
  const summary = summaries.length ? mergeSummaries('all', summaries, 'sequential') : undefined;
  const doc = {
    schema_version: 1,
    kind: 'load',
    tool: { name: 'llm-loadgate', version: VERSION },
    status,
    target: redactUrl(plan.target),
    model: plan.model,
    ...(summary ?? {}),
    levels,
    load_minutes: Math.round(pipeline.loadMinutes * 1000) / 1000,
    workload: record,
    ...(shardRun ? { shard: shardRun.record() } : {}),
  };
  writeJson(join(outDir, 'results.json'), doc);
  if (!summary) throw new UsageError('load: cancelled before any level ran; results.json records the empty run', EXIT.cancelled);
  return { status, summary, levels, outDir, workload: record };
}

export async function loadCommand(argv: string[], signal: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const plan = parseLoadArgs(argv);
  const res = await runLoad(plan, signal, (l) => process.stderr.write(`${l}\n`));
  process.stdout.write(`${levelsTable(res.levels)}\n\nresults: ${join(res.outDir, 'results.json')}\n`);
  if (res.status === 'cancelled') {
    process.stderr.write('cancelled: partial results written\n');
    return EXIT.cancelled;
  }
  return EXIT.ok;
}
