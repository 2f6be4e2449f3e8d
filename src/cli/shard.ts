/**
 * The sharded gate from the command line: `gate --shard i/N --start-at T` runs one shard's part of
 * the fixed plan (app/shard-gate.ts) and `judge` merges the N shards' results and judges them as
 * one gate run (same report, run directory, baseline and exit codes as `gate`).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/types.js';
import { loadConfig } from '../config/load.js';
import { readBaseline } from '../app/regression.js';
import { judgeShards, runGateShard, shardGatePlan, type GateShardDoc } from '../app/shard-gate.js';
import { DEFAULT_MAX_SKEW_MS, parseShard, parseStartAt } from '../load/shard.js';
import { parseDuration } from '../util/duration.js';
import { UsageError } from '../util/errors.js';
import { EXIT } from './errors.js';
import { exitCodeFor, gateOverrides, withUsageErrors } from './gate.js';
import { CLI_POLICY, failureOf } from '../app/outcome.js';
import { Progress } from './progress.js';

/** `gate --shard i/N --start-at T`: this shard's part of the plan; judged later by `judge`. */
export async function gateShardCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const { file, over, record, baseline: compareWith, shard } = gateOverrides(argv);
  const config = withUsageErrors(() => loadConfig(file, over));
  return runShard(config, shard ?? {}, record ?? compareWith, signal);
}

async function runShard(config: Config, flags: { shard?: string; startAt?: string; clockRef?: string }, baselinePath: string | undefined, signal: AbortSignal): Promise<number> {
  const errs: string[] = [];
  const spec = flags.shard === undefined ? 'give --shard i/N with --start-at' : parseShard(flags.shard);
  const startAt =
    flags.startAt === undefined ? '--start-at is required with --shard: every shard gets the same time (ISO-8601 with zone, or epoch ms)' : parseStartAt(flags.startAt);
  for (const p of [spec, startAt]) if (typeof p === 'string') errs.push(p);
  if (flags.clockRef !== undefined && flags.clockRef !== 'none' && !/^https?:\/\/[^/]/.test(flags.clockRef))
    errs.push(`--clock-ref ${JSON.stringify(flags.clockRef)}: expected an http(s) URL or none`);
  if (errs.length || typeof spec === 'string' || typeof startAt === 'string') throw new UsageError(`gate: ${errs.join('; ')}`);
  // The plan comes from the baseline file when there is one (compare, or record over an earlier one).
  const baseline = baselinePath ? withUsageErrors(() => readBaseline(baselinePath)) : undefined;
  const plan = withUsageErrors(() => shardGatePlan(config, baseline, spec.count));
  const progress = new Progress(process.stderr);
  const { doc, dir } = await runGateShard(config, plan, { spec, startAtMs: startAt, clockRef: flags.clockRef }, signal, progress);
  process.stdout.write(`shard ${spec.index}/${spec.count}: ${doc.levels.length} levels run; results: ${join(dir, 'results.json')}\n`);
  return doc.status === 'cancelled' ? EXIT.cancelled : EXIT.ok;
}

const JUDGE_HELP = `llm-loadgate judge [--config loadgate.yml] [--record BASELINE.json | --baseline BASELINE.json]
                   [--out DIR] [--max-start-skew ${DEFAULT_MAX_SKEW_MS}ms] SHARD_RESULTS... (results.json files or directories)

Merges the results of "llm-loadgate gate --shard i/N" (every shard 1..N once, same plan) level by
level — histograms merged, counts and rates added — and judges the merged levels as "gate" would:
saturation, SLA at the operating point, --record writes the baseline, --baseline compares (borderline
figures are not re-measured: the shards have ended). Writes DIR/<time>-sharded/ (report.md,
summary.md, results.json, shards.json, comparison.*). A level whose shards began more than
--max-start-skew apart or whose shard lagged (run.max_send_lag_ms) is invalid; a missing shard makes
the whole run invalid. Exit codes as "gate", and 3 when the sharded run is invalid.`;

export async function judgeCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      record: { type: 'string' },
      baseline: { type: 'string' },
      out: { type: 'string' },
      'max-start-skew': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    process.stdout.write(`${JUDGE_HELP}\n`);
    return EXIT.ok;
  }
  const errs: string[] = [];
  if (v.record && v.baseline) errs.push('--record and --baseline exclude each other: record on main, compare on pull requests');
  if (positionals.length === 0) errs.push("give the shards' results (their results.json or directories)");
  const skew = v['max-start-skew'] === undefined ? DEFAULT_MAX_SKEW_MS : (parseDuration(v['max-start-skew']) ?? NaN) * 1000;
  if (!(skew >= 0)) errs.push(`--max-start-skew ${JSON.stringify(v['max-start-skew'])}: expected a duration like 250ms`);
  if (errs.length) throw new UsageError(`judge: ${errs.join('; ')}\n\n${JUDGE_HELP}`);
  const config = withUsageErrors(() => loadConfig(v.config, v.out !== undefined ? { run: { out: v.out } } : {}));
  const docs = positionals.map(readShard);
  const mode = v.record ? 'record' : v.baseline ? 'compare' : 'none';
  const path = v.record ?? v.baseline ?? '';
  const baseline = mode === 'compare' ? withUsageErrors(() => readBaseline(path)) : undefined;
  const j = await judgeShards(config, docs, mode, path, baseline, { maxSkewMs: skew, maxSendLagMs: config.run.maxSendLagMs }, (l) => process.stderr.write(`${l}\n`));
  process.stdout.write(`\n${j.markdown}\nresults: ${j.dir}\n`);
  if (j.result.status === 'endpoint_down') {
    process.stderr.write(`${j.result.error}\n`);
    return EXIT.endpointDown;
  }
  if (j.invalid) {
    process.stderr.write(`judge: the sharded run is invalid:\n  - ${j.problems.join('\n  - ')}\n`);
    return EXIT.inconclusive;
  }
  if (j.result.status === 'cancelled') return EXIT.cancelled;
  if (j.comparison) return failureOf(j.comparison.verdict, CLI_POLICY, j.result.sla.pass).exitCode;
  // The hold was under-loaded (a shard late or lagging there): its SLA is not decided.
  if (j.result.operating_point && j.result.sla.pass === null) return EXIT.inconclusive;
  return exitCodeFor(j.result);
}

function readShard(path: string): { file: string; doc: GateShardDoc } {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, 'results.json');
  } catch {
    // reported below
  }
  try {
    return { file, doc: JSON.parse(readFileSync(file, 'utf8')) as GateShardDoc };
  } catch (e) {
    throw new UsageError(`judge: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
