/**
 * The action's entry (bundled to dist/index.js): read inputs, call runAction, set the result.
 * The one place that calls core.setFailed.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import { readInputs, InputError } from './inputs.js';
import { runAction, type ActionIO } from './run.js';
import { ConfigError } from '../config/parse.js';
import { BaselineError } from '../baseline/baseline.js';
import { DatasetError } from '../workload/index.js';

const io: ActionIO = {
  info: (t) => core.info(t),
  warning: (t) => core.warning(t),
  setSecret: (v) => core.setSecret(v),
  setOutput: (n, v) => core.setOutput(n, v),
  saveState: (n, v) => core.saveState(n, v),
  writeSummary: async (md) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return false;
    await core.summary.addRaw(md, true).write();
    return true;
  },
};

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
      { eventName: ctx.eventName, owner: ctx.repo.owner, repo: ctx.repo.repo, prNumber: ctx.payload.pull_request?.number, apiUrl: ctx.apiUrl },
      io,
      controller.signal,
    );
    if (outcome.failure) core.setFailed(outcome.failure);
  } catch (e) {
    const known = e instanceof InputError || e instanceof ConfigError || e instanceof BaselineError || e instanceof DatasetError;
    core.setFailed(known ? (e as Error).message : `llm-loadgate: internal error: ${(e as Error)?.message ?? String(e)}`);
    if (!known) core.debug((e as Error)?.stack ?? '');
  }
}

await main();
// A deployed endpoint (deploy-command) may still hold pipes open; the post step tears it down.
process.exit();
