/**
 * `llm-loadgate merge --out merged.json A/results.json B/results.json …`: combines the results of
 * several load generators that ran side by side against one endpoint (to offer more load than one
 * machine can). Counters add, HDR histograms merge exactly, rates add; levels merge by position.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LevelSummary } from '../metrics/aggregate.js';
import type { LevelCheck } from '../results/types.js';
import { mergeSummaries } from '../metrics/merge.js';
import { levelsTable } from '../report/table.js';
import { writeJson } from '../results/files.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';
import { parseDuration } from '../util/duration.js';
import { DEFAULT_MAX_SKEW_MS, mergeShards, shardProblems, type ShardRecord } from '../load/shard.js';
import { DEFAULT_MAX_SEND_LAG_MS } from '../load/runner.js';

const HELP = `llm-loadgate merge --out MERGED.json RESULTS.json|DIR RESULTS.json|DIR [...]
                   [--max-start-skew ${DEFAULT_MAX_SKEW_MS}ms] [--max-send-lag-ms 50]

Merges the results.json of "llm-loadgate load" runs made side by side by several generators
(same levels, same time): counts add, latency histograms merge exactly, rates add. A directory
stands for its results.json.

Runs made with --shard i/N are checked as one plan: every shard 1..N present once, the same plan,
each level begun by all shards within --max-start-skew of each other (on the endpoint's clock when
every shard measured its offset) and no shard's P99 send lag above --max-send-lag-ms. A level that
fails a check is invalid (merged.json: shards.levels[].problems), and so is every level when a
shard is missing; the merge then exits 3 and names the shard.`;

interface LoadDoc {
  kind?: string;
  status?: string;
  levels?: Array<LevelSummary & Partial<LevelCheck>>;
  load_minutes?: number;
  shard?: ShardRecord;
  [k: string]: unknown;
}

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'max-start-skew': { type: 'string' }, 'max-send-lag-ms': { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (!values.out || positionals.length < 1) throw new UsageError(`merge: give --out and at least two results files\n\n${HELP}`);
  const files = positionals.map(resultsFile);
  const docs = files.map(read);
  // One shard's results alone still merge: the check then names the shards that are missing.
  if (docs.some((d) => d.shard)) return mergeSharded(values.out, files, docs, values['max-start-skew'], values['max-send-lag-ms']);
  if (positionals.length < 2) throw new UsageError(`merge: give --out and at least two results files\n\n${HELP}`);
  const counts = new Set(docs.map((d) => d.levels!.length));
  if (counts.size !== 1) throw new UsageError(`merge: the runs have different numbers of levels (${[...counts].join(', ')}); merge runs of the same plan`);
  const levels = docs[0]!.levels!.map((_, i) => {
    const parts = docs.map((d) => d.levels![i]!);
    return { ...mergeSummaries(parts[0]!.name, parts.map(summaryOf), 'parallel'), ...mergedCheck(parts, positionals) };
  });
  const all = mergeSummaries('all', levels.map(summaryOf), 'sequential');
  const status = docs.every((d) => d.status === 'complete') ? 'complete' : 'cancelled';
  // Side by side, the runs applied load over the same minutes: the longest is the merged run's.
  const minutes = docs.map((d) => d.load_minutes).filter((m) => typeof m === 'number');
  writeJson(values.out, { ...docs[0], status, merged_from: positionals, ...all, levels, ...(minutes.length ? { load_minutes: Math.max(...minutes) } : {}) });
  process.stdout.write(`${levelsTable(levels)}\n\nmerged ${positionals.length} runs: ${values.out}\n`);
  return EXIT.ok;
}

/**
 * A merged level is valid only when every generator's part was: one lagging generator skews the
 * whole level. Files written before levels carried their check merge without one.
 */
function mergedCheck(parts: Array<Partial<LevelCheck>>, paths: string[]): Partial<LevelCheck> {
  if (parts.every((p) => p.valid === undefined)) return {};
  const bad = parts.flatMap((p, i) => (p.valid === false ? [`${paths[i]}: ${p.invalid_reason ?? 'invalid'}`] : []));
  const cpu = Math.max(...parts.map((p) => p.client_cpu ?? 0));
  return { valid: bad.length === 0, ...(bad.length ? { invalid_reason: bad.join('; ') } : {}), client_cpu: cpu };
}

/** A level without its check (mergeSummaries keeps the first part's other fields). */
function summaryOf(l: LevelSummary & Partial<LevelCheck>): LevelSummary {
  const { valid: _v, invalid_reason: _r, client_cpu: _c, notes: _n, ...summary } = l;
  return summary;
}

/** Shards of one plan: merged level by level, each level judged on whether the shards really ran it together. */
function mergeSharded(out: string, files: string[], docs: LoadDoc[], skewText: string | undefined, lagText: string | undefined): number {
  const maxSkewMs = skewText === undefined ? DEFAULT_MAX_SKEW_MS : (parseDuration(skewText) ?? NaN) * 1000;
  const maxSendLagMs = lagText === undefined ? DEFAULT_MAX_SEND_LAG_MS : Number(lagText);
  if (!(maxSkewMs >= 0)) throw new UsageError(`merge: --max-start-skew ${JSON.stringify(skewText)}: expected a duration like 250ms or 1s`);
  if (!(maxSendLagMs > 0)) throw new UsageError(`merge: --max-send-lag-ms ${JSON.stringify(lagText)}: expected a number of milliseconds > 0`);
  const m = mergeShards(
    docs.map((d, i) => ({ file: files[i]!, status: String(d.status), shard: d.shard, levels: d.levels!.map(summaryOf) })),
    { maxSkewMs, maxSendLagMs },
  );
  const all = m.summaries.length ? mergeSummaries('all', m.summaries, 'sequential') : {};
  const status = docs.every((d) => d.status === 'complete') ? 'complete' : 'cancelled';
  const { summaries: _levels, ...shards } = m;
  const { shard: _shard, ...first } = docs[0]!;
  // Each shard's own level check (send lag, generator CPU) carries over: one lagging shard's part makes the level invalid.
  const levels = m.summaries.map((l, i) => ({
    ...l,
    ...mergedCheck(
      docs.map((d) => d.levels?.[i] ?? {}),
      files,
    ),
  }));
  writeJson(out, { ...first, status, merged_from: files, valid: m.valid, ...all, levels, shards });
  const skews = m.levels.map(
    (l) =>
      `${l.name}: start skew ${l.skew_ms === null ? '?' : `${l.skew_ms} ms`}${l.start_skew_corrected_ms !== null ? ' (endpoint clock)' : ''}, ${l.valid ? 'valid' : 'INVALID'}`,
  );
  process.stdout.write(`${levelsTable(m.summaries)}\n\n${skews.join('\n')}\nmerged ${files.length} shard results of ${m.count}: ${out}\n`);
  if (m.valid) return EXIT.ok;
  process.stderr.write(`merge: the sharded result is invalid:\n  - ${shardProblems(m).join('\n  - ')}\n`);
  return EXIT.inconclusive;
}

/** A directory stands for its results.json (an artifact downloaded per shard). */
function resultsFile(path: string): string {
  try {
    return statSync(path).isDirectory() ? join(path, 'results.json') : path;
  } catch {
    return path;
  }
}

function read(path: string): LoadDoc {
  let doc: LoadDoc;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as LoadDoc;
  } catch (e) {
    throw new UsageError(`merge: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (doc.kind !== 'load' || !Array.isArray(doc.levels) || doc.levels.length === 0 || !doc.levels.every((l) => l && typeof l === 'object' && l.histograms))
    throw new UsageError(`merge: ${path} is not the results.json of an "llm-loadgate load" run with levels and histograms`);
  return doc;
}
