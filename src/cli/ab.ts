/**
 * `llm-loadgate ab`: live A/B capacity of two targets with the same workload and levels, run
 * interleaved. Prints the headline and the table; writes results.json and report.md.
 */
import { parseArgs } from 'node:util';
import { executeAb } from '../app/execute.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';
import { withUsageErrors } from './gate.js';
import { CLI_POLICY, failureOf } from '../app/outcome.js';
import { loadConfig } from '../config/load.js';
import { Progress } from './progress.js';
import { killTree, parseCommand, startCommand } from '../target/command.js';
import { waitReady } from '../target/readiness.js';
import { parseDuration } from '../util/duration.js';

const HELP = `llm-loadgate ab --config loadgate.yml --a URL --b URL [--a-label A] [--b-label B] [--out DIR]
                [--a-deploy CMD] [--b-deploy CMD] [--readiness-timeout 10m]

--a-deploy/--b-deploy start each side (a command run without a shell, as in the action's
deploy-command), wait until its /v1/models lists the model, and stop it at the end.

Runs the config's saturation levels (strategy steps: levels: [...]) against both targets,
interleaved A B, B A, …, and reports each side's capacity (mode capacity-at-sla: the highest
level whose SLA holds), the headline "B sustains X % more … than A at …", and the verdict of B
against A with the baseline rules. Exit codes as for compare: 0 pass/improvement, 1 regression,
3 inconclusive, 2 bad usage.`;

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
      'a-deploy': { type: 'string' },
      'b-deploy': { type: 'string' },
      'readiness-timeout': { type: 'string', default: '10m' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (!v.a || !v.b) throw new UsageError(`ab: --a URL and --b URL are both required\n\n${HELP}`);
  const timeoutS = parseDuration(v['readiness-timeout']);
  if (timeoutS === undefined) throw new UsageError(`ab: --readiness-timeout ${JSON.stringify(v['readiness-timeout'])}: expected a duration like 30s or 10m`);
  const config = withUsageErrors(() => loadConfig(v.config, { target: { url: v.a, model: v.model }, run: v.out ? { out: v.out } : undefined }));
  const progress = new Progress(process.stderr);
  const deployed: number[] = [];
  try {
    for (const [label, url, cmd] of [
      [v['a-label'], v.a, v['a-deploy']],
      [v['b-label'], v.b, v['b-deploy']],
    ] as const) {
      if (!cmd) continue;
      const child = startCommand(parseCommand(cmd, `--${label === v['a-label'] ? 'a' : 'b'}-deploy`), { onLine: (l) => progress.line(`[${label}] ${l}`) });
      deployed.push(child.pid);
      const ready = await waitReady({ baseUrl: url, timeoutMs: timeoutS * 1000, model: config.target.model, signal });
      if (!ready.ready)
        throw new UsageError(`ab: ${label} at ${url} was not ready after ${timeoutS} s (last: ${ready.lastStatus ?? ready.lastError ?? 'no answer'})`, EXIT.endpointDown);
      progress.line(`${label}: ready after ${(ready.timeToReadyMs / 1000).toFixed(1)} s`);
    }
    const { result, dir, markdown } = await executeAb(
      config,
      [
        { label: v['a-label'], url: v.a },
        { label: v['b-label'], url: v.b },
      ],
      signal,
      progress,
    );
    process.stdout.write(`\n${markdown}\nresults: ${dir}\n`);
    return failureOf(result.status === 'cancelled' ? 'cancelled' : result.verdict, CLI_POLICY).exitCode;
  } finally {
    await Promise.all(deployed.map((pid) => killTree(pid)));
  }
}
