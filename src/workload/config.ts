/**
 * The `workload:` section of loadgate.yml: its JSON Schema, the typed WorkloadConfig with
 * defaults, and the factory that turns it into a Workload.
 *
 * Kinds, by what is given: `sessions` (multi-turn, synthetic or from `dataset`), else `dataset`,
 * else `mix` (synthetic lengths), else the fixed `prompt`. `models` wraps any of them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { ConfigError } from '../config/parse.js';
import { DEFAULT_PROMPT } from '../config/types.js';
import { FixedWorkload } from '../load/workload.js';
import type { Workload } from '../load/runner.js';
import { DatasetWorkload, loadDataset, type Dataset, type DatasetFormat, type DatasetOrder } from './datasets.js';
import { checkDist, describeDist, type LengthDist } from './distributions.js';
import { ModelMixWorkload } from './models.js';
import { PromptBuilder } from './prompt.js';
import { SessionWorkload } from './sessions.js';
import { MIX_PRESETS, SyntheticWorkload, type MixClass } from './synthetic.js';
import { WORKLOAD_SCHEMA } from './schema.js';
import { loadTokenizer, loadedTokenizer, type Tokenizer, type TokenizerFamily } from './tokenizer.js';

export interface WorkloadConfig {
  prompt: string;
  maxTokens: number;
  /** Resolved: true with mix or sessions unless set, else false unless set. */
  ignoreEos: boolean;
  extraBody: Record<string, unknown>;
  tokenizer: TokenizerFamily;
  dataset?: { path: string; format: DatasetFormat | 'auto'; order: DatasetOrder; skipInvalid: boolean };
  mix?: Record<string, MixClass>;
  sessions?: { turns: number; systemPrompt?: string; systemPromptTokens?: number; userTokens: LengthDist; outputTokens: LengthDist };
  models?: Record<string, number>;
}

export type WorkloadKind = 'fixed' | 'dataset' | 'mix' | 'sessions';

export const DEFAULT_USER_TOKENS: LengthDist = { type: 'normal', mean: 128, sd: 64, min: 8, max: 512 };
export const DEFAULT_SYSTEM_PROMPT_TOKENS = 256;
export const DEFAULT_TURNS = 5;

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(WORKLOAD_SCHEMA);

/** Validates the raw `workload:` mapping (undefined = all defaults) and applies defaults; throws ConfigError with every problem. */
export function parseWorkloadConfig(raw: unknown, source = 'config'): WorkloadConfig {
  const r = (raw ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!validate(r)) throw new ConfigError(source, [...new Set((validate.errors ?? []).filter(useful).map(describe))]);
  const problems: string[] = [];
  const maxTokens: number = r.max_tokens ?? 128;
  let mix: Record<string, MixClass> | undefined;
  if (r.mix) {
    mix = {};
    for (const [name, v] of Object.entries(r.mix as Record<string, number | { weight: number; input?: LengthDist; output?: LengthDist }>)) {
      const preset = MIX_PRESETS[name];
      const c = typeof v === 'number' ? { weight: v } : v;
      const input = c.input ?? preset?.input;
      const output = c.output ?? preset?.output;
      if (!input || !output) {
        problems.push(`workload.mix.${name}: not a built-in class (${Object.keys(MIX_PRESETS).join(', ')}), so give {weight, input, output} with token-length distributions`);
        continue;
      }
      problems.push(...checkDist(input, `workload.mix.${name}.input`), ...checkDist(output, `workload.mix.${name}.output`));
      mix[name] = { weight: c.weight, input, output };
    }
    if (Object.values(r.mix as Record<string, number | { weight: number }>).every((v) => (typeof v === 'number' ? v : v.weight) === 0)) problems.push('workload.mix: at least one class needs a weight > 0');
  }
  let sessions: WorkloadConfig['sessions'];
  if (r.sessions) {
    const s = r.sessions;
    if (s.system_prompt !== undefined && s.system_prompt_tokens !== undefined) problems.push('workload.sessions: system_prompt and system_prompt_tokens exclude each other: give the text or a length');
    sessions = {
      turns: s.turns ?? DEFAULT_TURNS,
      systemPrompt: s.system_prompt,
      systemPromptTokens: s.system_prompt === undefined ? (s.system_prompt_tokens ?? DEFAULT_SYSTEM_PROMPT_TOKENS) : undefined,
      userTokens: s.user_tokens ?? DEFAULT_USER_TOKENS,
      outputTokens: s.output_tokens ?? maxTokens,
    };
    problems.push(...checkDist(sessions.userTokens, 'workload.sessions.user_tokens'), ...checkDist(sessions.outputTokens, 'workload.sessions.output_tokens'));
  }
  if (r.models && Object.values(r.models as Record<string, number>).every((w) => w === 0)) problems.push('workload.models: at least one model needs a weight > 0');
  if (r.mix && r.dataset) problems.push('workload.mix and workload.dataset exclude each other: a mix builds synthetic prompts, a dataset replays recorded ones');
  if (r.mix && r.sessions) problems.push('workload.mix and workload.sessions exclude each other: sessions take their lengths from sessions.user_tokens and sessions.output_tokens');
  if (r.prompt !== undefined && (r.mix || r.dataset || r.sessions)) problems.push('workload.prompt is only used without dataset, mix or sessions: remove it (or them)');
  if (problems.length) throw new ConfigError(source, problems);
  const d = r.dataset;
  return {
    prompt: r.prompt ?? DEFAULT_PROMPT,
    maxTokens,
    ignoreEos: r.ignore_eos ?? Boolean(r.mix || r.sessions),
    extraBody: r.extra_body ?? {},
    tokenizer: r.tokenizer ?? 'o200k',
    ...(d ? { dataset: { path: d.path, format: d.format ?? 'auto', order: d.order ?? 'random', skipInvalid: d.skip_invalid ?? false } } : {}),
    ...(mix ? { mix } : {}),
    ...(sessions ? { sessions } : {}),
    ...(r.models ? { models: { ...r.models } } : {}),
  };
}

export function workloadKind(cfg: WorkloadConfig): WorkloadKind {
  return cfg.sessions ? 'sessions' : cfg.dataset ? 'dataset' : cfg.mix ? 'mix' : 'fixed';
}

/** True when building the workload needs the tokenizer (mix, sessions, and datasets for input counts). */
export function needsTokenizer(cfg: WorkloadConfig): boolean {
  return workloadKind(cfg) !== 'fixed';
}

/** Loads what workloadFromConfig needs asynchronously (the tokenizer); call once before it. */
export async function prepareWorkload(cfg: WorkloadConfig): Promise<void> {
  if (needsTokenizer(cfg)) await loadTokenizer(cfg.tokenizer);
}

export interface WorkloadFactoryOptions {
  /** The model when `models` is not given (target.model). */
  model: string;
  seed: number;
  /** Directory dataset paths are relative to (the config file's). Default: the working directory. */
  baseDir?: string;
}

/**
 * Builds the workload. Synchronous: `await prepareWorkload(cfg)` first (it loads the tokenizer).
 * Each call returns fresh state (sessions), so each sender gets its own. Throws DatasetError for a
 * malformed dataset.
 */
export function workloadFromConfig(cfg: WorkloadConfig, opts: WorkloadFactoryOptions): Workload {
  const base = baseWorkload(cfg, opts);
  return cfg.models ? new ModelMixWorkload(base, cfg.models, opts.seed) : base;
}

function baseWorkload(cfg: WorkloadConfig, opts: WorkloadFactoryOptions): Workload {
  const kind = workloadKind(cfg);
  const exactOutput = cfg.ignoreEos;
  const extra = Object.keys(cfg.extraBody).length ? cfg.extraBody : undefined;
  if (kind === 'fixed') {
    // The same body as before workload kinds existed (ignore_eos only), so baselines stay comparable.
    return new FixedWorkload({ model: opts.model, prompt: cfg.prompt, maxTokens: cfg.maxTokens, extra: { ...cfg.extraBody, ...(cfg.ignoreEos ? { ignore_eos: true } : {}) } });
  }
  const tok = tokenizerFor(cfg);
  const dataset = cfg.dataset ? datasetFor(cfg.dataset, opts.baseDir) : undefined;
  if (cfg.sessions) {
    const s = cfg.sessions;
    return new SessionWorkload({ model: opts.model, seed: opts.seed, builder: builderFor(tok), turns: s.turns, systemPrompt: s.systemPrompt, systemPromptTokens: s.systemPromptTokens, userTokens: s.userTokens, outputTokens: s.outputTokens, dataset, exactOutput, extra });
  }
  if (dataset) {
    return new DatasetWorkload({ dataset, model: opts.model, order: cfg.dataset!.order, seed: opts.seed, maxTokens: cfg.maxTokens, exactOutput, extra, countTokens: (t) => tok.encode(t).length });
  }
  return new SyntheticWorkload({ model: opts.model, mix: cfg.mix!, builder: builderFor(tok), seed: opts.seed, exactOutput, extra });
}

function tokenizerFor(cfg: WorkloadConfig): Tokenizer {
  const t = loadedTokenizer(cfg.tokenizer);
  if (!t) throw new Error(`the ${cfg.tokenizer} tokenizer is not loaded: await prepareWorkload(config) before workloadFromConfig`);
  return t;
}

/** One prompt builder per tokenizer: its per-length cache is shared by every workload. */
const builders = new Map<TokenizerFamily, PromptBuilder>();
function builderFor(tok: Tokenizer): PromptBuilder {
  let b = builders.get(tok.family);
  if (!b) builders.set(tok.family, (b = new PromptBuilder(tok)));
  return b;
}

/** Parsed datasets by resolved path and options (A/B sides and repeated runs read the file once). */
const datasets = new Map<string, Dataset>();
function datasetFor(d: NonNullable<WorkloadConfig['dataset']>, baseDir?: string): Dataset {
  const full = isAbsolute(d.path) || !baseDir ? resolve(d.path) : resolve(baseDir, d.path);
  const key = `${full}\0${d.format}\0${d.skipInvalid}`;
  let ds = datasets.get(key);
  if (!ds) datasets.set(key, (ds = loadDataset(d.path, { baseDir, format: d.format, skipInvalid: d.skipInvalid })));
  return ds;
}

const pct = (w: number, total: number): string => `${Math.round((w / total) * 100)}%`;
function weights(m: Record<string, number | { weight: number }>): string {
  const entries = Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? v : v.weight] as const);
  const total = entries.reduce((a, [, w]) => a + w, 0) || 1;
  return entries.map(([k, w]) => `${k} ${pct(w, total)}`).join(' / ');
}

/** A one-line description, e.g. "mix chat 70% / code 20% / summarization 10% (o200k, exact output)". */
export function describeWorkload(cfg: WorkloadConfig): string {
  let s: string;
  switch (workloadKind(cfg)) {
    case 'fixed':
      s = `fixed prompt, max_tokens ${cfg.maxTokens}${cfg.ignoreEos ? ' (ignore_eos)' : ''}`;
      break;
    case 'dataset':
      s = `dataset ${cfg.dataset!.path} (${cfg.dataset!.format === 'auto' ? '' : `${cfg.dataset!.format}, `}${cfg.dataset!.order}), max_tokens ${cfg.maxTokens}${cfg.ignoreEos ? ', exact output' : ''}`;
      break;
    case 'mix':
      s = `mix ${weights(cfg.mix!)} (${cfg.tokenizer}${cfg.ignoreEos ? ', exact output' : ''})`;
      break;
    case 'sessions': {
      const x = cfg.sessions!;
      const sys = x.systemPrompt !== undefined ? 'given system prompt' : `system ${x.systemPromptTokens} tok`;
      const users = cfg.dataset ? `user turns from ${cfg.dataset.path}` : `user ${describeDist(x.userTokens)} tok`;
      s = `sessions of ${x.turns} turns, ${sys}, ${users}, output ${describeDist(x.outputTokens)} tok (${cfg.tokenizer}${cfg.ignoreEos ? ', exact output' : ''})`;
      break;
    }
  }
  return cfg.models ? `${s}; models ${weights(cfg.models)}` : s;
}

/**
 * A stable string of everything that shapes the traffic (hash it). Keys are sorted, so the
 * order keys were written in does not matter. The dataset is identified by its path; add
 * datasetDigest() to cover its contents.
 */
export function workloadFingerprint(cfg: WorkloadConfig): string {
  return canonical({ kind: workloadKind(cfg), ...cfg, ...(workloadKind(cfg) === 'fixed' ? {} : { prompt: undefined }) });
}

/** sha256 of a dataset file's bytes (for fingerprints that should change when the data does). */
export function datasetDigest(path: string, baseDir?: string): string {
  const full = isAbsolute(path) || !baseDir ? resolve(path) : resolve(baseDir, path);
  return createHash('sha256').update(readFileSync(full)).digest('hex');
}

function canonical(x: unknown): string {
  if (x === undefined) return 'null';
  if (x === null || typeof x !== 'object') return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** ajv reports every failing if/then and type branch; keep the ones that say something. */
function useful(e: ErrorObject): boolean {
  return e.keyword !== 'if';
}

function describe(e: ErrorObject): string {
  const where = `workload${e.instancePath.replace(/\//g, '.')}`;
  const bad = (e.data === undefined || typeof e.data === 'object' ? '' : ` ${JSON.stringify(e.data)}`).slice(0, 80);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return `unknown key ${where}.${key}${known.length ? ` (known: ${known.join(', ')})` : ''}`;
    }
    case 'enum':
      return `${where}${bad}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'required':
      return `${where}: ${(e.params as { missingProperty: string }).missingProperty} is required`;
    case 'type':
      return `${where}${bad}: must be ${String((e.params as { type: string | string[] }).type).replace(',', ' or ')}${(e.parentSchema as { description?: string })?.description ? ` — ${(e.parentSchema as { description: string }).description}` : ''}`;
    default:
      return `${where}${bad}: ${e.message ?? 'is not valid'}`;
  }
}
