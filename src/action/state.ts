/** Names of the values main.ts saves for the post step (core.saveState / core.getState). */
export const STATE_DEPLOY_PID = 'deploy-pid';
export const STATE_TEARDOWN = 'teardown-command';
