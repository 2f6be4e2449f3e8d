/**
 * The action's entry (bundled to dist/index.js): read inputs, call runAction, set the result.
 * The one place that calls core.setFailed.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readInputs } from './inputs.js';
import { runAction, type ActionIO } from './run.js';
import { UserError } from '../util/errors.js';

/** Outputs set so far: a run cut short by an error still sets the rest (see main's catch). */
const outputsSet = new Set<string>();

const io: ActionIO = {
  info: (t) => core.info(t),
  warning: (t) => core.warning(t),
  setSecret: (v) => core.setSecret(v),
  setOutput: (n, v) => {
    outputsSet.add(n);
    core.setOutput(n, v);
  },
  saveState: (n, v) => core.saveState(n, v),
  writeSummary: async (md) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return false;
    await core.summary.addRaw(md, true).write();
    return true;
  },
  uploadArtifact: async (name, dir) => {
    // Only inside a workflow run does the runner hand out the token artifact uploads need.
    if (!process.env.ACTIONS_RUNTIME_TOKEN) return undefined;
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    const { id } = await new DefaultArtifactClient().uploadArtifact(name, files, dir);
    const c = github.context;
    return id === undefined ? undefined : `${c.serverUrl}/${c.repo.owner}/${c.repo.repo}/actions/runs/${c.runId}/artifacts/${id}`;
  },
};

function runPullRequests(payload: typeof github.context.payload): number[] | undefined {
  const prs = (payload.workflow_run as { pull_requests?: { number?: unknown }[] } | undefined)?.pull_requests;
  return prs?.map((p) => p.number).filter((n): n is number => typeof n === 'number');
}

async function main(): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const inputs = readInputs((n) => core.getInput(n));
    const ctx = github.context;
    const outcome = await runAction(
      inputs,
      {
        eventName: ctx.eventName,
        owner: ctx.repo.owner,
        repo: ctx.repo.repo,
        prNumber: ctx.payload.pull_request?.number,
        apiUrl: ctx.apiUrl,
        runPullRequests: runPullRequests(ctx.payload),
      },
      io,
      controller.signal,
    );
    // The verdict is the log's last line: the failure (as the error annotation) or the reason it passed.
    const verdict = `llm-loadgate verdict: ${outcome.verdict}`;
    if (outcome.failure) core.setFailed(`${outcome.failure} — ${verdict}`);
    else core.info(outcome.sentence ? `${outcome.sentence} — ${verdict}` : verdict);
  } catch (e) {
    // Problems the user can fix (inputs, config, commands, files): their message only, never "internal".
    const known = e instanceof UserError;
    if (!known) core.debug((e as Error)?.stack ?? '');
    // Cancelled (SIGINT/SIGTERM) and then an error on the way out: still a cancelled run, with every output set.
    if (controller.signal.aborted && !outputsSet.has('verdict')) {
      for (const name of ['verdict', 'saturation-rps', 'ttft-p99-ms', 'cost-per-million-tokens', 'results-dir', 'baseline-path'])
        if (!outputsSet.has(name)) core.setOutput(name, name === 'verdict' ? 'cancelled' : '');
    }
    core.setFailed(known ? (e as Error).message : `llm-loadgate: internal error (a bug: please report it with the debug log): ${(e as Error)?.message ?? String(e)}`);
  }
}

await main();
// A deployed endpoint (deploy-command) may still hold pipes open; the post step tears it down.
process.exit();
