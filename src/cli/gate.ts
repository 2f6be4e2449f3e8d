/**
 * `llm-loadgate gate`: the whole pipeline from a loadgate.yml, with flags overriding the file.
 * Writes a timestamped run directory and prints the report. Ctrl-C writes partial results.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { OpenAIClient } from '../client/openai.js';
import { buildConfig, mergeRaw, readConfigFile, ConfigError, type RawConfig } from '../config/parse.js';
import type { Config } from '../config/types.js';
import { FixedWorkload } from '../load/workload.js';
import { runGate, type GateResult } from '../app/gate.js';
import { writeGateRun, type WrittenRun } from '../app/results.js';
import { gateMarkdown } from '../report/gate-markdown.js';
import { JsonlSink, timestampDirName, ensureDir } from '../results/files.js';
import { EXIT, UsageError } from './errors.js';
import { Progress } from './progress.js';

const HELP = `llm-loadgate gate [--config loadgate.yml] [--target URL] [--model NAME] [--name NAME]
                  [--api-key-env VAR] [--out DIR]

Runs warmup → baseline → saturation search → SLA validation and writes DIR/<timestamp>/
(metadata.json, results.json, histograms/, report.md, requests.jsonl with run.requests_log).
Flags override the file. Exit codes: 0 done (SLA pass or no SLA), 1 SLA failed at the operating
point, 2 bad usage/config, 4 endpoint down at warmup, 130 cancelled (partial results written).`;

/** Flags → the part of a raw config they override. */
export function gateOverrides(argv: string[]): { file?: string; over: RawConfig } {
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
    },
  });
  return {
    file: v.config,
    over: {
      name: v.name,
      target: { url: v.target, model: v.model, api_key_env: v['api-key-env'] },
      run: v.out !== undefined ? { out: v.out } : undefined,
    },
  };
}

/** Loads a Config from an optional file plus overrides; throws ConfigError listing every problem. */
export function loadConfig(file: string | undefined, over: RawConfig): Config {
  const base = file ? readConfigFile(file) : {};
  return buildConfig(mergeRaw(base, stripUndefined(over)), file ?? 'flags');
}

export interface GateRun {
  result: GateResult;
  written: WrittenRun;
  markdown: string;
}

/** Runs the gate against config.target and writes the run directory (also when cancelled). */
export async function executeGate(config: Config, signal: AbortSignal, progress: Progress): Promise<GateRun> {
  const startedAt = new Date();
  const dir = ensureDir(join(config.run.out, timestampDirName(startedAt)));
  const apiKey = config.target.apiKeyEnv ? process.env[config.target.apiKeyEnv] : undefined;
  const client = new OpenAIClient({ baseUrl: config.target.url, endpoint: config.target.endpoint, stream: config.target.stream, apiKey, headers: config.target.headers, timeouts: config.target.timeouts });
  const extra = { ...config.workload.extraBody, ...(config.workload.ignoreEos ? { ignore_eos: true } : {}) };
  const workload = new FixedWorkload({ model: config.target.model, prompt: config.workload.prompt, maxTokens: config.workload.maxTokens, extra });
  const sink = config.run.requestsLog ? new JsonlSink(join(dir, 'requests.jsonl')) : undefined;
  try {
    const result = await runGate(config, {
      sender: client,
      workload,
      signal,
      log: (l) => progress.line(l),
      onLevel: (l) => progress.level(l),
      onProgress: (phase, f, n) => progress.bar(phase, f, n),
      onRecord: sink ? (r) => sink.write(r) : undefined,
    });
    const markdown = gateMarkdown(result);
    return { result, markdown, written: writeGateRun(dir, config, result, markdown, startedAt) };
  } finally {
    await sink?.close();
    await client.close();
  }
}

export function exitCodeFor(r: GateResult): number {
  if (r.status === 'cancelled') return EXIT.cancelled;
  if (r.sla.pass === false) return EXIT.regression;
  return EXIT.ok;
}

export async function gateCommand(argv: string[], signal: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const { file, over } = gateOverrides(argv);
  const config = withUsageErrors(() => loadConfig(file, over));
  const progress = new Progress(process.stderr);
  progress.line(`llm-loadgate gate "${config.name}": ${config.target.url} model ${config.target.model}`);
  const run = await executeGate(config, signal, progress);
  if (run.result.status === 'endpoint_down') {
    process.stderr.write(`${run.result.error}\nresults: ${run.written.dir}\n`);
    return EXIT.endpointDown;
  }
  process.stdout.write(`\n${run.markdown}\nresults: ${run.written.dir}\n`);
  return exitCodeFor(run.result);
}

/** Turns a ConfigError into a UsageError (exit 2, message only). */
export function withUsageErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

function stripUndefined(x: RawConfig): RawConfig {
  const out: RawConfig = {};
  for (const [k, v] of Object.entries(x)) {
    if (v === undefined) continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = stripUndefined(v as RawConfig);
      if (Object.keys(inner).length) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
