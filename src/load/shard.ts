/**
 * One plan run by N load generators at once (`--shard i/N`), each sending 1/N of every level, all
 * starting each level at the same wall-clock instant; and the checks that make a merged level
 * invalid when the shards did not run it together (a shard missing, started late, or lagging).
 *
 * Splitting: an open-loop level's rate is divided by N; closed-loop users and a request budget
 * are split as evenly as possible, the remainder going to the lowest shards. Constant arrivals
 * are phase-shifted by (i−1) gaps of the full rate, so the shards' sends interleave into the
 * single generator's schedule instead of arriving N at a time; Poisson arrivals get a seed of
 * their own per shard (N independent Poisson streams of rate r/N are one of rate r). Prompts are
 * kept apart by a per-shard workload variant and request ids by a per-shard sequence range.
 *
 * Timing: level k starts at start-at + the sum of the earlier levels' slots, a slot being the
 * level's duration + its drain bound + SLOT_GUARD_MS, so a level always ends before the next one
 * is due and the shards never wait for each other. Pure apart from ShardRun's sleeping.
 */
import { createHash } from 'node:crypto';
import type { LevelSummary } from '../metrics/aggregate.js';
import { mergeSummaries } from '../metrics/merge.js';
import { stableJson } from '../util/json.js';
import type { Stage } from './pacer.js';

export interface ShardSpec {
  /** 1-based: shard 1 of N is the first. */
  index: number;
  count: number;
}

/** Slack after each level's drain bound before the next level is due. */
export const SLOT_GUARD_MS = 250;
/** Request ids of shard i start at (i−1) × this, so the shards' ids never collide. */
export const SHARD_SEQ_STRIDE = 1_000_000_000;
/**
 * How long a shard may spend measuring its clock: at most 2.5 s, and never into its first level
 * (a measurement must not make the shard late; without one its offset is recorded as unknown).
 */
export function clockBudgetMs(startAtMs: number, now: number): number {
  return Math.min(2500, startAtMs - now - 200);
}

/** The start skew above which a merged level is invalid, unless configured. */
export const DEFAULT_MAX_SKEW_MS = 250;

/** "2/3" → { index: 2, count: 3 }; an error message (what, how to fix) otherwise. */
export function parseShard(text: string): ShardSpec | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard ${JSON.stringify(text)}: expected i/N, e.g. 2/3 (shard 2 of 3; shards are numbered from 1)`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: expected 1 ≤ i ≤ N (shards are numbered 1..N, e.g. 1/3, 2/3, 3/3)`;
  return { index, count };
}

/**
 * An absolute start time: ISO-8601 with a zone (2026-11-29T04:00:00Z) or epoch milliseconds.
 * An error message otherwise.
 */
export function parseStartAt(text: string): number | string {
  const t = text.trim();
  if (/^\d{10,}$/.test(t)) return Number(t);
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  return `--start-at ${JSON.stringify(text)}: expected an ISO-8601 time with its zone (e.g. 2026-11-29T04:00:00Z) or epoch milliseconds; every shard must get the same value`;
}

/** `total` split in N parts as evenly as possible, the remainder to the lowest shards. */
export function splitCount(total: number, shard: ShardSpec): number {
  const base = Math.floor(total / shard.count);
  return base + (shard.index <= total % shard.count ? 1 : 0);
}

/**
 * The shard's part of a level. Throws an Error (caught by the caller as a usage problem) when a
 * closed-loop level has fewer users than shards: a shard with no users would send nothing.
 */
export function splitStage(stage: Stage, shard: ShardSpec): Stage {
  const out: Stage = { ...stage };
  if (stage.maxRequests !== undefined) out.maxRequests = Math.max(1, splitCount(stage.maxRequests, shard));
  if (stage.sizing) out.sizing = { ...stage.sizing, minCompletions: Math.max(1, Math.ceil(stage.sizing.minCompletions / shard.count)) };
  if (out.kind === 'rate' && stage.kind === 'rate') {
    out.rate = stage.rate / shard.count;
    if (stage.rateEnd !== undefined) out.rateEnd = stage.rateEnd / shard.count;
  } else if (out.kind === 'concurrency' && stage.kind === 'concurrency') {
    if (stage.users < shard.count)
      throw new Error(`${stage.users} users cannot be split over ${shard.count} shards (each shard needs at least one): use at least ${shard.count} users or fewer shards`);
    out.users = splitCount(stage.users, shard);
  }
  return out;
}

/**
 * How far behind the level's common start this shard's first send is due: constant arrivals at a
 * steady rate r interleave (shard i sends at (i−1)/r + k·N/r, k = 0, 1, …); 0 otherwise.
 */
export function phaseMs(stage: Stage, shard: ShardSpec): number {
  if (stage.kind !== 'rate' || stage.arrival !== 'constant' || stage.rateEnd !== undefined || stage.rate <= 0) return 0;
  return ((shard.index - 1) * 1000) / stage.rate;
}

/**
 * The shard's part of a level as it runs: split, and for interleaved constant arrivals ended its
 * phase earlier (it also starts that much later), so the shards together send exactly what one
 * generator would in the level's duration, not a few more at its end.
 */
export function shardStage(stage: Stage, shard: ShardSpec): Stage {
  const out = splitStage(stage, shard);
  const phase = phaseMs(stage, shard);
  if (phase > 0) out.durationS = stage.durationS - phase / 1000;
  return out;
}

/** A seed of the shard's own (shard 1 keeps the plan's), so lengths and Poisson gaps are not copies. */
export function shardSeed(seed: number, shard: ShardSpec): number {
  return shard.index === 1 ? seed : (seed + Math.imul(shard.index - 1, 0x9e3779b1)) >>> 0;
}

/** The workload variant that gives a shard prompts of its own (see workloadFromConfig). */
export function shardVariant(shard: ShardSpec): string | undefined {
  return shard.index === 1 ? undefined : `shard-${shard.index}`;
}

/** Each level's start (ms after start-at) and slot length. */
export function levelSlots(stages: Stage[], drainMs: number): Array<{ offsetMs: number; slotMs: number }> {
  let at = 0;
  return stages.map((s) => {
    const slotMs = s.durationS * 1000 + drainMs + SLOT_GUARD_MS;
    const r = { offsetMs: at, slotMs };
    at += slotMs;
    return r;
  });
}

/**
 * What every shard must agree on: the full (unsplit) levels, who runs a level alone (`only`), the
 * drain, the start and the count.
 */
export function planHash(stages: Stage[], drainMs: number, startAtMs: number, count: number, only?: ReadonlyArray<number | undefined>): string {
  const o = only?.some((x) => x !== undefined) ? { only: only.map((x) => x ?? null) } : {};
  return createHash('sha256')
    .update(stableJson({ stages, drainMs, startAtMs, count, ...o }))
    .digest('hex')
    .slice(0, 16);
}

/** How this shard's clock relates to a reference all shards share (the endpoint's HTTP Date). */
export interface ShardClock {
  source: 'http-date' | 'none';
  /** Reference time − local time, ms; null when it could not be measured. */
  offset_ms: number | null;
  /** Half the window the reference's second tick was seen in, ms. */
  uncertainty_ms: number | null;
  /** What was asked (redacted URL), or why nothing was. */
  reference?: string;
  note?: string;
}

export interface ShardLevelTiming {
  name: string;
  /** Wall clock (this shard's, epoch ms) the level was due: start-at + slot offset + phase. */
  planned_start_ms: number;
  actual_start_ms: number;
  /** actual − planned: how late this shard began the level. */
  start_lag_ms: number;
  /** The phase included in planned_start_ms (constant arrivals interleave). */
  phase_ms: number;
}

/** What a shard adds to its results.json. */
export interface ShardRecord {
  index: number;
  count: number;
  start_at: string;
  start_at_ms: number;
  plan_hash: string;
  drain_ms: number;
  seed: number;
  clock: ShardClock;
  levels: ShardLevelTiming[];
}

export interface ShardRunOptions {
  spec: ShardSpec;
  /** The full plan, unsplit. */
  stages: Stage[];
  /** A level run whole by one shard alone (e.g. the gate's unloaded baseline); the others sit its slot out. */
  only?: ReadonlyArray<number | undefined>;
  startAtMs: number;
  drainMs: number;
  clock: ShardClock;
  /** This shard's seed (shardSeed). */
  seed: number;
  /** The wall clock (epoch ms) and a sleep on it; injectable for tests. */
  now?: () => number;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A shard's run: the levels it sends and when each is due; records when each actually began. */
export class ShardRun {
  readonly slots: Array<{ offsetMs: number; slotMs: number }>;
  readonly timings: ShardLevelTiming[] = [];
  readonly spec: ShardSpec;
  readonly full: Stage[];
  readonly only: ReadonlyArray<number | undefined>;
  readonly startAtMs: number;
  readonly drainMs: number;
  readonly clock: ShardClock;
  readonly seed: number;
  private readonly now: () => number;
  private readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(o: ShardRunOptions) {
    this.spec = o.spec;
    this.full = o.stages;
    this.only = o.only ?? [];
    this.startAtMs = o.startAtMs;
    this.drainMs = o.drainMs;
    this.clock = o.clock;
    this.seed = o.seed;
    this.now = o.now ?? Date.now;
    this.wait = o.wait ?? sleep;
    this.slots = levelSlots(o.stages, o.drainMs);
  }

  /** This shard's part of level i: split, whole (a level it runs alone), or undefined (another shard's alone). */
  stage(i: number): Stage | undefined {
    const only = this.only[i];
    if (only !== undefined) return only === this.spec.index ? this.full[i] : undefined;
    return shardStage(this.full[i]!, this.spec);
  }

  planned(i: number): number {
    return this.startAtMs + this.slots[i]!.offsetMs + (this.only[i] === undefined ? phaseMs(this.full[i]!, this.spec) : 0);
  }

  /** Sleeps until level i is due (at once when it is already past) and records when it began. */
  async waitFor(i: number, name: string, signal: AbortSignal): Promise<void> {
    const planned = this.planned(i);
    for (let left = planned - this.now(); left > 0 && !signal.aborted; left = planned - this.now()) await this.wait(Math.min(left, 1000), signal);
    const actual = this.now();
    this.timings.push({
      name,
      planned_start_ms: planned,
      actual_start_ms: actual,
      start_lag_ms: actual - planned,
      phase_ms: this.only[i] === undefined ? Math.round(phaseMs(this.full[i]!, this.spec) * 1000) / 1000 : 0,
    });
  }

  record(): ShardRecord {
    return {
      index: this.spec.index,
      count: this.spec.count,
      start_at: new Date(this.startAtMs).toISOString(),
      start_at_ms: this.startAtMs,
      plan_hash: planHash(this.full, this.drainMs, this.startAtMs, this.spec.count, this.only),
      drain_ms: this.drainMs,
      seed: this.seed,
      clock: this.clock,
      levels: this.timings,
    };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Merging: every shard's levels side by side, and whether they really ran together.

/** A shard's results as read back: its file (for messages), its record and its levels. */
export interface ShardResults {
  file: string;
  status: string;
  shard?: ShardRecord;
  levels: LevelSummary[];
}

export interface ShardLimits {
  /** A level whose shards began further apart than this is invalid. */
  maxSkewMs: number;
  /** A shard whose P99 send lag in a level exceeds this makes the level invalid. */
  maxSendLagMs: number;
}

export interface MergedShardLevel {
  name: string;
  /** max − min of the shards' starts (each start minus its phase), on their own clocks. */
  start_skew_ms: number | null;
  /** The same on the reference clock (each corrected by its measured offset), when every offset is known. */
  start_skew_corrected_ms: number | null;
  /** The skew judged: corrected when known, else as measured. */
  skew_ms: number | null;
  /** How far the corrected skew may be off (the two largest offset uncertainties added); 0 when not corrected. */
  skew_uncertainty_ms: number;
  max_send_lag_p99_ms: number;
  shards: number;
  valid: boolean;
  problems: string[];
}

export interface ShardMerge {
  count: number;
  valid: boolean;
  /** Problems of the whole run (a missing shard, a different plan): every level is invalid then. */
  problems: string[];
  levels: MergedShardLevel[];
  /** The merged levels (counts added, histograms merged, rates added). */
  summaries: LevelSummary[];
  clocks: Array<{ shard: number; file: string } & ShardClock>;
  limits: ShardLimits;
}

const label = (s: ShardRecord): string => `shard ${s.index}/${s.count}`;

/**
 * Merges the shards' results level by level and says which levels are valid. Never throws on a
 * bad set: everything found wrong is a problem named by shard and file.
 */
export function mergeShards(results: ShardResults[], limits: ShardLimits): ShardMerge {
  const problems: string[] = [];
  const unsharded = results.filter((r) => !r.shard);
  for (const r of unsharded) problems.push(`${r.file} is not a shard's results (run with --shard i/N)`);
  const shards = results.filter((r): r is ShardResults & { shard: ShardRecord } => r.shard !== undefined);
  const counts = new Set(shards.map((r) => r.shard.count));
  const count = Math.max(0, ...counts);
  if (counts.size > 1)
    problems.push(
      `the shards were run with different counts (${[...counts]
        .sort()
        .map((n) => `/${n}`)
        .join(', ')}): every shard must get the same --shard i/N`,
    );
  const byIndex = new Map<number, Array<ShardResults & { shard: ShardRecord }>>();
  for (const r of shards) byIndex.set(r.shard.index, [...(byIndex.get(r.shard.index) ?? []), r]);
  for (let i = 1; i <= count; i++) {
    const got = byIndex.get(i);
    if (!got)
      problems.push(
        `shard ${i}/${count} is missing: no results for it among the ${results.length} given; its level${count > 1 ? 's were' : ' was'} under-loaded by 1/${count}, so the result is invalid (did that job fail or its artifact not upload?)`,
      );
    else if (got.length > 1) problems.push(`shard ${i}/${count} given ${got.length} times (${got.map((g) => g.file).join(', ')}): give each shard's results once`);
  }
  for (const [i, got] of byIndex) if (i > count) problems.push(`${got[0]!.file}: shard ${i}/${got[0]!.shard.count} is outside 1..${count}`);
  const hashes = new Set(shards.map((r) => r.shard.plan_hash));
  if (hashes.size > 1) {
    const ref = shards[0]!.shard.plan_hash;
    for (const r of shards)
      if (r.shard.plan_hash !== ref)
        problems.push(
          `${label(r.shard)} (${r.file}) ran a different plan (levels, drain, --start-at or shard count) than ${label(shards[0]!.shard)}: every shard must get the same flags apart from --shard`,
        );
  }
  for (const r of shards) if (r.status !== 'complete') problems.push(`${label(r.shard)} (${r.file}) did not complete (status ${r.status})`);

  const offsets = shards.map((r) => r.shard.clock.offset_ms);
  const allOffsets = offsets.length > 0 && offsets.every((o) => o !== null);
  const nLevels = Math.max(0, ...results.map((r) => r.levels.length));
  const levels: MergedShardLevel[] = [];
  const summaries: LevelSummary[] = [];
  for (let li = 0; li < nLevels; li++) {
    const name = results.find((r) => r.levels[li])!.levels[li]!.name;
    const lp: string[] = [];
    const parts: LevelSummary[] = [];
    const starts: number[] = [];
    const corrected: number[] = [];
    let lag = 0;
    for (const r of shards) {
      const s = r.levels[li];
      const t = r.shard.levels[li];
      if (!s || !t) {
        lp.push(`${label(r.shard)} (${r.file}) has no level ${li + 1} (${name}): its run stopped early`);
        continue;
      }
      parts.push(s);
      const begin = t.actual_start_ms - t.phase_ms;
      starts.push(begin);
      corrected.push(begin + (r.shard.clock.offset_ms ?? 0));
      lag = Math.max(lag, s.send_lag_ms.p99);
      if (s.send_lag_ms.p99 > limits.maxSendLagMs)
        lp.push(
          `${label(r.shard)} lagged: P99 send lag ${s.send_lag_ms.p99.toFixed(1)} ms > ${limits.maxSendLagMs} ms in ${name} (that generator could not keep up; use more shards or a bigger runner)`,
        );
    }
    for (const r of unsharded) if (r.levels[li]) parts.push(r.levels[li]!);
    const spread = (xs: number[]): number | null => (xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : xs.length === 1 ? 0 : null);
    const raw = spread(starts);
    const corr = allOffsets ? spread(corrected) : null;
    const skew = corr ?? raw;
    // Invalid only when the skew exceeds the bound beyond what the offsets' own error could explain.
    const unc =
      corr === null
        ? 0
        : shards
            .map((r) => r.shard.clock.uncertainty_ms ?? 0)
            .sort((a, b) => b - a)
            .slice(0, 2)
            .reduce((a, b) => a + b, 0);
    if (skew !== null && skew - unc > limits.maxSkewMs) {
      const latest = shards.filter((r) => r.shard.levels[li]).reduce((a, b) => (start(b, li, allOffsets) > start(a, li, allOffsets) ? b : a));
      lp.push(
        `start skew ${skew.toFixed(0)} ms${unc ? ` ± ${unc} ms` : ''} > ${limits.maxSkewMs} ms in ${name}: ${label(latest.shard)} (${latest.file}) began ${latest.shard.levels[li]!.start_lag_ms.toFixed(0)} ms after its due time (a late job: give the shards a later --start-at)`,
      );
    }
    const all = [...problems, ...lp];
    levels.push({
      name,
      start_skew_ms: raw === null ? null : round1(raw),
      start_skew_corrected_ms: corr === null ? null : round1(corr),
      skew_ms: skew === null ? null : round1(skew),
      skew_uncertainty_ms: unc,
      max_send_lag_p99_ms: round1(lag),
      shards: parts.length,
      valid: all.length === 0,
      problems: lp,
    });
    if (parts.length) summaries.push(mergeSummaries(name, parts, 'parallel'));
  }
  const clocks = shards.map((r) => ({ shard: r.shard.index, file: r.file, ...r.shard.clock })).sort((a, b) => a.shard - b.shard);
  return { count, valid: problems.length === 0 && levels.every((l) => l.valid), problems, levels, summaries, clocks, limits };
}

function start(r: ShardResults & { shard: ShardRecord }, li: number, corrected: boolean): number {
  const t = r.shard.levels[li]!;
  return t.actual_start_ms - t.phase_ms + (corrected ? (r.shard.clock.offset_ms ?? 0) : 0);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The messages that make a merge invalid, run-wide first, one per line. */
export function shardProblems(m: ShardMerge): string[] {
  return [...m.problems, ...m.levels.flatMap((l) => l.problems)];
}
