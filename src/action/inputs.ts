/**
 * Action inputs → one typed ActionInputs, every problem reported together. Takes a getter so it
 * tests without @actions/core (main.ts passes core.getInput).
 */
import { parseDuration } from '../util/duration.js';
import { UserError } from '../util/errors.js';
import type { RawConfig } from '../config/parse.js';

export type ActionMode = 'auto' | 'record' | 'compare' | 'run' | 'comment';

export interface ActionInputs {
  config?: string;
  overrides: RawConfig;
  apiKey?: string;
  mode: ActionMode;
  baselinePath?: string;
  /** A live deployment of main to compare with (A/B) instead of a stored baseline. */
  baselineUrl?: string;
  deployCommand?: string;
  teardownCommand?: string;
  readinessPath: string;
  readinessTimeoutMs: number;
  failOnRegression: boolean;
  failOnInconclusive: boolean;
  comment: boolean;
  commentOn: 'always' | 'regression';
  githubToken?: string;
  commentAuthor: string;
  /** mode comment: a gate run's directory (or its summary.md) to post. */
  report?: string;
  /** mode comment: the pull request to post on (default: from comment.json next to the report). */
  prNumber?: string;
}

export class InputError extends UserError {}

/** The environment variable the action hands the API key to the client through (never written anywhere). */
export const API_KEY_ENV = 'LLM_LOADGATE_API_KEY';

export function readInputs(get: (name: string) => string): ActionInputs {
  const problems: string[] = [];
  const opt = (name: string): string | undefined => get(name).trim() || undefined;
  const bool = (name: string, dflt: boolean): boolean => {
    const v = (opt(name) ?? String(dflt)).toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
    problems.push(`input ${name}: ${JSON.stringify(v)} is not a boolean; use true or false`);
    return dflt;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], dflt: T): T => {
    const v = opt(name) ?? dflt;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`input ${name}: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
    return dflt;
  };
  const timeoutText = opt('readiness-timeout') ?? '10m';
  const timeoutS = parseDuration(timeoutText);
  if (timeoutS === undefined) problems.push(`input readiness-timeout: ${JSON.stringify(timeoutText)} is not a duration like 30s, 5m or 1h`);
  const apiKey = opt('api-key');
  const inputs: ActionInputs = {
    config: opt('config'),
    overrides: {
      name: opt('name'),
      target: { url: opt('target-url'), model: opt('model'), api_key_env: apiKey ? API_KEY_ENV : undefined, label: opt('target-label'), hardware: opt('hardware') },
      run: { out: opt('results-dir') },
    },
    apiKey,
    mode: oneOf('mode', ['auto', 'record', 'compare', 'run', 'comment'] as const, 'auto'),
    baselinePath: opt('baseline-path'),
    baselineUrl: opt('baseline-url'),
    deployCommand: opt('deploy-command'),
    teardownCommand: opt('teardown-command'),
    readinessPath: opt('readiness-path') ?? '/v1/models',
    readinessTimeoutMs: (timeoutS ?? 600) * 1000,
    failOnRegression: bool('fail-on-regression', true),
    failOnInconclusive: bool('fail-on-inconclusive', false),
    comment: bool('comment', true),
    commentOn: oneOf('comment-on', ['always', 'regression'] as const, 'always'),
    githubToken: opt('github-token'),
    commentAuthor: opt('comment-author') ?? 'github-actions[bot]',
    report: opt('report'),
    prNumber: opt('pr-number'),
  };
  if (inputs.mode === 'comment') {
    if (!inputs.report) problems.push('input report is required with mode comment: the directory of a gate run (its results-dir, e.g. a downloaded artifact) or its summary.md');
  } else if (!inputs.config && !opt('target-url')) problems.push('input target-url (or a config file with target.url) is required: the endpoint to load-test');
  if (inputs.baselineUrl && !/^https?:\/\/[^/]/.test(inputs.baselineUrl))
    problems.push(`input baseline-url: ${JSON.stringify(inputs.baselineUrl)} is not an http:// or https:// URL`);
  if (!inputs.readinessPath.startsWith('/')) problems.push(`input readiness-path: ${JSON.stringify(inputs.readinessPath)} must start with "/", e.g. /v1/models or /health`);
  if (inputs.teardownCommand && !inputs.deployCommand) problems.push('input teardown-command needs deploy-command: the action only tears down what it deployed');
  if (problems.length) throw new InputError(`llm-loadgate: ${problems.length} problem${problems.length > 1 ? 's' : ''} with the inputs:\n  - ${problems.join('\n  - ')}`);
  return inputs;
}

/** auto: compare on pull requests and merge-queue runs, record elsewhere (push to main, manual dispatch, schedule). */
export function resolveMode(mode: ActionMode, eventName: string): 'record' | 'compare' | 'none' {
  if (mode === 'run' || mode === 'comment') return 'none';
  if (mode === 'record' || mode === 'compare') return mode;
  return eventName === 'pull_request' || eventName === 'pull_request_target' || eventName === 'merge_group' ? 'compare' : 'record';
}
