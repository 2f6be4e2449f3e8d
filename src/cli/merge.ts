/**
 * `llm-loadgate merge --out merged.json A/results.json B/results.json …`: combines the results of
 * several load generators that ran side by side against one endpoint (to offer more load than one
 * machine can). Counters add, HDR histograms merge exactly, rates add; levels merge by position.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LevelSummary } from '../metrics/aggregate.js';
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
  levels?: LevelSummary[];
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
  const levels = docs[0]!.levels!.map((_, i) => mergeSummaries(docs[0]!.levels![i]!.name, docs.map((d) => d.levels![i]!), 'parallel'));
  const all = mergeSummaries('all', levels, 'sequential');
  const status = docs.every((d) => d.status === 'complete') ? 'complete' : 'cancelled';
  writeJson(values.out, { ...docs[0], status, merged_from: positionals, ...all, levels });
  process.stdout.write(`${levelsTable(levels)}\n\nmerged ${positionals.length} runs: ${values.out}\n`);
  return EXIT.ok;
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
