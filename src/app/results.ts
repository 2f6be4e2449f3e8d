/**
 * Writes a gate run to its directory: metadata.json, results.json (histograms moved out to
 * histograms/*.json so results.json stays readable) and report.md. Called for complete and
 * cancelled runs alike, so whatever was measured is kept.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Config } from '../config/types.js';
import { allLevels, type GateResult } from '../results/types.js';
import { ensureDir, writeJson } from '../results/files.js';
import { publicConfig, workloadHash } from './fingerprint.js';
import { workloadRecord } from '../workload/cache.js';
import { VERSION } from '../version.js';

export interface WrittenRun {
  dir: string;
  results: string;
  report: string;
}

export function writeGateRun(dir: string, config: Config, result: GateResult, reportMd: string, startedAt: Date): WrittenRun {
  ensureDir(join(dir, 'histograms'));
  writeJson(join(dir, 'metadata.json'), {
    tool: { name: 'llm-loadgate', version: VERSION },
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    status: result.status,
    target: result.target,
    workload_hash: workloadHash(config),
    // The salt and seed that replay this run's prompts, and what the prompt cache should give.
    workload: workloadRecord(config.workload, config.run.seed),
    node: process.version,
    config: publicConfig(config),
  });
  const levels = allLevels(result);
  for (const l of levels)
    writeJson(join(dir, 'histograms', `${l.summary.name}.json`), {
      level: l.summary.name,
      encoding: 'HdrHistogram compressed base64, values in microseconds (request_tokens_per_s: tokens/s × 1000)',
      histograms: l.summary.histograms,
    });
  writeJson(join(dir, 'results.json'), { ...(withoutHistograms(result) as object), workload: workloadRecord(config.workload, config.run.seed) });
  writeFileSync(join(dir, 'report.md'), reportMd);
  return { dir, results: join(dir, 'results.json'), report: join(dir, 'report.md') };
}

function withoutHistograms(r: GateResult): unknown {
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'histograms' ? undefined : v)));
}
