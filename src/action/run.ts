/**
 * What the action does, given plain values: deploy (optional) → readiness and its honesty check →
 * gate (record or compare) → report to the job summary, a file and the PR comment → outputs and
 * the verdict. main.ts wires @actions/core and github.context to it; post.ts tears down.
 */
import { existsSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/types.js';
import type { LevelResult } from '../results/types.js';
import { loadConfig } from '../config/load.js';
import { ConfigError, UsageError } from '../util/errors.js';
import { redactUrl } from '../util/url.js';
import { runRegressionGate, type RegressionRun } from '../app/regression.js';
import { failureOf, gateOutcome, type FailPolicy } from '../app/outcome.js';
import type { RunObserver } from '../app/execute.js';
import { clientFor, executeAb } from '../app/execute.js';
import { parseCommand, startCommand } from '../target/command.js';
import { waitReady, checkHonesty, probeUrl, type ReadyResult, type ReadyProgress, type HonestyResult } from '../target/readiness.js';
import { upsertComment, type UpsertResult } from './github.js';
import { API_KEY_ENV, resolveMode, type ActionInputs } from './inputs.js';
import type { Status } from '../verdict/compare.js';
import { escapeMd } from '../report/table.js';
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
  /** Uploads a run directory as a workflow artifact and returns its URL (undefined: uploads unavailable). */
  uploadArtifact?(name: string, dir: string): Promise<string | undefined>;
}

/** Where the run happens, from the event (main.ts reads github.context). */
export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  /** Pull request number, when the event has one. */
  prNumber?: number;
  apiUrl: string;
  /** workflow_run events: the pull requests GitHub links to the triggering run (empty for forks). */
  runPullRequests?: number[];
}

export interface ActionOutcome {
  verdict: Status | 'recorded' | 'done' | 'endpoint_down' | 'cancelled' | 'not_ready' | 'commented';
  /** Set when the check must fail, with the reason. */
  failure?: string;
  /** One sentence for the last line of the log when the check passes (the verdict's reason). */
  sentence?: string;
  comment?: UpsertResult;
}

/** The file next to summary.md that tells `mode: comment` which gate and pull request it belongs to. */
const COMMENT_META = 'comment.json';

export async function runAction(inputs: ActionInputs, ctx: ActionContext, io: ActionIO, signal: AbortSignal): Promise<ActionOutcome> {
  if (inputs.apiKey) {
    io.setSecret(inputs.apiKey);
    process.env[API_KEY_ENV] = inputs.apiKey;
  }
  if (inputs.githubToken) io.setSecret(inputs.githubToken);
  if (inputs.mode === 'comment') return postReport(inputs, ctx, io);
  const config = configFromInputs(inputs);
  const secrets = [inputs.apiKey, inputs.githubToken].filter((s): s is string => Boolean(s));

  if (inputs.deployCommand) deploy(inputs, io, secrets);
  const target = await readiness(config, inputs, io, signal);
  if (!target.ready.ready) {
    if (signal.aborted) return stopped(io, { verdict: 'cancelled', failure: 'cancelled while waiting for the endpoint to be ready; nothing was measured' });
    const why = `endpoint not ready after ${Math.round(inputs.readinessTimeoutMs / 1000)} s polling ${redactUrl(probeUrl(config.target.url, inputs.readinessPath))} (last: ${lastAnswer(target.ready)}); raise readiness-timeout if it needs longer to start, or check target-url and readiness-path`;
    await io.writeSummary(`## llm-loadgate · ${escapeMd(config.name)}: ❌ not ready\n\n${escapeMd(why, 400)}\n`);
    return stopped(io, { verdict: 'not_ready', failure: why });
  }

  const mode = resolveMode(inputs.mode, ctx.eventName);
  const baselinePath = inputs.baselinePath ?? join('baselines', `${config.name}.json`);
  const observer: RunObserver = { line: (t) => io.info(t), level: (l) => io.info(levelLine(l, signal.aborted)), bar: () => {} };
  if (mode === 'compare' && inputs.baselineUrl) return liveCompare(config, inputs, ctx, io, signal, observer, targetSection(inputs.readinessPath, target.ready, target.honesty));
  const res = await runRegressionGate(config, mode, baselinePath, signal, observer);
  const markdown = `${res.markdown}\n${targetSection(inputs.readinessPath, target.ready, target.honesty)}`;
  writeFileSync(join(res.run.written.dir, 'summary.md'), markdown);
  writeCommentMeta(res.run.written.dir, config.name, ctx, res.run.result.status === 'cancelled');
  const link = await artifactLink(io, config.name, res.run.written.dir);
  if (!(await io.writeSummary(markdown + link))) io.warning('no job summary file (GITHUB_STEP_SUMMARY); the report is in the results directory');

  const outcome = verdictOf(res, inputs);
  setOutputs(io, res, outcome);
  outcome.comment = await comment(inputs, ctx, io, config, markdown + link, outcome.verdict);
  return outcome;
}

/** Uploads the run directory (report.html, plots, results) and returns a markdown line linking it, or ''. */
async function artifactLink(io: ActionIO, name: string, dir: string): Promise<string> {
  if (!io.uploadArtifact) return '';
  try {
    // Unique within the workflow run: two jobs (a matrix, shards) with one config must not clash (409).
    const artifact = `llm-loadgate-${name}-${basename(dir)}-${randomBytes(3).toString('hex')}`.replace(/[^A-Za-z0-9._-]+/g, '-');
    const url = await io.uploadArtifact(artifact, dir);
    return url ? `\n📊 [The full report (report.html with charts, plots/*.png, results.json) as a workflow artifact](${url})\n` : '';
  } catch (e) {
    io.warning(`could not upload the run directory as an artifact: ${(e as Error).message}; it is in ${dir}`);
    return '';
  }
}

/** Outputs of a run that measured nothing: every output set, so none is left empty by surprise. */
function stopped(io: ActionIO, outcome: ActionOutcome): ActionOutcome {
  io.setOutput('verdict', outcome.verdict);
  for (const name of ['saturation-rps', 'ttft-p99-ms', 'cost-per-million-tokens', 'results-dir', 'baseline-path']) io.setOutput(name, '');
  return outcome;
}

function lastAnswer(r: ReadyResult): string {
  return r.lastError ?? (r.lastStatus !== undefined ? `HTTP ${r.lastStatus}` : 'no answer');
}

/** The config file plus the inputs, with problems told in the action's terms (inputs, not CLI flags). */
function configFromInputs(inputs: ActionInputs): Config {
  try {
    return loadConfig(inputs.config, inputs.overrides);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const source = e.source === 'flags' ? 'action inputs' : `input config (${e.source})`;
    throw new ConfigError(source, e.problems.map(inInputTerms));
  }
}

function inInputTerms(problem: string): string {
  return problem
    .replace(
      'check the path given to --config',
      `check the config input: it is read relative to the working directory ${process.cwd()} (the repository root after actions/checkout)`,
    )
    .replace(/, or pass --target \/ the target-url input/, ', or set the target-url input')
    .replace(/^(target\.model is required: .*)$/, '$1; or set the model input')
    .replace(/--target\b/g, 'the target-url input')
    .replace(/--model\b/g, 'the model input')
    .replace(/--config\b/g, 'the config input');
}

/** Written next to summary.md so that `mode: comment` (in a trusted workflow) knows where the report goes. */
function writeCommentMeta(dir: string, name: string, ctx: ActionContext, cancelled: boolean): void {
  if (ctx.prNumber === undefined) return;
  // A cancelled run's partial report has no verdict: mode comment must not post it either.
  const meta = { name, pr: ctx.prNumber, repository: `${ctx.owner}/${ctx.repo}`, ...(cancelled ? { cancelled: true } : {}) };
  writeFileSync(join(dir, COMMENT_META), `${JSON.stringify(meta, null, 2)}\n`);
}

/**
 * Compare against a live deployment of main (input baseline-url) instead of a stored baseline:
 * the same workload on both, levels interleaved, the same verdict rules.
 */
async function liveCompare(
  config: Config,
  inputs: ActionInputs,
  ctx: ActionContext,
  io: ActionIO,
  signal: AbortSignal,
  observer: RunObserver,
  readinessMd: string,
): Promise<ActionOutcome> {
  const mainReady = await waitReady({
    baseUrl: inputs.baselineUrl!,
    path: inputs.readinessPath,
    timeoutMs: inputs.readinessTimeoutMs,
    model: config.target.model,
    signal,
    onProgress: progressLine(io, 'baseline-url'),
  });
  if (!mainReady.ready) {
    if (signal.aborted) return stopped(io, { verdict: 'cancelled', failure: 'cancelled while waiting for baseline-url to be ready; nothing was measured' });
    return stopped(io, {
      verdict: 'not_ready',
      failure: `baseline-url ${redactUrl(inputs.baselineUrl!)} not ready after ${Math.round(inputs.readinessTimeoutMs / 1000)} s (last: ${lastAnswer(mainReady)}); check the baseline-url input, or raise readiness-timeout`,
    });
  }
  const {
    result,
    dir,
    markdown: abMd,
  } = await executeAb(
    config,
    [
      { label: 'main (live)', url: inputs.baselineUrl! },
      { label: 'this PR', url: config.target.url },
    ],
    signal,
    observer,
  );
  const markdown = `${abMd}\n${readinessMd}`;
  writeFileSync(join(dir, 'summary.md'), markdown);
  writeCommentMeta(dir, config.name, ctx, result.status === 'cancelled');
  const link = await artifactLink(io, config.name, dir);
  if (!(await io.writeSummary(markdown + link))) io.warning('no job summary file (GITHUB_STEP_SUMMARY); the report is in the results directory');
  const pr = result.sides[1];
  const v = result.status === 'cancelled' ? 'cancelled' : result.verdict;
  const outcome: ActionOutcome = failureOf(v, policyOf(inputs)).fails
    ? { verdict: v, failure: v === 'cancelled' ? `cancelled: partial results in ${dir}` : v === 'inconclusive' ? `inconclusive: ${result.sentence}` : result.sentence }
    : { verdict: v, sentence: result.sentence };
  io.setOutput('verdict', outcome.verdict);
  io.setOutput('saturation-rps', pr.capacity_rps === null ? '' : String(pr.capacity_rps));
  io.setOutput('ttft-p99-ms', '');
  io.setOutput('cost-per-million-tokens', '');
  io.setOutput('results-dir', dir);
  io.setOutput('baseline-path', '');
  outcome.comment = await comment(inputs, ctx, io, config, markdown + link, outcome.verdict);
  return outcome;
}

/**
 * The program name `llm-loadgate` in deploy-command / teardown-command means the CLI that ships
 * inside this action (dist/cli.js next to dist/index.js), so a workflow can start the built-in
 * simulator with `llm-loadgate sim --port 8000` without installing anything.
 */
function resolveOwnCli(argv: string[]): string[] {
  if (argv[0] !== 'llm-loadgate') return argv;
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'cli.js');
  // From the sources (tests, a clone): the repository's bin, which runs the committed bundle.
  const entry = existsSync(bundled) ? bundled : resolve(here, '../../bin/llm-loadgate.js');
  return [process.execPath, entry, ...argv.slice(1)];
}

function deploy(inputs: ActionInputs, io: ActionIO, secrets: string[]): void {
  const argv = resolveOwnCli(parseCommand(inputs.deployCommand!, 'deploy-command'));
  if (inputs.teardownCommand) parseCommand(inputs.teardownCommand, 'teardown-command');
  io.info(`deploy: ${argv[0]} (${argv.length - 1} argument${argv.length === 2 ? '' : 's'})`);
  const child = startCommand(argv, { secrets, unsetEnv: [API_KEY_ENV], onLine: (l) => io.info(`[deploy] ${l}`) });
  io.saveState(STATE_DEPLOY_PID, String(child.pid));
  if (inputs.teardownCommand) io.saveState(STATE_TEARDOWN, inputs.teardownCommand);
}

async function readiness(config: Config, inputs: ActionInputs, io: ActionIO, signal: AbortSignal): Promise<{ ready: ReadyResult; honesty?: HonestyResult }> {
  io.info(
    `waiting for ${redactUrl(probeUrl(config.target.url, inputs.readinessPath))} to answer 2xx${isModels(inputs.readinessPath) ? ` and list model ${config.target.model}` : ''} (up to ${Math.round(inputs.readinessTimeoutMs / 1000)} s)`,
  );
  const ready = await waitReady({
    baseUrl: config.target.url,
    path: inputs.readinessPath,
    timeoutMs: inputs.readinessTimeoutMs,
    model: config.target.model,
    signal,
    onProgress: progressLine(io, 'target'),
  });
  io.info(
    ready.ready
      ? `ready after ${(ready.timeToReadyMs / 1000).toFixed(1)} s (${ready.attempts} probes of ${ready.path})`
      : `not ready after ${(ready.timeToReadyMs / 1000).toFixed(1)} s (${ready.attempts} probes; last: ${lastAnswer(ready)})`,
  );
  if (!ready.ready) return { ready };
  const client = clientFor(config);
  const honestyMs = Math.max(30_000, inputs.readinessTimeoutMs / 4);
  io.info(`checking the probe was honest: one real completion (retried for up to ${Math.round(honestyMs / 1000)} s if it fails)`);
  try {
    const honesty = await checkHonesty({
      timeoutMs: honestyMs,
      probe: inputs.readinessPath,
      signal,
      send: async (deadline) => {
        const r = await client.send(
          { model: config.target.model, messages: [{ role: 'user', content: 'Say hello.' }], maxTokens: 8 },
          { id: -1, phase: 'readiness', scheduledAt: performance.now(), signal: deadline },
        );
        return { ok: r.outcome === 'ok', detail: r.outcome === 'ok' ? 'ok' : `${r.outcome}${r.status ? ` ${r.status}` : ''}` };
      },
    });
    if (honesty.finding) io.warning(honesty.finding);
    else io.info('the first completion succeeded: the probe was honest');
    return { ready, honesty };
  } finally {
    await client.close();
  }
}

function targetSection(path: string, ready: ReadyResult, honesty?: HonestyResult): string {
  const lines = ['### Target readiness', '', `- \`${escapeMd(path)}\` reported ready after ${(ready.timeToReadyMs / 1000).toFixed(1)} s (${ready.attempts} probes).`];
  if (honesty)
    lines.push(
      honesty.firstAttemptOk
        ? '- The first real completion right after succeeded: the probe was honest.'
        : `- ⚠️ **Finding:** ${escapeMd(honesty.finding ?? 'the first completion after the probe failed', 400)}`,
    );
  return `${lines.join('\n')}\n`;
}

function setOutputs(io: ActionIO, res: RegressionRun, outcome: ActionOutcome): void {
  const r = res.run.result;
  io.setOutput('verdict', outcome.verdict);
  io.setOutput('saturation-rps', r.saturation.rps === null ? '' : String(r.saturation.rps));
  io.setOutput('ttft-p99-ms', r.operating_point ? String(r.operating_point.level.summary.ttft_ms.p99) : '');
  io.setOutput('cost-per-million-tokens', r.cost?.at_operating_point?.usd_per_million_tokens?.toString() ?? '');
  io.setOutput('results-dir', res.run.written.dir);
  io.setOutput('baseline-path', res.baselinePath ?? '');
}

/** The verdict of a gate run (app/outcome.ts gateOutcome) and whether it fails the check (failureOf), with the reason. */
function verdictOf(res: RegressionRun, inputs: ActionInputs): ActionOutcome {
  const r = res.run.result;
  const dir = res.run.written.dir;
  const verdict = gateOutcome(res);
  const fails = failureOf(verdict, policyOf(inputs), r.sla.pass).fails;
  const said = res.comparison?.sentence ?? '';
  const message =
    verdict === 'endpoint_down'
      ? `${r.error ?? 'the endpoint stopped answering'} (results in ${dir})`
      : verdict === 'cancelled'
        ? `cancelled: partial results in ${dir}${res.mode === 'record' ? '; no baseline was written' : ''}`
        : verdict === 'recorded'
          ? `baseline written to ${res.baselinePath}`
          : verdict === 'done'
            ? res.missingBaseline
              ? `no baseline to compare with (record one on the main branch); results in ${dir}`
              : `results in ${dir}`
            : verdict === 'inconclusive' && fails
              ? `inconclusive: ${said}`
              : said;
  return fails ? { verdict, failure: message } : { verdict, sentence: message };
}

/** The action's fail-on-* inputs as a policy; an SLA failure without a verdict is reported, not failed. */
function policyOf(inputs: ActionInputs): FailPolicy {
  return { failOnRegression: inputs.failOnRegression, failOnInconclusive: inputs.failOnInconclusive, failOnSla: false };
}

async function comment(
  inputs: ActionInputs,
  ctx: ActionContext,
  io: ActionIO,
  config: Config,
  markdown: string,
  verdict: ActionOutcome['verdict'],
): Promise<UpsertResult | undefined> {
  if (!inputs.comment || ctx.prNumber === undefined) return undefined;
  if (verdict === 'cancelled') {
    // A partial report has no verdict: it must not replace the last real one on the pull request.
    io.info('cancelled: the pull-request comment is left as it was');
    return undefined;
  }
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

/**
 * mode: comment — posts a report written by an earlier gate run (typically a fork pull request's,
 * downloaded as an artifact in a workflow_run workflow) as the gate's sticky comment. The report
 * is data: it is read, size-capped and posted, never executed. The gate name and the pull-request
 * number come from comment.json next to summary.md, unless the name / pr-number inputs give them.
 */
async function postReport(inputs: ActionInputs, ctx: ActionContext, io: ActionIO): Promise<ActionOutcome> {
  const { markdown, name, pr, cancelled } = readReport(inputs);
  if (cancelled) {
    io.info(`the gate run was cancelled: its partial report is not posted, and the comment on pull request #${pr} is left as it was`);
    io.setOutput('verdict', 'cancelled');
    return { verdict: 'cancelled', sentence: 'nothing posted' };
  }
  // The artifact comes from the pull request's own run, so its comment.json is not trusted blindly:
  // when GitHub names the triggering run's pull requests (same-repository ones), pr must be one of them.
  if (ctx.runPullRequests?.length && !ctx.runPullRequests.includes(pr))
    throw new UsageError(`the report names pull request #${pr}, but the triggering run belongs to #${ctx.runPullRequests.join(', #')}: refusing to comment elsewhere`);
  if (!inputs.githubToken) throw new UsageError('mode comment needs a github-token that may write pull-request comments (permissions: pull-requests: write)');
  const res = await upsertComment(
    { apiUrl: ctx.apiUrl, token: inputs.githubToken, owner: ctx.owner, repo: ctx.repo, issueNumber: pr, author: inputs.commentAuthor },
    name,
    markdown,
    { onlyIfExists: inputs.commentOn === 'regression' && !/^## llm-loadgate · .*❌ regression/m.test(markdown) },
  );
  io.setOutput('verdict', 'commented');
  if (res.action === 'forbidden')
    return { verdict: 'commented', failure: res.warning ?? `the token cannot comment on pull request #${pr}: give the workflow permissions: pull-requests: write` };
  io.info(`PR comment on #${pr} ${res.action}${res.url ? `: ${res.url}` : ''}`);
  return { verdict: 'commented', sentence: `report for gate ${name} ${res.action} on pull request #${pr}`, comment: res };
}

function readReport(inputs: ActionInputs): { markdown: string; name: string; pr: number; cancelled: boolean } {
  const given = inputs.report;
  if (!given) throw new UsageError('mode comment needs the report input: the directory (or summary.md) of a gate run, e.g. the downloaded artifact');
  const path = resolve(given);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`input report: ${given} does not exist (looked in ${process.cwd()}); give the directory the report artifact was downloaded to`);
  }
  const file = stat.isDirectory() ? join(path, 'summary.md') : path;
  const dir = stat.isDirectory() ? path : dirname(path);
  if (!existsSync(file)) throw new UsageError(`input report: no summary.md in ${given}; upload the gate run's results directory (its results-dir output) as the artifact`);
  const markdown = readFileSync(file, 'utf8');
  let meta: { name?: unknown; pr?: unknown; cancelled?: unknown } = {};
  const metaFile = join(dir, COMMENT_META);
  if (existsSync(metaFile)) {
    try {
      meta = JSON.parse(readFileSync(metaFile, 'utf8')) as typeof meta;
    } catch {
      throw new UsageError(`input report: ${COMMENT_META} in ${given} is not valid JSON; it is written by the gate run next to summary.md`);
    }
  }
  const givenName = inputs.overrides.name;
  const name = typeof givenName === 'string' ? givenName : typeof meta.name === 'string' ? meta.name : undefined;
  const prText = inputs.prNumber ?? (meta.pr === undefined ? undefined : String(meta.pr));
  if (!name) throw new UsageError(`input name: no gate name given and no ${COMMENT_META} in ${given}; set name to the gate's name`);
  const pr = Number(prText);
  if (!prText || !/^\d+$/.test(prText) || !Number.isSafeInteger(pr) || pr <= 0)
    throw new UsageError(`input pr-number: ${JSON.stringify(prText ?? '')} is not a pull-request number; set pr-number, or upload ${COMMENT_META} with the report`);
  return { markdown, name, pr, cancelled: meta.cancelled === true };
}

function progressLine(io: ActionIO, what: string): (p: ReadyProgress) => void {
  return (p) =>
    io.info(
      `still waiting for ${what} (${Math.round(p.elapsedMs / 1000)} s, ${p.attempts} probes): ${p.lastError ?? (p.lastStatus !== undefined ? `HTTP ${p.lastStatus}` : 'no answer yet')}`,
    );
}

function isModels(path: string): boolean {
  return /^\/v1\/models\/?$/.test(path);
}

/** One log line per level; the operating point is judged by the SLA, a cut-short level by nothing. */
function levelLine(l: LevelResult, cancelled: boolean): string {
  const s = l.summary;
  const head = `${s.name}: offered ${s.offered.value}${s.offered.kind === 'rate' ? ' req/s' : ' users'}, achieved ${s.achieved_rps.toFixed(2)} req/s`;
  if (cancelled || s.requests.errors.cancelled) return `${head} — cut short by cancellation (not judged)`;
  if (!l.valid) return `${head} — invalid: ${l.invalid_reason}`;
  if (l.phase === 'operating_point')
    return `${head} — ${l.sla_checks.length === 0 ? 'operating point (no SLA rules)' : l.sla_checks.every((c) => c.pass) ? 'operating point: SLA pass' : 'operating point: SLA FAIL'}`;
  if (l.phase === 'baseline') return `${head} — baseline`;
  return l.saturated ? `${head} — saturated (${l.reasons.join('; ')})` : `${head} — not saturated`;
}
