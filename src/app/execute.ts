/**
 * Wiring for one gate run against config.target: builds the client and workload from the config,
 * runs the pipeline, writes the run directory (also when cancelled or the endpoint is down).
 */
import { join } from 'node:path';
import { OpenAIClient } from '../client/openai.js';
import type { Config } from '../config/types.js';
import type { Workload } from '../load/runner.js';
import { cacheMarkdown, describeWorkload, prepareWorkload, withSalt, workloadFromConfig, workloadRecord } from '../workload/index.js';
import { runGate } from './gate.js';
import type { GateResult, LevelResult } from '../results/types.js';
import { writeGateRun, type WrittenRun } from './results.js';
import { allLevels } from '../results/types.js';
import { gateMarkdown } from '../report/gate-markdown.js';
import { JsonlSink, timestampDirName, newRunDir } from '../results/files.js';
import { startServerObserver, type ServerObserver, type ServerSource } from '../servermetrics/index.js';
import { runAb } from './ab.js';
import type { AbResult } from '../results/types.js';
import { abMarkdown } from '../report/ab-markdown.js';
import { writeJson } from '../results/files.js';
import { ConfigError } from '../util/errors.js';
import { serverRoot } from '../util/url.js';
import { writeFileSync } from 'node:fs';
import { chartsWanted, writeVisualReport } from '../report/html.js';

/** Where a run reports as it goes (the CLI's progress display, the action's log). */
export interface RunObserver {
  line(text: string): void;
  level(l: LevelResult): void;
  bar(phase: string, fraction: number, inFlight: number): void;
}

export interface GateRun {
  result: GateResult;
  written: WrittenRun;
  markdown: string;
}

export function clientFor(config: Config): OpenAIClient {
  const apiKey = config.target.apiKeyEnv ? process.env[config.target.apiKeyEnv] : undefined;
  return new OpenAIClient({
    baseUrl: config.target.url,
    endpoint: config.target.endpoint,
    stream: config.target.stream,
    apiKey,
    headers: config.target.headers,
    timeouts: config.target.timeouts,
  });
}

/**
 * A fresh workload (its own session state) for the config; prepareWorkload must have run once.
 * Its prompts are keyed by config.workload.salt (fix it once per run with saltedConfig; without
 * one, each call draws its own). `variant` keeps this workload's prompts apart from others of the
 * same run and salt (each A/B side, a re-measurement) while lengths, classes and order stay the same.
 */
export function workloadFor(config: Config, variant?: string): Workload {
  return workloadFromConfig(config.workload, { model: config.target.model, seed: config.run.seed, variant });
}

/** The config with the run's salt fixed (the user's workload.salt, or a fresh random one), to record and reuse. */
export function saltedConfig(config: Config): Config {
  return { ...config, workload: withSalt(config.workload) };
}

/** The gate report with its "Prompt cache" section (distinct prompts, engine vs expected prefix hits). */
export function gateReport(config: Config, result: GateResult): string {
  return `${gateMarkdown(result)}\n${cacheMarkdown(workloadRecord(config.workload, config.run.seed), allLevels(result))}`;
}

/** The Prometheus sources to scrape for a config: its own list, plus the target's /metrics when asked. */
export function serverSourcesFor(config: Config): ServerSource[] {
  const own = config.serverMetrics.sources.map((s) => ({ ...s, query: s.query as ServerSource['query'] }));
  if (!config.serverMetrics.fromTarget) return own;
  // The engine's own /metrics lives at the server root, beside /v1.
  return [{ url: `${serverRoot(config.target.url)}/metrics`, kind: 'metrics' }, ...own];
}

/** Starts scraping when the config asks for server metrics. */
export function serverObserverFor(config: Config): ServerObserver | undefined {
  const sources = serverSourcesFor(config);
  return sources.length ? startServerObserver(sources, { intervalMs: config.serverMetrics.intervalMs, headers: config.target.headers }) : undefined;
}

export async function executeGate(unsalted: Config, signal: AbortSignal, observer: RunObserver): Promise<GateRun> {
  const config = saltedConfig(unsalted);
  const startedAt = new Date();
  const dir = newRunDir(config.run.out, timestampDirName(startedAt));
  const client = clientFor(config);
  await prepareWorkload(config.workload);
  const workload = workloadFor(config);
  const server = serverObserverFor(config);
  const sink = config.run.requestsLog ? new JsonlSink(join(dir, 'requests.jsonl')) : undefined;
  observer.line(`workload: ${describeWorkload(config.workload)}${config.workload.prompt === undefined ? ` · salt ${config.workload.salt}` : ''}`);
  try {
    const result = await runGate(config, {
      sender: client,
      workload,
      signal,
      log: (l) => observer.line(l),
      onLevel: (l) => observer.level(l),
      onProgress: (phase, f, n) => observer.bar(phase, f, n),
      onRecord: sink ? (r) => sink.write(r) : undefined,
      server,
    });
    const markdown = gateReport(config, result);
    const written = writeGateRun(dir, config, result, markdown, startedAt);
    for (const n of (await writeVisualReport(dir, { kind: 'gate', result }, { charts: chartsWanted() })).notes) observer.line(n);
    return { result, markdown, written };
  } finally {
    await server?.stop();
    await sink?.close();
    await client.close();
  }
}

export interface AbTarget {
  label: string;
  url: string;
}

/**
 * Runs A/B between two URLs with one config; each side gets its own client and workload state.
 * Both sides use the run's one salt and seed, so they send the same lengths, classes and order
 * (level by level, see runAb); each side's prompts carry its own tag (variant), so neither side is
 * sent a prompt the other has already served, even when both share one engine or cache.
 */
export async function executeAb(
  unsalted: Config,
  targets: [AbTarget, AbTarget],
  signal: AbortSignal,
  progress: Pick<RunObserver, 'line' | 'level'>,
): Promise<{ result: AbResult; dir: string; markdown: string }> {
  if (unsalted.saturation.levels.length === 0)
    throw new ConfigError('ab', ['saturation.levels is required for an A/B run: the levels both sides run, e.g. levels: [8, 16, 24, 32]']);
  const config = saltedConfig(unsalted);
  const sideConfig = (t: AbTarget): Config => ({ ...config, target: { ...config.target, url: t.url } });
  await prepareWorkload(config.workload);
  const clients = targets.map((t) => clientFor(sideConfig(t)));
  const servers = targets.map((t) => serverObserverFor(sideConfig(t)));
  try {
    const result = await runAb(
      config,
      [
        { label: targets[0].label, sender: clients[0]!, workload: workloadFor(sideConfig(targets[0]), 'ab-a'), server: servers[0] },
        { label: targets[1].label, sender: clients[1]!, workload: workloadFor(sideConfig(targets[1]), 'ab-b'), server: servers[1] },
      ],
      { signal, log: (l) => progress.line(l), onLevel: (_side, l) => progress.level(l) },
    );
    const hit = (side: 0 | 1, level: string): number | undefined => result.sides[side].levels.find((l) => l.summary.name === level)?.server?.prefix_cache_hit_rate;
    const rec = workloadRecord(config.workload, config.run.seed);
    const abLevels = result.sides.flatMap((side) => [...(side.baseline ? [{ summary: side.baseline }] : []), ...side.levels]);
    const markdown = `${abMarkdown(result, config.sla, servers.some(Boolean) ? hit : undefined)}\n${cacheMarkdown(rec, abLevels)}`;
    const dir = newRunDir(config.run.out, `ab-${timestampDirName()}`);
    writeJson(join(dir, 'results.json'), { ...JSON.parse(JSON.stringify(result, (k, v) => (k === 'histograms' ? undefined : v))), workload: rec });
    writeFileSync(join(dir, 'report.md'), markdown);
    for (const n of (await writeVisualReport(dir, { kind: 'ab', result }, { charts: chartsWanted() })).notes) progress.line(n);
    return { result, dir, markdown };
  } finally {
    await Promise.all([...clients.map((c) => c.close()), ...servers.map((s) => s?.stop())]);
  }
}
