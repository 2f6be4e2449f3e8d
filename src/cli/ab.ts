/**
 * `llm-loadgate ab`: live A/B capacity of two targets with the same workload and levels, run
 * interleaved. Prints the headline and the table; writes results.json and report.md.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { runAb, type AbResult } from '../app/ab.js';
import { clientFor, serverObserverFor, workloadFor } from '../app/execute.js';
import { prepareWorkload } from '../workload/index.js';
import type { Config } from '../config/types.js';
import { abMarkdown } from '../report/ab-markdown.js';
import { ensureDir, timestampDirName, writeJson } from '../results/files.js';
import { EXIT, UsageError } from './errors.js';
import { loadConfig, verdictExitCode, withUsageErrors } from './gate.js';
import { Progress } from './progress.js';

const HELP = `llm-loadgate ab --config loadgate.yml --a URL --b URL [--a-label A] [--b-label B] [--out DIR]

Runs the config's saturation levels (strategy steps: levels: [...]) against both targets,
interleaved A B, B A, …, and reports each side's capacity (mode capacity-at-sla: the highest
level whose SLA holds), the headline "B sustains X % more … than A at …", and the verdict of B
against A with the baseline rules. Exit codes as for compare: 0 pass/improvement, 1 regression,
3 inconclusive, 2 bad usage.`;

export interface AbTarget {
  label: string;
  url: string;
}

/** Runs A/B between two URLs with one config; each side gets its own client and workload state. */
export async function executeAb(config: Config, targets: [AbTarget, AbTarget], signal: AbortSignal, progress: Progress): Promise<{ result: AbResult; dir: string; markdown: string }> {
  if (config.saturation.levels.length === 0) throw new UsageError('ab: the config needs saturation.levels (the levels both sides run), e.g. levels: [8, 16, 24, 32]');
  const sideConfig = (t: AbTarget): Config => ({ ...config, target: { ...config.target, url: t.url } });
  await prepareWorkload(config.workload);
  const clients = targets.map((t) => clientFor(sideConfig(t)));
  const servers = targets.map((t) => serverObserverFor(sideConfig(t)));
  try {
    const result = await runAb(
      config,
      [
        { label: targets[0].label, sender: clients[0]!, workload: workloadFor(sideConfig(targets[0])), server: servers[0] },
        { label: targets[1].label, sender: clients[1]!, workload: workloadFor(sideConfig(targets[1])), server: servers[1] },
      ],
      { signal, log: (l) => progress.line(l), onLevel: (_side, l) => progress.level(l) },
    );
    const hit = (side: 0 | 1, level: string): number | undefined => result.sides[side].levels.find((l) => l.summary.name === level)?.server?.prefix_cache_hit_rate;
    const markdown = abMarkdown(result, config.sla, servers.some(Boolean) ? hit : undefined);
    const dir = ensureDir(join(config.run.out, `ab-${timestampDirName()}`));
    writeJson(join(dir, 'results.json'), JSON.parse(JSON.stringify(result, (k, v) => (k === 'histograms' ? undefined : v))));
    writeFileSync(join(dir, 'report.md'), markdown);
    return { result, dir, markdown };
  } finally {
    await Promise.all([...clients.map((c) => c.close()), ...servers.map((s) => s?.stop())]);
  }
}

export async function abCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      a: { type: 'string' },
      b: { type: 'string' },
      'a-label': { type: 'string', default: 'A' },
      'b-label': { type: 'string', default: 'B' },
      model: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (!v.a || !v.b) throw new UsageError(`ab: --a URL and --b URL are both required\n\n${HELP}`);
  const config = withUsageErrors(() => loadConfig(v.config, { target: { url: v.a, model: v.model }, run: v.out ? { out: v.out } : undefined }));
  const progress = new Progress(process.stderr);
  const { result, dir, markdown } = await executeAb(config, [{ label: v['a-label'], url: v.a }, { label: v['b-label'], url: v.b }], signal, progress);
  process.stdout.write(`\n${markdown}\nresults: ${dir}\n`);
  if (result.status === 'cancelled') return EXIT.cancelled;
  return verdictExitCode(result.verdict);
}
