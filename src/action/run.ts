/**
 * What the action does, given plain values: deploy (optional) → readiness and its honesty check →
 * gate (record or compare) → report to the job summary, a file and the PR comment → outputs and
 * the verdict. main.ts wires @actions/core and github.context to it; post.ts tears down.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { loadConfig } from '../cli/gate.js';
import { runRegressionGate, type RegressionRun } from '../app/regression.js';
import type { RunObserver } from '../app/execute.js';
import { clientFor, executeAb } from '../app/execute.js';
import { parseCommand, startCommand } from '../target/command.js';
import { waitReady, checkHonesty, type ReadyResult, type HonestyResult } from '../target/readiness.js';
import { upsertComment, type UpsertResult } from './github.js';
import { API_KEY_ENV, resolveMode, type ActionInputs } from './inputs.js';
import type { Status } from '../verdict/compare.js';
import { escapeMd } from '../report/compare-markdown.js';
import { STATE_DEPLOY_PID, STATE_TEARDOWN } from './state.js';

/** The runner's facilities, as values (implemented with @actions/core in main.ts). */
export interface ActionIO {
  info(text: string): void;
  warning(text: string): void;
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  /** Appends markdown to the job summary; false when no summary file is available. */
  writeSummary(markdown: string): Promise<boolean>;
}

/** Where the run happens, from the event (main.ts reads github.context). */
export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  /** Pull request number, when the event has one. */
  prNumber?: number;
  apiUrl: string;
}

export interface ActionOutcome {
  verdict: Status | 'recorded' | 'done' | 'endpoint_down' | 'cancelled' | 'not_ready';
  /** Set when the check must fail, with the reason. */
  failure?: string;
  comment?: UpsertResult;
}


export async function runAction(inputs: ActionInputs, ctx: ActionContext, io: ActionIO, signal: AbortSignal): Promise<ActionOutcome> {
  if (inputs.apiKey) {
    io.setSecret(inputs.apiKey);
    process.env[API_KEY_ENV] = inputs.apiKey;
  }
  if (inputs.githubToken) io.setSecret(inputs.githubToken);
  const config = loadConfig(inputs.config, inputs.overrides);
  const secrets = [inputs.apiKey, inputs.githubToken].filter((s): s is string => Boolean(s));

  if (inputs.deployCommand) deploy(inputs, io, secrets);
  const target = await readiness(config, inputs, io, signal);
  if (!target.ready.ready) {
    const why = `endpoint not ready after ${Math.round(inputs.readinessTimeoutMs / 1000)} s polling ${inputs.readinessPath} (last: ${target.ready.lastStatus ?? target.ready.lastError ?? 'no answer'})`;
    await io.writeSummary(`## llm-loadgate · ${escapeMd(config.name)}: ❌ not ready\n\n${escapeMd(why, 400)}\n`);
    return { verdict: 'not_ready', failure: why };
  }

  const mode = resolveMode(inputs.mode, ctx.eventName);
  const baselinePath = inputs.baselinePath ?? join('baselines', `${config.name}.json`);
  const observer: RunObserver = { line: (t) => io.info(t), level: (l) => io.info(levelLine(l.summary.name, l.summary.offered.value, l.summary.achieved_rps, l.saturated)), bar: () => {} };
  if (mode === 'compare' && inputs.baselineUrl) return liveCompare(config, inputs, ctx, io, signal, observer, targetSection(inputs.readinessPath, target.ready, target.honesty));
  const res = await runRegressionGate(config, mode, baselinePath, signal, observer);
  const markdown = `${res.markdown}\n${targetSection(inputs.readinessPath, target.ready, target.honesty)}`;
  writeFileSync(join(res.run.written.dir, 'summary.md'), markdown);
  if (!(await io.writeSummary(markdown))) io.warning('no job summary file (GITHUB_STEP_SUMMARY); the report is in the results directory');

  setOutputs(io, res);
  const outcome = verdictOf(res, inputs);
  outcome.comment = await comment(inputs, ctx, io, config, markdown, outcome.verdict);
  return outcome;
}

/**
 * Compare against a live deployment of main (input baseline-url) instead of a stored baseline:
 * the same workload on both, levels interleaved, the same verdict rules.
 */
async function liveCompare(config: Config, inputs: ActionInputs, ctx: ActionContext, io: ActionIO, signal: AbortSignal, observer: RunObserver, readinessMd: string): Promise<ActionOutcome> {
  const mainReady = await waitReady({ baseUrl: inputs.baselineUrl!, path: inputs.readinessPath, timeoutMs: inputs.readinessTimeoutMs, model: config.target.model, signal });
  if (!mainReady.ready) return { verdict: 'not_ready', failure: `baseline-url ${inputs.baselineUrl} not ready after ${Math.round(inputs.readinessTimeoutMs / 1000)} s (last: ${mainReady.lastStatus ?? mainReady.lastError ?? 'no answer'})` };
  const { result, dir, markdown: abMd } = await executeAb(config, [{ label: 'main (live)', url: inputs.baselineUrl! }, { label: 'this PR', url: config.target.url }], signal, observer);
  const markdown = `${abMd}\n${readinessMd}`;
  writeFileSync(join(dir, 'summary.md'), markdown);
  if (!(await io.writeSummary(markdown))) io.warning('no job summary file (GITHUB_STEP_SUMMARY); the report is in the results directory');
  const pr = result.sides[1];
  io.setOutput('verdict', result.status === 'cancelled' ? 'cancelled' : result.verdict);
  io.setOutput('saturation-rps', pr.capacity_rps === null ? '' : String(pr.capacity_rps));
  io.setOutput('ttft-p99-ms', '');
  io.setOutput('cost-per-million-tokens', '');
  io.setOutput('results-dir', dir);
  const v = result.verdict;
  const outcome: ActionOutcome =
    result.status === 'cancelled'
      ? { verdict: 'cancelled', failure: 'cancelled: partial results written' }
      : v === 'regression' && inputs.failOnRegression
        ? { verdict: v, failure: result.sentence }
        : v === 'inconclusive' && inputs.failOnInconclusive
          ? { verdict: v, failure: `inconclusive: ${result.sentence}` }
          : { verdict: v };
  outcome.comment = await comment(inputs, ctx, io, config, markdown, outcome.verdict);
  return outcome;
}

function deploy(inputs: ActionInputs, io: ActionIO, secrets: string[]): void {
  const argv = parseCommand(inputs.deployCommand!, 'deploy-command');
  if (inputs.teardownCommand) parseCommand(inputs.teardownCommand, 'teardown-command');
  io.info(`deploy: ${argv[0]} (${argv.length - 1} argument${argv.length === 2 ? '' : 's'})`);
  const child = startCommand(argv, { secrets, unsetEnv: [API_KEY_ENV], onLine: (l) => io.info(`[deploy] ${l}`) });
  io.saveState(STATE_DEPLOY_PID, String(child.pid));
  if (inputs.teardownCommand) io.saveState(STATE_TEARDOWN, inputs.teardownCommand);
}

async function readiness(config: Config, inputs: ActionInputs, io: ActionIO, signal: AbortSignal): Promise<{ ready: ReadyResult; honesty?: HonestyResult }> {
  const ready = await waitReady({ baseUrl: config.target.url, path: inputs.readinessPath, timeoutMs: inputs.readinessTimeoutMs, model: config.target.model, signal });
  io.info(ready.ready ? `ready after ${(ready.timeToReadyMs / 1000).toFixed(1)} s (${ready.attempts} probes of ${ready.path})` : `not ready: ${ready.lastError ?? ready.lastStatus}`);
  if (!ready.ready) return { ready };
  const client = clientFor(config);
  try {
    const honesty = await checkHonesty({
      timeoutMs: Math.max(30_000, inputs.readinessTimeoutMs / 4),
      probe: inputs.readinessPath,
      signal,
      send: async (deadline) => {
        const r = await client.send({ model: config.target.model, messages: [{ role: 'user', content: 'Say hello.' }], maxTokens: 8 }, { id: -1, phase: 'readiness', scheduledAt: performance.now(), signal: deadline });
        return { ok: r.outcome === 'ok', detail: r.outcome === 'ok' ? 'ok' : `${r.outcome}${r.status ? ` ${r.status}` : ''}` };
      },
    });
    if (honesty.finding) io.warning(honesty.finding);
    return { ready, honesty };
  } finally {
    await client.close();
  }
}

function targetSection(path: string, ready: ReadyResult, honesty?: HonestyResult): string {
  const lines = ['### Target readiness', '', `- \`${escapeMd(path)}\` reported ready after ${(ready.timeToReadyMs / 1000).toFixed(1)} s (${ready.attempts} probes).`];
  if (honesty) lines.push(honesty.firstAttemptOk ? '- The first real completion right after succeeded: the probe was honest.' : `- ⚠️ **Finding:** ${escapeMd(honesty.finding ?? 'the first completion after the probe failed', 400)}`);
  return `${lines.join('\n')}\n`;
}

function setOutputs(io: ActionIO, res: RegressionRun): void {
  const r = res.run.result;
  io.setOutput('verdict', res.comparison?.verdict ?? (res.mode === 'record' ? 'recorded' : r.status === 'complete' ? 'done' : r.status));
  io.setOutput('saturation-rps', r.saturation.rps === null ? '' : String(r.saturation.rps));
  io.setOutput('ttft-p99-ms', r.operating_point ? String(r.operating_point.level.summary.ttft_ms.p99) : '');
  io.setOutput('cost-per-million-tokens', r.cost?.at_operating_point?.usd_per_million_tokens?.toString() ?? '');
  io.setOutput('results-dir', res.run.written.dir);
  if (res.baselinePath) io.setOutput('baseline-path', res.baselinePath);
}

function verdictOf(res: RegressionRun, inputs: ActionInputs): ActionOutcome {
  const r = res.run.result;
  if (r.status === 'endpoint_down') return { verdict: 'endpoint_down', failure: r.error ?? 'endpoint down' };
  if (r.status === 'cancelled') return { verdict: 'cancelled', failure: 'cancelled: partial results written' };
  if (res.mode === 'record') return { verdict: 'recorded' };
  const v = res.comparison?.verdict;
  if (!v) return { verdict: 'done' };
  if (v === 'regression' && inputs.failOnRegression) return { verdict: v, failure: res.comparison!.sentence };
  if (v === 'inconclusive' && inputs.failOnInconclusive) return { verdict: v, failure: `inconclusive: ${res.comparison!.sentence}` };
  return { verdict: v };
}

async function comment(inputs: ActionInputs, ctx: ActionContext, io: ActionIO, config: Config, markdown: string, verdict: ActionOutcome['verdict']): Promise<UpsertResult | undefined> {
  if (!inputs.comment || ctx.prNumber === undefined) return undefined;
  if (!inputs.githubToken) {
    io.warning('no github-token: the report is in the job summary only');
    return undefined;
  }
  const res = await upsertComment(
    { apiUrl: ctx.apiUrl, token: inputs.githubToken, owner: ctx.owner, repo: ctx.repo, issueNumber: ctx.prNumber, author: inputs.commentAuthor },
    config.name,
    markdown,
    { onlyIfExists: inputs.commentOn === 'regression' && verdict !== 'regression' },
  );
  if (res.action === 'forbidden') io.warning(res.warning ?? 'the token cannot comment on this pull request; the report is in the job summary');
  else io.info(`PR comment ${res.action}${res.url ? `: ${res.url}` : ''}`);
  return res;
}

function levelLine(name: string, offered: number, achieved: number, saturated: boolean): string {
  return `${name}: offered ${offered}, achieved ${achieved.toFixed(2)} req/s${saturated ? ' — saturated' : ''}`;
}
