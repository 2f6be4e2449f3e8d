/**
 * `llm-loadgate merge --out merged.json A/results.json B/results.json …`: combines the results of
 * several load generators that ran side by side against one endpoint (to offer more load than one
 * machine can). Counters add, HDR histograms merge exactly, rates add; levels merge by position.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LevelSummary } from '../metrics/aggregate.js';
import type { LevelCheck } from '../results/types.js';
import { mergeSummaries } from '../metrics/merge.js';
import { levelsTable } from '../report/table.js';
import { writeJson } from '../results/files.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';

const HELP = `llm-loadgate merge --out MERGED.json RESULTS.json RESULTS.json [...]

Merges the results.json of "llm-loadgate load" runs made side by side by several generators
(same levels, same time): counts add, latency histograms merge exactly, rates add.`;

interface LoadDoc {
  kind?: string;
  status?: string;
  levels?: Array<LevelSummary & Partial<LevelCheck>>;
  load_minutes?: number;
  [k: string]: unknown;
}

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (!values.out || positionals.length < 2) throw new UsageError(`merge: give --out and at least two results files\n\n${HELP}`);
  const docs = positionals.map(read);
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
