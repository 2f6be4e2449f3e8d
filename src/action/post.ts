/**
 * The action's post step (dist/post.js), run by the runner after the job's steps whatever their
 * outcome — success, failure or cancellation: stops what deploy-command started and runs
 * teardown-command. Never fails the job for a teardown problem it can report instead.
 */
import * as core from '@actions/core';
import { killTree, parseCommand, runCommand } from '../target/command.js';
import { STATE_DEPLOY_PID, STATE_TEARDOWN } from './state.js';

async function post(): Promise<void> {
  const pid = Number(core.getState(STATE_DEPLOY_PID));
  const teardown = core.getState(STATE_TEARDOWN);
  const secrets = [core.getInput('api-key'), core.getInput('github-token')].filter(Boolean);
  for (const secret of secrets) core.setSecret(secret);
  if (teardown) {
    try {
      const argv = parseCommand(teardown, 'teardown-command');
      core.info(`teardown: ${argv[0]}`);
      const res = await runCommand(argv, { timeoutMs: 10 * 60_000, secrets, onLine: (l) => core.info(`[teardown] ${l}`) });
      if (res.timedOut) core.warning('teardown-command timed out after 10 minutes and was killed');
      else if (res.code !== 0) core.warning(`teardown-command exited with code ${res.code}${res.signal ? ` (signal ${res.signal})` : ''}`);
    } catch (e) {
      core.warning(`teardown-command could not run: ${(e as Error).message}`);
    }
  }
  if (Number.isInteger(pid) && pid > 0) {
    await killTree(pid);
    core.info(`stopped the deploy-command process group ${pid}`);
  }
}

await post();
