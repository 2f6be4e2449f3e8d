/**
 * `llm-loadgate report RUN_DIR [--baseline FILE] [--out DIR]`: re-draws report.html and
 * plots/*.png from a run directory's results.json (a gate run or an A/B run), so older runs can be
 * drawn too. With --baseline the baseline's curve is overlaid; a comparison.json in the run
 * directory brings its verdict along.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GateResult } from '../results/types.js';
import type { AbResult } from '../results/types.js';
import type { Comparison } from '../results/types.js';
import { readBaseline } from '../app/regression.js';
import { writeVisualReport, type ReportSource } from '../report/html.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';
import { withUsageErrors } from './gate.js';

const HELP = `llm-loadgate report RUN_DIR [--baseline BASELINE.json] [--out DIR]

Draws report.html (one self-contained page: verdict, latency/throughput/cost/error/server curves
against load, the SLA table, every level) and plots/*.png from RUN_DIR/results.json, written by
"llm-loadgate gate", "demo" or "ab". RUN_DIR may also be the results.json itself.
  --baseline FILE   overlay a recorded baseline's curve (each run at its own measured loads)
  --out DIR         write there instead of RUN_DIR`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { baseline: { type: 'string', short: 'b' }, out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(`report: expected one run directory, got ${positionals.length}\n\n${HELP}`);
  const src = readRunSource(positionals[0]!, values.baseline);
  const dir = values.out ?? src.dir;
  const written = await writeVisualReport(dir, src.source);
  process.stdout.write(`${written.html}\n${written.plots.length} plots in ${join(dir, 'plots')}\n`);
  for (const n of written.notes) process.stderr.write(`report: ${n}\n`);
  return EXIT.ok;
}

/** Reads and checks a run directory; every problem is a UsageError that says what to give instead. */
export function readRunSource(path: string, baselinePath?: string): { dir: string; source: ReportSource } {
  if (!existsSync(path)) throw new UsageError(`report: ${path} does not exist; give the run directory that "llm-loadgate gate" wrote (it holds results.json)`);
  const isDir = statSync(path).isDirectory();
  const dir = isDir ? path : dirname(path);
  const file = isDir ? join(path, 'results.json') : path;
  if (!existsSync(file)) throw new UsageError(`report: ${path} has no results.json; give the run directory that "llm-loadgate gate" wrote`);
  let doc: { kind?: unknown; schema_version?: unknown };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`report: cannot read ${file}: ${err.code ?? err.message}`);
  }
  if (!doc || typeof doc !== 'object') throw new UsageError(`report: ${file} is not a results file of llm-loadgate (not a JSON object)`);
  if (doc.kind === 'gate') {
    const r = doc as Partial<GateResult>;
    if (!r.saturation || !Array.isArray(r.saturation.levels) || !r.sla || !r.target)
      throw new UsageError(`report: ${file} looks like a gate result but lacks saturation, sla or target; was it edited or truncated?`);
    const baseline = baselinePath ? withUsageErrors(() => readBaseline(baselinePath)) : undefined;
    if (baselinePath && !baseline) throw new UsageError(`report: baseline ${baselinePath} does not exist`);
    const comparison = readComparison(join(dir, 'comparison.json'));
    return { dir, source: { kind: 'gate', result: r as GateResult, baseline, comparison } };
  }
  if (doc.kind === 'ab') {
    const r = doc as Partial<AbResult>;
    if (!Array.isArray(r.sides) || r.sides.length !== 2 || !r.sides.every((s) => Array.isArray(s?.levels)))
      throw new UsageError(`report: ${file} looks like an A/B result but lacks its two sides' levels; was it edited or truncated?`);
    if (baselinePath) throw new UsageError('report: --baseline applies to gate runs; an A/B run already compares its two sides');
    return { dir, source: { kind: 'ab', result: r as AbResult } };
  }
  const hint = basename(file) === 'results.json' && Array.isArray((doc as { levels?: unknown }).levels) ? ' (the output of "load" has no saturation search or SLA to draw)' : '';
  throw new UsageError(`report: ${file} is not the results.json of a gate or A/B run (kind ${JSON.stringify(doc.kind ?? null)})${hint}`);
}

function readComparison(path: string): Comparison | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as Comparison;
    return c && typeof c.verdict === 'string' && Array.isArray(c.metrics) && Array.isArray(c.notes) && Array.isArray(c.remeasured) ? c : undefined;
  } catch {
    return undefined;
  }
}
