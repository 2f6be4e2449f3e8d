/**
 * `llm-loadgate compare BASELINE RESULTS`: judges a finished run (results.json of `gate`) against
 * a baseline, offline. Prints the markdown verdict; exits 0 pass/improvement, 1 regression,
 * 3 inconclusive (2 for bad input).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compareResult } from '../app/compare.js';
import type { GateResult } from '../results/types.js';
import { readBaseline } from '../app/regression.js';
import { DEFAULT_TOLERANCES } from '../verdict/compare.js';
import { buildConfig, readConfigFile } from '../config/parse.js';
import { compareMarkdown } from '../report/compare-markdown.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';
import { withUsageErrors } from './gate.js';
import { CLI_POLICY, failureOf } from '../app/outcome.js';

const HELP = `llm-loadgate compare BASELINE.json RESULTS.json [--config loadgate.yml]

Judges a gate run against a baseline without sending any request (so without the re-measurement
the gate does for borderline figures). Tolerances come from --config (tolerances:), else the
defaults. Exit codes: 0 pass or improvement, 1 regression, 3 inconclusive, 2 bad input.`;

export async function compareCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError(`compare: expected two files, BASELINE and RESULTS, got ${positionals.length}\n\n${HELP}`);
  const [basePath, resultsPath] = positionals as [string, string];
  const baseline = withUsageErrors(() => readBaseline(basePath));
  if (!baseline) throw new UsageError(`compare: baseline ${basePath} does not exist; record one with "llm-loadgate gate --record ${basePath}"`);
  const result = readResults(resultsPath);
  // Only the file's tolerances matter offline; they are validated like the rest of a config.
  const tolerances = values.config
    ? withUsageErrors(() => buildConfig({ target: { url: 'http://offline', model: 'offline' }, tolerances: readConfigFile(values.config!).tolerances ?? {} }, values.config))
        .tolerances
    : DEFAULT_TOLERANCES;
  const c = compareResult(baseline, result.measured, result.fingerprint, { tolerances });
  process.stdout.write(`${compareMarkdown(result.name, c, baseline, result)}\n`);
  return failureOf(c.verdict, CLI_POLICY).exitCode;
}

function readResults(path: string): GateResult {
  let doc: Partial<GateResult>;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<GateResult>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`compare: cannot read ${path}: ${err.code ?? err.message}; give the results.json of a "llm-loadgate gate" run`);
  }
  if (doc.kind !== 'gate' || !doc.measured || !doc.fingerprint)
    throw new UsageError(`compare: ${path} is not the results.json of a "llm-loadgate gate" run (kind ${JSON.stringify(doc.kind)})`);
  return doc as GateResult;
}
