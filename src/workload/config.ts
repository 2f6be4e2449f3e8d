/**
 * The `workload:` section of loadgate.yml: its JSON Schema, the typed WorkloadConfig with
 * defaults, and the factory that turns it into a Workload.
 *
 * Kinds, by what is given: `sessions` (multi-turn, synthetic or from `dataset`), else `dataset`,
 * else `mix` (synthetic lengths), else the fixed `prompt`, else (nothing given) `synthetic`: the
 * default, unique prompts of DEFAULT_INPUT_TOKENS and max_tokens. `models` wraps any of them.
 *
 * Every kind but a fixed prompt and a plain dataset sends prompts unique to the run: the per-run
 * `salt` (drawn with drawSalt() when the config gives none, see withSalt) keys a tag at the start of
 * each prompt. The salt is not part of the workload fingerprint: runs with different salts compare.
 */
import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError } from '../util/errors.js';
import { FixedWorkload } from '../load/workload.js';
import type { Workload } from '../load/runner.js';
import { DatasetWorkload, loadDataset, type Dataset, type DatasetFormat, type DatasetOrder } from './datasets.js';
import { checkDist, describeDist, type LengthDist } from './distributions.js';
import { ModelMixWorkload } from './models.js';
import { PromptBuilder, uniqueTag } from './prompt.js';
import { hash3 } from './random.js';
import { SessionWorkload } from './sessions.js';
import { MIX_PRESETS, SyntheticWorkload, TAG_PURPOSE, type MixClass, type SharedPrefix } from './synthetic.js';
import { WORKLOAD_SCHEMA } from './schema.js';
import { loadTokenizer, loadedTokenizer, type Tokenizer, type TokenizerFamily } from './tokenizer.js';

export interface WorkloadConfig {
  /** One fixed prompt (the user's explicit choice); undefined = the default synthetic workload or another kind. */
  prompt?: string;
  maxTokens: number;
  /** The per-run salt when fixed (workload.salt, or set by withSalt for a run); not part of the fingerprint. */
  salt?: number;
  sharedPrefix?: SharedPrefix;
  /** Resolved: true with mix or sessions unless set, else false unless set. */
  ignoreEos: boolean;
  extraBody: Record<string, unknown>;
  tokenizer: TokenizerFamily;
  dataset?: { path: string; format: DatasetFormat | 'auto'; order: DatasetOrder; skipInvalid: boolean; salt: boolean };
  mix?: Record<string, MixClass>;
  sessions?: { turns: number; systemPrompt?: string; systemPromptTokens?: number; userTokens: LengthDist; outputTokens: LengthDist };
  models?: Record<string, number>;
}

export type WorkloadKind = 'synthetic' | 'fixed' | 'dataset' | 'mix' | 'sessions';

/**
 * Input lengths of the default synthetic workload (its output is max_tokens, default 128). At most
 * 768 so prompt + 128 output fit a 1,024-token context (llama-server's default: -c 4096 over 4 slots).
 */
export const DEFAULT_INPUT_TOKENS: LengthDist = { type: 'normal', mean: 512, sd: 128, min: 64, max: 768 };
const DEFAULT_USER_TOKENS: LengthDist = { type: 'normal', mean: 128, sd: 64, min: 8, max: 512 };
const DEFAULT_SYSTEM_PROMPT_TOKENS = 256;
const DEFAULT_TURNS = 5;

/** The schema's validator, compiled on first use (a fixed --prompt needs none: fixedPromptConfig). */
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => (compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(WORKLOAD_SCHEMA));

/** Validates the raw `workload:` mapping (undefined = all defaults) and applies defaults; throws ConfigError with every problem. */
export function parseWorkloadConfig(raw: unknown, source = 'config'): WorkloadConfig {
  const r = (raw ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const validate = validator();
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
    if (Object.values(r.mix as Record<string, number | { weight: number }>).every((v) => (typeof v === 'number' ? v : v.weight) === 0))
      problems.push('workload.mix: at least one class needs a weight > 0');
  }
  let sessions: WorkloadConfig['sessions'];
  if (r.sessions) {
    const s = r.sessions;
    if (s.system_prompt !== undefined && s.system_prompt_tokens !== undefined)
      problems.push('workload.sessions: system_prompt and system_prompt_tokens exclude each other: give the text or a length');
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
  if (r.shared_prefix && (r.prompt !== undefined || r.dataset || r.sessions))
    problems.push(
      'workload.shared_prefix applies to synthetic prompts (the default or a mix): a fixed prompt is all shared, a dataset has its own prompts, sessions use sessions.system_prompt_tokens',
    );
  if (problems.length) throw new ConfigError(source, problems);
  const d = r.dataset;
  return {
    ...(r.prompt !== undefined ? { prompt: r.prompt } : {}),
    maxTokens,
    ...(r.salt !== undefined ? { salt: r.salt } : {}),
    ...(r.shared_prefix ? { sharedPrefix: { tokens: r.shared_prefix.tokens, share: r.shared_prefix.share } } : {}),
    ignoreEos: r.ignore_eos ?? Boolean(r.mix || r.sessions),
    extraBody: r.extra_body ?? {},
    tokenizer: r.tokenizer ?? 'o200k',
    ...(d ? { dataset: { path: d.path, format: d.format ?? 'auto', order: d.order ?? 'random', skipInvalid: d.skip_invalid ?? false, salt: d.salt ?? false } } : {}),
    ...(mix ? { mix } : {}),
    ...(sessions ? { sessions } : {}),
    ...(r.models ? { models: { ...r.models } } : {}),
  };
}

/**
 * One fixed prompt (`load --prompt`): exactly what parseWorkloadConfig gives for `{ prompt,
 * max_tokens }`, without compiling the schema for it. The caller has checked both (a non-empty
 * prompt; max_tokens a positive integer or undefined for the default).
 */
export function fixedPromptConfig(prompt: string, maxTokens?: number): WorkloadConfig {
  return { prompt, maxTokens: maxTokens ?? 128, ignoreEos: false, extraBody: {}, tokenizer: 'o200k' };
}

export function workloadKind(cfg: WorkloadConfig): WorkloadKind {
  return cfg.sessions ? 'sessions' : cfg.dataset ? 'dataset' : cfg.mix ? 'mix' : cfg.prompt !== undefined ? 'fixed' : 'synthetic';
}

/** The class the default synthetic workload draws every request from. */
export function defaultMix(maxTokens: number): Record<string, MixClass> {
  return { synthetic: { weight: 1, input: DEFAULT_INPUT_TOKENS, output: maxTokens } };
}

/** A fresh per-run salt (crypto random, 0 … 2^32 − 1). */
function drawSalt(): number {
  return randomInt(0, 2 ** 32);
}

/** The config with its salt fixed: the user's, or a freshly drawn one. Call once per run and record it. */
export function withSalt(cfg: WorkloadConfig): WorkloadConfig & { salt: number } {
  return { ...cfg, salt: cfg.salt ?? drawSalt() };
}

/**
 * True when every request's prompt is unique in the run (up to shared_prefix and session history,
 * which are shared on purpose): false for a fixed prompt and for a dataset replayed without salt.
 */
export function uniquePrompts(cfg: WorkloadConfig): boolean {
  const k = workloadKind(cfg);
  // Sessions from a dataset replay its user turns as recorded (a conversation may be drawn twice).
  return k === 'fixed' ? false : k === 'dataset' ? cfg.dataset!.salt : k === 'sessions' ? !cfg.dataset : true;
}

/** True when building the workload needs the tokenizer (mix, sessions, and datasets for input counts). */
function needsTokenizer(cfg: WorkloadConfig): boolean {
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
  /**
   * Kept apart from other workloads of the same run and salt (e.g. each A/B side, a re-measurement):
   * the same lengths, classes and order, but tags (hence prompts) of their own. Default: none.
   */
  variant?: string;
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
    return new FixedWorkload({ model: opts.model, prompt: cfg.prompt!, maxTokens: cfg.maxTokens, extra: { ...cfg.extraBody, ...(cfg.ignoreEos ? { ignore_eos: true } : {}) } });
  }
  // No salt in the config (a caller that did not call withSalt): fresh prompts all the same.
  const runSalt = cfg.salt ?? drawSalt();
  const salt = opts.variant ? hash3(runSalt, stringHash(opts.variant), 0x5a17) : runSalt;
  const tok = tokenizerFor(cfg);
  const dataset = cfg.dataset ? datasetFor(cfg.dataset, opts.baseDir) : undefined;
  if (cfg.sessions) {
    const s = cfg.sessions;
    return new SessionWorkload({
      model: opts.model,
      seed: opts.seed,
      salt,
      builder: builderFor(tok),
      turns: s.turns,
      systemPrompt: s.systemPrompt,
      systemPromptTokens: s.systemPromptTokens,
      userTokens: s.userTokens,
      outputTokens: s.outputTokens,
      dataset,
      exactOutput,
      extra,
    });
  }
  if (dataset) {
    const b = builderFor(tok);
    // The tag as built, its leading space kept: each word is one token only with it (" word"), so the
    // prefix is exactly tagTokens; trimmed, the first word could split in two (a count off by one).
    const perUse = cfg.dataset!.salt ? { prefix: (seq: number) => b.tag(uniqueTag(salt, seq, TAG_PURPOSE.dataset)), tokens: b.tagTokens } : undefined;
    return new DatasetWorkload({
      dataset,
      model: opts.model,
      order: cfg.dataset!.order,
      seed: opts.seed,
      maxTokens: cfg.maxTokens,
      exactOutput,
      extra,
      countTokens: (t) => tok.encode(t).length,
      salt: perUse,
    });
  }
  const mix = cfg.mix ?? defaultMix(cfg.maxTokens);
  return new SyntheticWorkload({ model: opts.model, mix, builder: builderFor(tok), seed: opts.seed, salt, sharedPrefix: cfg.sharedPrefix, exactOutput, extra });
}

/** A 32-bit FNV-1a hash of a string (variants into salts). */
function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
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
  const prefix = cfg.sharedPrefix ? `, shared prefix ${cfg.sharedPrefix.tokens} tok on ${pct(cfg.sharedPrefix.share, 1)}` : '';
  switch (workloadKind(cfg)) {
    case 'synthetic':
      s = `synthetic unique prompts, input ${describeDist(DEFAULT_INPUT_TOKENS)} tok, max_tokens ${cfg.maxTokens}${prefix} (${cfg.tokenizer}${cfg.ignoreEos ? ', exact output' : ''})`;
      break;
    case 'fixed':
      s = `fixed prompt (cache hits included), max_tokens ${cfg.maxTokens}${cfg.ignoreEos ? ' (ignore_eos)' : ''}`;
      break;
    case 'dataset':
      s = `dataset ${cfg.dataset!.path} (${cfg.dataset!.format === 'auto' ? '' : `${cfg.dataset!.format}, `}${cfg.dataset!.order}${cfg.dataset!.salt ? ', salted' : ''}), max_tokens ${cfg.maxTokens}${cfg.ignoreEos ? ', exact output' : ''}`;
      break;
    case 'mix':
      s = `mix ${weights(cfg.mix!)}${prefix} (${cfg.tokenizer}${cfg.ignoreEos ? ', exact output' : ''})`;
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
 * datasetDigest() to cover its contents. The per-run salt is left out: it changes the prompts'
 * words, not their lengths or shape, so runs with different salts compare.
 */
export function workloadFingerprint(cfg: WorkloadConfig): string {
  return canonical({ kind: workloadKind(cfg), ...cfg, salt: undefined, ...(workloadKind(cfg) === 'fixed' ? {} : { prompt: undefined }) });
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
