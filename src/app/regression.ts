/**
 * The regression gate around one gate run: in record mode the run becomes the new baseline; in
 * compare mode the operating point is held at the baseline's load (so latencies compare like for
 * like), the run is judged against the baseline, and borderline metrics are re-measured once.
 * Shared by the action and the CLI.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/types.js';
import { parseBaseline, toBaseline, type Baseline } from '../baseline/baseline.js';
import { compareResult, settle } from './compare.js';
import type { Comparison } from '../results/types.js';
import type { Stage } from '../load/pacer.js';
import { LevelPipeline, type MeasuredLevel } from './level.js';
import { clientFor, executeGate, serverObserverFor, workloadFor, type GateRun, type RunObserver } from './execute.js';
import { compareMarkdown } from '../report/compare-markdown.js';
import { chartsWanted, writeVisualReport } from '../report/html.js';

export type GateMode = 'record' | 'compare' | 'none';

export interface RegressionRun {
  run: GateRun;
  mode: GateMode;
  comparison?: Comparison;
  /** Written in record mode. */
  baselinePath?: string;
  /** The markdown to show (comparison report in compare mode, the gate report otherwise). */
  markdown: string;
  /** Set when compare mode found no baseline file. */
  missingBaseline?: boolean;
}

export function readBaseline(path: string): Baseline | undefined {
  if (!existsSync(path)) return undefined;
  return parseBaseline(readFileSync(path, 'utf8'), path);
}

/** Holds the operating point at the baseline's load when the two runs measure load the same way. */
export function alignOperatingPoint(config: Config, b: Baseline | undefined): Config {
  if (!b?.operating_point || b.load !== config.saturation.load) return config;
  const op = b.operating_point;
  const sv = { ...config.slaValidation, rate: op.load === 'rate' ? op.value : undefined, concurrency: op.load === 'concurrency' ? op.value : undefined };
  return { ...config, slaValidation: sv };
}

export async function runRegressionGate(config: Config, mode: GateMode, baselinePath: string, signal: AbortSignal, progress: RunObserver): Promise<RegressionRun> {
  const baseline = mode === 'compare' ? readBaseline(baselinePath) : undefined;
  const effective = alignOperatingPoint(config, baseline);
  const run = await executeGate(effective, signal, progress);
  const r = run.result;
  if (r.status !== 'complete') return { run, mode, markdown: run.markdown };

  if (mode === 'record') {
    mkdirSync(dirname(baselinePath), { recursive: true });
    writeFileSync(baselinePath, `${JSON.stringify(toBaseline(r, r.fingerprint), null, 2)}\n`);
    return { run, mode, baselinePath, markdown: `${run.markdown}\nBaseline recorded to \`${baselinePath}\`.\n` };
  }
  if (mode === 'none') return { run, mode, markdown: run.markdown };
  if (!baseline) {
    const md = `${run.markdown}\n> **No baseline** at \`${baselinePath}\`: nothing to compare with. Record one by running the gate in record mode on the main branch.\n`;
    return { run, mode, markdown: md, missingBaseline: true };
  }
  let comparison = compareResult(baseline, r.measured, r.fingerprint, effective);
  if ((comparison.verdict === 'inconclusive' || comparison.verdict === 'regression') && comparison.comparable && !signal.aborted) {
    progress.line(`verdict ${comparison.verdict}: re-measuring the decisive figures before deciding`);
    comparison = await settle(comparison, baseline, r, effective, (name, stage) => remeasure(effective, name, stage, signal));
  }
  const markdown = compareMarkdown(config.name, comparison, baseline, r);
  writeFileSync(join(run.written.dir, 'comparison.md'), markdown);
  writeFileSync(join(run.written.dir, 'comparison.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  // Redrawn with the baseline's curve overlaid and the verdict on top.
  for (const n of (await writeVisualReport(run.written.dir, { kind: 'gate', result: r, baseline, comparison }, { charts: chartsWanted() })).notes) progress.line(n);
  return { run, mode, comparison, markdown };
}

/**
 * One re-check level, through the level pipeline every level takes (CPU share, validity, the
 * drain, a server-metrics window when the config scrapes): its own client and workload variant, so its
 * prompts are none the gate run already sent.
 */
async function remeasure(config: Config, name: string, stage: Stage, signal: AbortSignal): Promise<MeasuredLevel> {
  const client = clientFor(config);
  const server = serverObserverFor(config);
  try {
    return await new LevelPipeline({ sender: client, workload: workloadFor(config, `remeasure-${name}`), signal, run: config.run, goodput: config.goodput, server }).measure({
      name,
      stage,
    });
  } finally {
    await server?.stop();
    await client.close();
  }
}
