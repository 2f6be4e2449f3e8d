/**
 * The chaos phase alone against config.target (`llm-loadgate chaos`): client, workload and a run
 * directory <out>/chaos-<timestamp>/ with chaos.json (timeline, figures, rules) and report.md,
 * written also when the fault failed or the run was cancelled, so the partial timeline is kept.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { JsonlSink, timestampDirName, writeJson, newRunDir } from '../results/files.js';
import { chaosMarkdown } from '../report/chaos-markdown.js';
import { prepareWorkload } from '../workload/index.js';
import { checkChaos, runChaos, type ChaosResult } from './chaos.js';
import { clientFor, saltedConfig, workloadFor } from './execute.js';
import { redactUrl } from '../util/url.js';

export interface ChaosRun {
  result: ChaosResult;
  dir: string;
  markdown: string;
}

export async function executeChaos(unsalted: Config, signal: AbortSignal, log: (line: string) => void): Promise<ChaosRun> {
  checkChaos(unsalted); // refuse before anything is sent or written
  const config = saltedConfig(unsalted);
  await prepareWorkload(config.workload);
  const dir = newRunDir(config.run.out, `chaos-${timestampDirName()}`);
  const client = clientFor(config);
  const sink = config.run.requestsLog ? new JsonlSink(join(dir, 'requests.jsonl')) : undefined;
  const apiKey = config.target.apiKeyEnv ? process.env[config.target.apiKeyEnv] : undefined;
  try {
    const result = await runChaos(config, {
      sender: client,
      workload: workloadFor(config, 'chaos'),
      signal,
      log,
      secrets: apiKey ? [apiKey] : [],
      onRecord: sink ? (r) => sink.write(r) : undefined,
    });
    const markdown = chaosMarkdown(result);
    const body = JSON.parse(JSON.stringify(result, (k, v) => (k === 'histograms' ? undefined : v))) as object;
    writeJson(join(dir, 'chaos.json'), {
      schema_version: 1,
      name: config.name,
      target: { url: redactUrl(config.target.url), model: config.target.model, endpoint: config.target.endpoint },
      ...body,
    });
    writeFileSync(join(dir, 'report.md'), markdown);
    return { result, dir, markdown };
  } finally {
    await sink?.close();
    await client.close();
  }
}
