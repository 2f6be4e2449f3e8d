/**
 * The gate on N machines (issue #16). A search cannot be sharded (each level depends on the last),
 * so a sharded gate runs a fixed plan every shard knows in advance: warmup (all shards), the
 * unloaded baseline (shard 1 alone: it is a reference latency, not load), saturation levels around
 * the stored baseline's saturation (0.8×, 1×, 1.2×; the config's saturation.levels without one)
 * and the SLA hold at the operating point. Each shard sends 1/N of every shared level on the slot
 * grid of load/shard.ts and writes its levels with histograms, judging nothing.
 *
 * `judgeShards` then merges each level across the shards (load/shard.ts mergeShards: histograms
 * merged, counts and rates added, start skew / send lag / missing shards checked) and judges the
 * merged levels with the single-runner gate's own code (toLevel, updateBracket, evaluateSla,
 * finish, compareResult, the same report and run directory), so the result reads the same.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/types.js';
import type { Baseline } from '../baseline/baseline.js';
import { toBaseline } from '../baseline/baseline.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import type { RequestRecord } from '../metrics/record.js';
import type { Sender } from '../load/runner.js';
import type { Clock } from '../util/clock.js';
import { stageOf, type Stage } from '../load/pacer.js';
import {
  clockBudgetMs,
  mergeShards,
  shardSeed,
  shardVariant,
  ShardRun,
  SHARD_SEQ_STRIDE,
  type ShardClock,
  type ShardLimits,
  type ShardMerge,
  type ShardRecord,
  type ShardSpec,
} from '../load/shard.js';
import { measureClockOffset } from '../load/clock-offset.js';
import { describeWorkload, prepareWorkload, workloadFromConfig, workloadRecord } from '../workload/index.js';
import { evaluateSla, slaPasses } from '../verdict/sla.js';
import type { Comparison, GateResult, LevelResult } from '../results/types.js';
import { ensureDir, timestampDirName, writeJson, newRunDir } from '../results/files.js';
import { compareMarkdown } from '../report/compare-markdown.js';
import { chartsWanted, writeVisualReport } from '../report/html.js';
import { escapeMd } from '../report/table.js';
import { ConfigError, UsageError } from '../util/errors.js';
import { redactUrl } from '../util/url.js';
import { VERSION } from '../version.js';
import { emptyResult, finish, fingerprintOf } from './gate.js';
import { LevelPipeline, toLevel } from './level.js';
import { baselineTtftReference, updateBracket, type Bracket } from './saturation.js';
import { compareResult } from './compare.js';
import { alignOperatingPoint, type GateMode } from './regression.js';
import { clientFor, gateReport, saltedConfig, type RunObserver } from './execute.js';
import { writeGateRun } from './results.js';

/** Around the baseline's saturation: just below, at and just above the knee. */
const PLAN_FACTORS = [0.8, 1, 1.2] as const;
/** The warmup slot's length at most (the warmup is a few requests; its timeout is for one runner's search). */
const WARMUP_SLOT_S = 30;

export interface PlannedLevel {
  name: string;
  phase: 'warmup' | 'baseline' | 'saturation' | 'operating_point';
  /** Offered load of the whole plan (req/s or users) for saturation and operating-point levels. */
  value?: number;
  /** The full level (every shard sends its 1/N), unsplit. */
  stage: Stage;
  /** Run whole by this shard alone (the baseline: shard 1). */
  only?: number;
}

export interface ShardGatePlan {
  /** Where the saturation levels came from. */
  source: 'baseline' | 'config';
  load: 'rate' | 'concurrency';
  levels: PlannedLevel[];
  /** What the plan could not include, said once. */
  notes: string[];
}

/**
 * The fixed plan. Around the baseline's saturation when it has one measured the same way, else the
 * config's saturation.levels; with neither a ConfigError says what to give. The operating point is
 * the baseline's (compare runs hold it, as the single-runner gate does), else sla_validation.rate /
 * concurrency, else operating_point × the baseline's saturation.
 */
export function shardGatePlan(config: Config, baseline: Baseline | undefined, count: number): ShardGatePlan {
  const s = config.saturation;
  const notes: string[] = [];
  const fix = (x: number): number => (s.load === 'concurrency' ? Math.max(count, Math.round(x)) : Math.round(x * 1000) / 1000);
  const knee = baseline && baseline.load === s.load ? baseline.saturation.load_value : null;
  if (baseline && baseline.load !== s.load) notes.push(`the baseline measured ${baseline.load}, this config ${s.load}: its saturation does not place the levels`);
  let values: number[];
  let source: ShardGatePlan['source'];
  if (knee !== null && knee > 0) {
    values = [...new Set(PLAN_FACTORS.map((f) => fix(knee * f)))];
    source = 'baseline';
  } else if (s.levels.length) {
    values = s.levels.map(fix);
    source = 'config';
  } else
    throw new ConfigError('sharded gate', [
      'a sharded gate runs a fixed plan that every shard knows in advance: give a baseline with a measured saturation (--baseline, or --record over an earlier baseline), or list saturation.levels in the config (e.g. levels: [8, 16, 24])',
    ]);
  const levels: PlannedLevel[] = [];
  if (config.warmup.requests > 0)
    levels.push({
      name: 'warmup',
      phase: 'warmup',
      stage: {
        kind: 'concurrency',
        users: Math.max(count, config.warmup.concurrency),
        thinkMs: 0,
        durationS: Math.min(config.warmup.timeoutS, WARMUP_SLOT_S),
        maxRequests: Math.max(count, config.warmup.requests),
      },
    });
  levels.push({ name: 'baseline', phase: 'baseline', stage: stageOf(config.baseline.load, config.baseline.value, config.baseline.durationS, s.arrival), only: 1 });
  values.forEach((v, i) => levels.push({ name: `sat-${i + 1}`, phase: 'saturation', value: v, stage: stageOf(s.load, v, s.levelDurationS, s.arrival, s.thinkMs) }));
  const op = operatingPoint(alignOperatingPoint(config, baseline), knee);
  if (config.slaValidation.enabled) {
    if (op)
      levels.push({
        name: 'operating-point',
        phase: 'operating_point',
        value: op.value,
        stage: stageOf(op.load, op.load === 'concurrency' ? Math.max(count, op.value) : op.value, config.slaValidation.durationS, s.arrival, s.thinkMs),
      });
    else notes.push('no SLA hold: the operating point is not known in advance (set sla_validation.rate or .concurrency, or give a baseline)');
  }
  if (config.chaos?.enabled) notes.push('chaos: not run by a sharded gate (a fault needs one coordinator); run the chaos command on its own');
  if (config.serverMetrics.fromTarget || config.serverMetrics.sources.length)
    notes.push('server_metrics: not scraped by a sharded gate; the bottleneck is named from client figures only');
  return { source, load: s.load, levels, notes };
}

function operatingPoint(config: Config, knee: number | null): { load: 'rate' | 'concurrency'; value: number } | undefined {
  const v = config.slaValidation;
  if (v.rate !== undefined) return { load: 'rate', value: v.rate };
  if (v.concurrency !== undefined) return { load: 'concurrency', value: v.concurrency };
  if (knee === null) return undefined;
  const load = config.saturation.load;
  return { load, value: load === 'concurrency' ? Math.max(1, Math.round(knee * v.operatingPoint)) : Math.round(knee * v.operatingPoint * 1000) / 1000 };
}

/** One level as a shard ran it (its part only). */
export interface ShardLevel {
  name: string;
  phase: PlannedLevel['phase'];
  summary: LevelSummary;
  /** The shard's generator CPU share over the level. */
  cpu: number;
  drain_expired: number;
  first_error?: string;
}

/** What a gate shard writes: DIR/results.json. */
export interface GateShardDoc {
  schema_version: 1;
  kind: 'gate-shard';
  tool: { name: 'llm-loadgate'; version: string };
  name: string;
  status: 'complete' | 'cancelled';
  target: GateResult['target'];
  fingerprint: GateResult['fingerprint'];
  plan: { source: ShardGatePlan['source']; load: ShardGatePlan['load']; levels: Array<Omit<PlannedLevel, 'stage'> & { stage: Stage }>; notes: string[] };
  shard: ShardRecord;
  levels: ShardLevel[];
  workload: ReturnType<typeof workloadRecord>;
}

export interface GateShardOptions {
  spec: ShardSpec;
  startAtMs: number;
  /** The clock reference (default: the target's /models); 'none' records the offset as unknown. */
  clockRef?: string;
  /** Seams for tests on virtual time: the endpoint, the level clock, and the wall clock + sleep of the slot grid. */
  sender?: Sender;
  clock?: Clock;
  now?: () => number;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Runs this shard's part of the plan on the slot grid; writes OUT/shard-i/results.json. */
export async function runGateShard(
  unsalted: Config,
  plan: ShardGatePlan,
  o: GateShardOptions,
  signal: AbortSignal,
  observer: RunObserver,
): Promise<{ doc: GateShardDoc; dir: string }> {
  // The salt comes from the config (workload.salt) or is drawn here; the shard's variant keeps its prompts apart anyway.
  const config = saltedConfig(unsalted);
  const { spec } = o;
  const tag = `shard ${spec.index}/${spec.count}`;
  const dir = ensureDir(join(config.run.out, `shard-${spec.index}`));
  const client = o.sender ? undefined : clientFor(config);
  const sender: Sender = o.sender ?? client!;
  await prepareWorkload(config.workload);
  const seed = shardSeed(config.run.seed, spec);
  const workload = workloadFromConfig(config.workload, { model: config.target.model, seed, variant: shardVariant(spec) });
  observer.line(
    `${tag}: workload ${describeWorkload(config.workload)}; plan from the ${plan.source}: ${plan.levels.map((l) => `${l.name}${l.value !== undefined ? ` ${l.value}` : ''}${l.only ? ` (shard ${l.only} alone)` : ''}`).join(', ')}`,
  );
  for (const n of plan.notes) observer.line(`${tag}: ${n}`);
  const ref = o.clockRef ?? `${config.target.url.replace(/\/+$/, '')}/models`;
  const clock: ShardClock =
    ref === 'none'
      ? { source: 'none', offset_ms: null, uncertainty_ms: null, note: 'clock reference none' }
      : await measureClockOffset(ref, {
          signal,
          headers: o.clockRef === undefined ? config.target.headers : undefined,
          label: redactUrl(ref),
          budgetMs: clockBudgetMs(o.startAtMs, Date.now()),
        });
  const now = o.now ?? Date.now;
  observer.line(
    `${tag}: clock offset ${clock.offset_ms === null ? `unknown (${clock.note})` : `${clock.offset_ms} ms ± ${clock.uncertainty_ms} ms`}; first level due ${new Date(o.startAtMs).toISOString()} (in ${((o.startAtMs - now()) / 1000).toFixed(1)} s)`,
  );
  const run = new ShardRun({
    spec,
    stages: plan.levels.map((l) => l.stage),
    only: plan.levels.map((l) => l.only),
    startAtMs: o.startAtMs,
    drainMs: config.run.drainS * 1000,
    clock,
    seed,
    now,
    wait: o.wait,
  });
  // The gate's level pipeline (app/level.ts); a shard numbers its requests in its own range.
  const pipeline = new LevelPipeline({
    sender,
    workload,
    signal,
    clock: o.clock,
    run: { maxInFlight: config.run.maxInFlight, maxSendLagMs: config.run.maxSendLagMs, drainS: run.drainMs / 1000 },
    goodput: config.goodput,
    onProgress: (name, f, n) => observer.bar(name, f, n),
    seq: { next: (spec.index - 1) * SHARD_SEQ_STRIDE },
  });
  const levels: ShardLevel[] = [];
  try {
    for (const [i, p] of plan.levels.entries()) {
      const stage = run.stage(i);
      if (!stage || signal.aborted) continue;
      await run.waitFor(i, p.name, signal);
      if (signal.aborted) break;
      let firstError: string | undefined;
      const onRecord = (r: RequestRecord): void => {
        if (r.outcome !== 'ok' && r.outcome !== 'cancelled') firstError ??= `${r.outcome}: ${r.error ?? 'no detail'}`;
      };
      const m = await pipeline.measure({ name: p.name, stage, seed: seed + i, onRecord, counted: p.phase !== 'warmup' });
      levels.push({
        name: p.name,
        phase: p.phase,
        summary: m.summary,
        cpu: Math.round(m.cpu * 1000) / 1000,
        drain_expired: m.run?.drainExpired ?? 0,
        ...(p.phase === 'warmup' && firstError ? { first_error: firstError } : {}),
      });
      observer.line(`${tag}: ${p.name} sent ${m.summary.requests.sent}, ok ${m.summary.requests.ok}, started ${run.timings.at(-1)!.start_lag_ms.toFixed(0)} ms after due`);
    }
  } finally {
    await client?.close();
  }
  const doc: GateShardDoc = {
    schema_version: 1,
    kind: 'gate-shard',
    tool: { name: 'llm-loadgate', version: VERSION },
    name: config.name,
    status: signal.aborted ? 'cancelled' : 'complete',
    target: { url: redactUrl(config.target.url), model: config.target.model, endpoint: config.target.endpoint },
    fingerprint: fingerprintOf(config),
    plan: { source: plan.source, load: plan.load, levels: plan.levels, notes: plan.notes },
    shard: run.record(),
    levels,
    workload: workloadRecord(config.workload, config.run.seed),
  };
  writeJson(join(dir, 'results.json'), doc);
  return { doc, dir };
}

/** The judged sharded gate: the single-runner gate's result, plus how the shards ran. */
export interface ShardJudgement {
  result: GateResult;
  merge: ShardMerge;
  /** Every problem that made a level or the whole run invalid. */
  problems: string[];
  /** True when the run as a whole cannot be judged (a shard missing, plans differ, no shard results). */
  invalid: boolean;
  comparison?: Comparison;
  markdown: string;
  dir: string;
  baselinePath?: string;
  missingBaseline?: boolean;
}

/**
 * Merges the shards' results and judges them as the single-runner gate would. A run-wide problem
 * (a shard missing, different plans) leaves every level invalid and the run unjudged (no SLA pass,
 * no verdict); a level-only problem (skew, lag) makes that level invalid, as a lagging level is.
 */
export async function judgeShards(
  config: Config,
  docs: Array<{ file: string; doc: GateShardDoc }>,
  mode: GateMode,
  baselinePath: string,
  baseline: Baseline | undefined,
  limits: ShardLimits,
  log: (l: string) => void,
): Promise<ShardJudgement> {
  if (docs.length === 0) throw new UsageError('judge: no shard results given');
  for (const { file, doc } of docs)
    if (doc.kind !== 'gate-shard' || !doc.shard || !Array.isArray(doc.levels)) throw new UsageError(`judge: ${file} is not the results.json of "llm-loadgate gate --shard i/N"`);
  const ref = docs[0]!.doc;
  const planLevels = ref.plan.levels;
  const shared = planLevels.filter((l) => l.only === undefined).map((l) => l.name);
  const levelOf = (d: GateShardDoc, name: string): ShardLevel | undefined => d.levels.find((l) => l.name === name);
  // mergeShards aligns a shard's timings and summaries by position: give it the shared levels only, in plan order.
  const merge = mergeShards(
    docs.map(({ file, doc }) => {
      const ran = shared.filter((n) => levelOf(doc, n) && doc.shard.levels.some((t) => t.name === n));
      return {
        file,
        status: doc.status,
        shard: { ...doc.shard, levels: ran.map((n) => doc.shard.levels.find((t) => t.name === n)!) },
        levels: ran.map((n) => levelOf(doc, n)!.summary),
      };
    }),
    limits,
  );
  const problems = [...merge.problems];
  for (const { file, doc } of docs) if (doc.name !== ref.name) problems.push(`${file} is gate "${doc.name}", not "${ref.name}"`);
  const merged = new Map(merge.summaries.map((s) => [s.name, s]));
  const check = new Map(merge.levels.map((l) => [l.name, l]));
  const cpuOf = (name: string): number => Math.max(0, ...docs.map(({ doc }) => levelOf(doc, name)?.cpu ?? 0));

  const r = emptyResult(config);
  r.saturation.strategy = 'steps';
  // Judged with the config the shards ran: the same target, model, workload and SLA.
  for (const { file, doc } of docs) {
    const f = doc.fingerprint;
    const diff = [
      ...(doc.target.url !== r.target.url ? [`target ${doc.target.url}`] : []),
      ...(f.model !== r.fingerprint.model ? [`model ${f.model}`] : []),
      ...(f.workload_hash !== r.fingerprint.workload_hash ? ['workload'] : []),
      ...(f.sla_hash !== r.fingerprint.sla_hash ? ['sla'] : []),
    ];
    if (diff.length) problems.push(`${file} ran another config than judge's --config (${diff.join(', ')} differ): judge with the loadgate.yml the shards ran`);
  }
  const shardInvalid = (level: LevelResult, name: string): void => {
    const c = check.get(name);
    const why = [...problems, ...(c?.problems ?? [])];
    if (!c) why.push(`no shard ran ${name}`);
    if (why.length === 0) return;
    level.valid = false;
    level.invalid_reason = `shards: ${why.join('; ')}`;
  };

  const warm = merged.get('warmup');
  if (warm) {
    const firstError = docs.map(({ doc }) => levelOf(doc, 'warmup')?.first_error).find(Boolean);
    r.warmup = {
      requests: warm.requests.sent,
      ok: warm.requests.ok,
      errors: warm.requests.errors,
      ...(firstError ? { first_error: firstError } : {}),
      ttft_p50_ms: warm.ttft_ms.p50,
    };
    if (warm.requests.sent > 0 && warm.requests.ok === 0) {
      r.status = 'endpoint_down';
      r.error = `warmup: none of ${warm.requests.sent} requests of the shards to ${redactUrl(config.target.url)} (model ${config.target.model}) succeeded (first: ${firstError ?? 'none recorded'}). Check that the endpoint is up, the URL and model name are right, and the API key (if any) is valid.`;
    }
  }
  const basePlan = planLevels.find((l) => l.phase === 'baseline');
  const baseDoc = basePlan ? docs.find(({ doc }) => doc.shard.index === basePlan.only) : undefined;
  const base = baseDoc ? levelOf(baseDoc.doc, 'baseline') : undefined;
  if (basePlan && !base) problems.push(`the baseline level (run by shard ${basePlan.only} alone) is missing: without it the saturation criteria have no reference latency`);
  if (base) {
    r.baseline = toLevel('baseline', { summary: base.summary, cpu: base.cpu }, config, undefined);
    r.load_minutes += base.summary.duration_s / 60;
  }
  const baseP99 = baselineTtftReference(r.baseline?.summary)?.value ?? 0;
  let bracket: Bracket = {};
  for (const p of planLevels.filter((l) => l.phase === 'saturation')) {
    const s = merged.get(p.name);
    if (!s) {
      problems.push(`no shard has ${p.name}`);
      continue;
    }
    const level = toLevel('saturation', { summary: s, cpu: cpuOf(p.name) }, config, baseP99);
    shardInvalid(level, p.name);
    r.saturation.levels.push(level);
    r.load_minutes += s.duration_s / 60;
    if (level.valid) bracket = updateBracket(bracket, p.value!, level.saturated, s.achieved_rps);
    else log(`${p.name} (${p.value}): invalid (${level.invalid_reason}); not used to judge the endpoint`);
  }
  r.saturation.bracket = [bracket.lastGood ?? null, bracket.firstSaturated ?? null];
  r.saturation.precision = bracket.lastGood !== undefined && bracket.firstSaturated !== undefined ? (bracket.firstSaturated - bracket.lastGood) / bracket.lastGood : null;
  r.saturation.load_value = bracket.lastGood ?? null;
  if (bracket.lastGood !== undefined) r.saturation.rps = config.saturation.load === 'rate' ? bracket.lastGood : (bracket.lastGoodAchieved ?? null);

  const opPlan = planLevels.find((l) => l.phase === 'operating_point');
  const op = opPlan ? merged.get(opPlan.name) : undefined;
  if (opPlan && op) {
    const level = toLevel('operating_point', { summary: op, cpu: cpuOf(opPlan.name) }, config, baseP99);
    shardInvalid(level, opPlan.name);
    r.load_minutes += op.duration_s / 60;
    r.operating_point = { load: opPlan.stage.kind, value: opPlan.value!, rps: op.achieved_rps, level };
    const checks = evaluateSla(config.sla, op);
    // An under-loaded hold proves nothing: its checks are shown, but pass is not decided.
    r.sla = { checks, pass: level.valid ? slaPasses(checks) : null };
  }
  if (docs.some(({ doc }) => doc.status !== 'complete')) r.status = 'cancelled';
  finish(r, { signal: new AbortController().signal, log }, r.load_minutes);
  // The hold is what the SLA and the verdict read: held by shards that did not run together, it
  // would judge a load that was never applied, so the run is not judged (a saturation level that
  // failed its checks is just left out, as a lagging level is).
  const opProblems = opPlan ? (check.get(opPlan.name)?.problems ?? [`no shard ran ${opPlan.name}`]) : [];
  if (opProblems.length) problems.push(`the SLA hold (${opPlan!.name}) is invalid (see below), so neither the SLA nor the verdict is judged`);
  const invalid = problems.length > 0;
  // Warmup is not measured: its start skew does not matter.
  const allProblems = [...new Set([...problems, ...merge.levels.filter((l) => l.name !== 'warmup').flatMap((l) => l.problems)])];

  const startedAt = new Date(ref.shard.start_at_ms);
  const dir = newRunDir(config.run.out, `${timestampDirName(startedAt)}-sharded`);
  const shardsMd = shardsMarkdown(merge, allProblems, docs.length, ref.plan);
  let markdown = `${withBanner(gateReport(config, r), invalid ? `> ❌ **Sharded run invalid: not judged.** ${escapeMd(allProblems[0] ?? '', 300)}${allProblems.length > 1 ? ` (and ${allProblems.length - 1} more: see Shards)` : ''}` : undefined)}\n${shardsMd}`;
  const written = writeGateRun(dir, config, r, markdown, startedAt);
  writeJson(join(dir, 'shards.json'), {
    valid: !invalid && merge.valid,
    problems: allProblems,
    count: merge.count,
    files: docs.map((d) => d.file),
    levels: merge.levels,
    clocks: merge.clocks,
    limits: merge.limits,
    plan: ref.plan,
  });
  const out: ShardJudgement = { result: r, merge, problems: allProblems, invalid, markdown, dir: written.dir };
  if (invalid || r.status !== 'complete') {
    writeFileSync(join(dir, 'summary.md'), markdown);
    return out;
  }
  if (mode === 'record') {
    mkdirSync(dirname(baselinePath), { recursive: true });
    writeJson(baselinePath, toBaseline(r, r.fingerprint));
    out.baselinePath = baselinePath;
    out.markdown = markdown = `${markdown}\nBaseline recorded to \`${baselinePath}\`.\n`;
  } else if (mode === 'compare' && !baseline) {
    out.missingBaseline = true;
    out.markdown = markdown = `${markdown}\n> **No baseline** at \`${baselinePath}\`: nothing to compare with. Record one by running the gate in record mode on the main branch.\n`;
  } else if (mode === 'compare' && baseline) {
    const comparison = compareResult(baseline, r.measured, r.fingerprint, alignOperatingPoint(config, baseline));
    // The single-runner gate re-measures a borderline figure once; the shards have ended by now.
    if (comparison.verdict === 'inconclusive' || comparison.verdict === 'regression')
      comparison.remeasured.push('not re-measured: a sharded gate is judged after its shards have ended; rerun the workflow to measure again.');
    out.comparison = comparison;
    out.markdown = markdown = `${compareMarkdown(config.name, comparison, baseline, r)}\n${shardsMd}`;
    writeFileSync(join(dir, 'comparison.md'), markdown);
    writeJson(join(dir, 'comparison.json'), comparison);
  }
  writeFileSync(join(dir, 'summary.md'), markdown);
  for (const n of (await writeVisualReport(dir, { kind: 'gate', result: r, baseline, comparison: out.comparison }, { charts: chartsWanted() })).notes) log(n);
  return out;
}

/** The report with a line right under its title (the title stays first: the PR comment's marker reads it). */
function withBanner(md: string, banner: string | undefined): string {
  if (!banner) return md;
  const i = md.indexOf('\n\n', md.indexOf('## '));
  return i < 0 ? `${md}\n\n${banner}\n` : `${md.slice(0, i)}\n\n${banner}${md.slice(i)}`;
}

/** The report's Shards section: per level, the shards' start skew and whether it held. */
function shardsMarkdown(
  m: ShardMerge,
  problems: string[],
  given: number,
  plan?: Pick<ShardGatePlan, 'source' | 'notes'> & { levels: Array<Pick<PlannedLevel, 'name' | 'value' | 'only'>> },
): string {
  const rows = m.levels.map(
    (l) =>
      `| ${escapeMd(l.name, 60)} | ${l.shards} | ${l.skew_ms === null ? '—' : `${l.skew_ms} ms${l.skew_uncertainty_ms ? ` ± ${l.skew_uncertainty_ms}` : ''}`} | ${l.max_send_lag_p99_ms} ms | ${l.valid ? '✅' : '❌'} |`,
  );
  const clocks = m.clocks.map((c) => `${c.shard}: ${c.offset_ms === null ? 'unknown' : `${c.offset_ms} ± ${c.uncertainty_ms} ms`}`).join(' · ');
  const out = [
    `### Shards`,
    '',
    `${given} shard result${given === 1 ? '' : 's'} of ${m.count} merged (start skew bound ${m.limits.maxSkewMs} ms, send lag P99 bound ${m.limits.maxSendLagMs} ms). Clock offsets against the endpoint: ${clocks || 'none'}.`,
    '',
    ...(plan
      ? [
          `Fixed plan from the ${plan.source === 'baseline' ? "baseline's saturation" : "config's saturation.levels"}: ${plan.levels.map((l) => `${l.name}${l.value !== undefined ? ` ${l.value}` : ''}${l.only ? ` (shard ${l.only} alone)` : ''}`).join(', ')}.${plan.notes.length ? ` ${plan.notes.map((n) => escapeMd(n, 200)).join('; ')}.` : ''}`,
          '',
        ]
      : []),
    '| level | shards | start skew | worst send lag P99 | valid |',
    '| :---- | -----: | ---------: | -----------------: | :---: |',
    ...rows,
    '',
  ];
  if (problems.length) out.push(`> **The sharded run is not valid as planned:**`, ...problems.map((p) => `> - ${escapeMd(p, 400)}`), '');
  return out.join('\n');
}
