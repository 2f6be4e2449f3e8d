/**
 * `llm-loadgate gate`: the whole pipeline from a loadgate.yml, with flags overriding the file.
 * Writes a timestamped run directory and prints the report. Ctrl-C writes partial results.
 */
import { parseArgs } from 'node:util';
import type { RawConfig } from '../config/parse.js';
import { loadConfig } from '../config/load.js';
import type { GateResult } from '../results/types.js';
import { runRegressionGate, readBaseline } from '../app/regression.js';
import { CLI_POLICY, failureOf, gateOutcome } from '../app/outcome.js';
import { EXIT } from './errors.js';
import { UsageError, UserError } from '../util/errors.js';
import { redactUrl } from '../util/url.js';
import { Progress } from './progress.js';

const HELP = `llm-loadgate gate [--config loadgate.yml] [--target URL] [--model NAME] [--name NAME]
                  [--api-key-env VAR] [--out DIR] [--record BASELINE.json | --baseline BASELINE.json]
                  [--shard i/N --start-at TIME [--clock-ref URL|none]]

--record writes the run's figures as a baseline; --baseline judges the run against one
(holding the baseline's operating point, re-measuring borderline figures once).

Runs warmup → baseline → saturation search → SLA validation and writes DIR/<timestamp>/
(metadata.json, results.json, histograms/, report.md, requests.jsonl with run.requests_log).
Flags override the file. Exit codes: 0 done (SLA pass, verdict pass or improvement), 1 SLA failed
at the operating point or verdict regression, 2 bad usage/config, 3 verdict inconclusive,
4 endpoint down at warmup, 130 cancelled (partial results written).

--shard i/N --start-at TIME runs shard i of a gate on N machines: a fixed plan every shard derives
alike (warmup, the baseline on shard 1 alone, levels at 0.8×, 1× and 1.2× the baseline file's
saturation or the config's saturation.levels, the SLA hold), 1/N of each level on a time grid from
TIME, written to DIR/shard-i/results.json without judging. "llm-loadgate judge" merges the N
results and judges them (same report, verdict and exit codes as here).`;

/** Flags → the part of a raw config they override. */
export function gateOverrides(argv: string[]): {
  file?: string;
  record?: string;
  baseline?: string;
  over: RawConfig;
  shard?: { shard?: string; startAt?: string; clockRef?: string };
} {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      target: { type: 'string' },
      model: { type: 'string' },
      name: { type: 'string' },
      'api-key-env': { type: 'string' },
      out: { type: 'string' },
      record: { type: 'string' },
      baseline: { type: 'string' },
      shard: { type: 'string' },
      'start-at': { type: 'string' },
      'clock-ref': { type: 'string' },
    },
  });
  if (v.record && v.baseline) throw new UsageError('gate: --record and --baseline exclude each other: record on main, compare on pull requests');
  return {
    file: v.config,
    record: v.record,
    baseline: v.baseline,
    ...(v.shard !== undefined || v['start-at'] !== undefined || v['clock-ref'] !== undefined
      ? { shard: { shard: v.shard, startAt: v['start-at'], clockRef: v['clock-ref'] } }
      : {}),
    over: {
      name: v.name,
      target: { url: v.target, model: v.model, api_key_env: v['api-key-env'] },
      run: v.out !== undefined ? { out: v.out } : undefined,
    },
  };
}

/** A gate run without a baseline verdict (demo, mode none): app/outcome.ts's table. */
export function exitCodeFor(r: GateResult): number {
  return failureOf(r.status === 'cancelled' ? 'cancelled' : 'done', CLI_POLICY, r.sla.pass).exitCode;
}

export async function gateCommand(argv: string[], signal: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const { file, over, record, baseline, shard } = gateOverrides(argv);
  // main.ts sends --shard runs to cli/shard.ts; here only if --start-at/--clock-ref came without it.
  if (shard) throw new UsageError('gate: --start-at and --clock-ref belong to a sharded gate: give --shard i/N too');
  const config = withUsageErrors(() => loadConfig(file, over));
  if (baseline) withUsageErrors(() => readBaseline(baseline));
  const progress = new Progress(process.stderr);
  progress.line(`llm-loadgate gate "${config.name}": ${redactUrl(config.target.url)} model ${config.target.model}`);
  const mode = record ? 'record' : baseline ? 'compare' : 'none';
  const res = await runRegressionGate(config, mode, record ?? baseline ?? '', signal, progress);
  const r = res.run.result;
  const outcome = gateOutcome(res);
  if (outcome === 'endpoint_down') process.stderr.write(`${r.error}\nresults: ${res.run.written.dir}\n`);
  else process.stdout.write(`\n${res.markdown}\nresults: ${res.run.written.dir}\n`);
  return failureOf(outcome, CLI_POLICY, r.sla.pass).exitCode;
}

/** Turns any user error (config, baseline, dataset) into a UsageError with its exit code, message only. */
export function withUsageErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UserError && !(e instanceof UsageError)) throw new UsageError(e.message, e.code);
    throw e;
  }
}
