/**
 * Action inputs: the defaults, every problem reported together in one error, and which mode
 * `auto` resolves to per GitHub event. readInputs takes a getter like core.getInput: an input
 * that was not given reads as ''.
 */
import { describe, expect, it } from 'vitest';
import { API_KEY_ENV, InputError, readInputs, resolveMode, type ActionMode } from '../../src/action/inputs.js';

const getter =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? '';
const read = (inputs: Record<string, string>) => readInputs(getter(inputs));
const problemsOf = (inputs: Record<string, string>): string => {
  try {
    read(inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('readInputs', () => {
  it('defaults: only target-url given', () => {
    const i = read({ 'target-url': 'http://127.0.0.1:8000' });
    expect(i).toMatchObject({
      config: undefined,
      apiKey: undefined,
      mode: 'auto',
      baselinePath: undefined,
      deployCommand: undefined,
      teardownCommand: undefined,
      readinessPath: '/v1/models',
      // 10 minutes.
      readinessTimeoutMs: 600_000,
      failOnRegression: true,
      failOnInconclusive: false,
      comment: true,
      commentOn: 'always',
      githubToken: undefined,
      commentAuthor: 'github-actions[bot]',
    });
    // Overrides carry only what was given; no API key, no api_key_env.
    expect(i.overrides).toEqual({
      name: undefined,
      target: { url: 'http://127.0.0.1:8000', model: undefined, api_key_env: undefined, label: undefined, hardware: undefined },
      run: { out: undefined },
    });
  });

  it('every input read, trimmed; the API key goes through an environment variable name, never into the config', () => {
    const i = read({
      config: 'loadgate.yml',
      name: ' pr-gate ',
      'target-url': 'http://h:1',
      model: 'llama',
      'target-label': 'staging',
      hardware: 'h100',
      'results-dir': 'out',
      'api-key': 'sk-secret',
      mode: 'compare',
      'baseline-path': 'b.json',
      'deploy-command': 'make up',
      'teardown-command': 'make down',
      'readiness-path': '/health',
      'readiness-timeout': '90s',
      'fail-on-regression': 'FALSE',
      'fail-on-inconclusive': ' True ',
      comment: 'false',
      'comment-on': 'regression',
      'github-token': 'ghs_x',
      'comment-author': 'bot',
    });
    expect(i).toMatchObject({
      config: 'loadgate.yml',
      apiKey: 'sk-secret',
      mode: 'compare',
      baselinePath: 'b.json',
      deployCommand: 'make up',
      teardownCommand: 'make down',
      readinessPath: '/health',
      readinessTimeoutMs: 90_000,
      failOnRegression: false,
      failOnInconclusive: true,
      comment: false,
      commentOn: 'regression',
      githubToken: 'ghs_x',
      commentAuthor: 'bot',
    });
    expect(i.overrides).toEqual({
      name: 'pr-gate',
      target: { url: 'http://h:1', model: 'llama', api_key_env: API_KEY_ENV, label: 'staging', hardware: 'h100' },
      run: { out: 'out' },
    });
    expect(JSON.stringify(i.overrides)).not.toContain('sk-secret');
  });

  it('a config file stands in for target-url', () => {
    expect(read({ config: 'loadgate.yml' }).overrides).toMatchObject({ target: { url: undefined } });
  });

  it.each([
    // Durations: suffixes and a bare number of seconds.
    { text: '500ms', ms: 500 },
    { text: '30', ms: 30_000 },
    { text: '5m', ms: 300_000 },
    { text: '1h', ms: 3_600_000 },
  ])('readiness-timeout $text → $ms ms', ({ text, ms }) => {
    expect(read({ 'target-url': 'http://h', 'readiness-timeout': text }).readinessTimeoutMs).toBe(ms);
  });

  it.each<{ name: string; inputs: Record<string, string>; says: string }>([
    // Each problem alone, and the words its message must contain.
    { name: 'bad boolean', inputs: { 'target-url': 'http://h', 'fail-on-regression': 'yes' }, says: 'input fail-on-regression: "yes" is not a boolean; use true or false' },
    { name: 'bad mode', inputs: { 'target-url': 'http://h', mode: 'deploy' }, says: 'input mode: "deploy" is not one of auto, record, compare, run' },
    { name: 'bad comment-on', inputs: { 'target-url': 'http://h', 'comment-on': 'never' }, says: 'input comment-on: "never" is not one of always, regression' },
    {
      name: 'bad duration',
      inputs: { 'target-url': 'http://h', 'readiness-timeout': 'ten minutes' },
      says: 'input readiness-timeout: "ten minutes" is not a duration like 30s, 5m or 1h',
    },
    { name: 'teardown without deploy', inputs: { 'target-url': 'http://h', 'teardown-command': 'make down' }, says: 'input teardown-command needs deploy-command' },
    { name: 'no target-url, no config', inputs: {}, says: 'input target-url (or a config file with target.url) is required' },
  ])('$name', ({ inputs, says }) => {
    const msg = problemsOf(inputs);
    expect(msg).toContain('llm-loadgate: 1 problem with the inputs:\n  - ');
    expect(msg).toContain(says);
  });

  it('reports every problem together, one per line', () => {
    const msg = problemsOf({
      'fail-on-regression': 'yes',
      comment: 'nope',
      mode: 'deploy',
      'readiness-timeout': '10 minutes',
      'teardown-command': 'make down',
      'comment-on': 'never',
    });
    expect(msg.split('\n')[0]).toBe('llm-loadgate: 7 problems with the inputs:');
    const lines = msg.split('\n').slice(1);
    expect(lines).toHaveLength(7);
    for (const l of lines) expect(l).toMatch(/^ {2}- input /);
    for (const word of ['fail-on-regression', 'input comment:', 'input mode', 'readiness-timeout', 'teardown-command', 'target-url', 'comment-on']) expect(msg).toContain(word);
  });
});

describe('resolveMode', () => {
  it.each<{ mode: ActionMode; event: string; want: string }>([
    // auto: compare on pull requests…
    { mode: 'auto', event: 'pull_request', want: 'compare' },
    { mode: 'auto', event: 'pull_request_target', want: 'compare' },
    // …and on merge-queue runs, which test a pull request's change before it lands.
    { mode: 'auto', event: 'merge_group', want: 'compare' },
    // …record everywhere else (push to main, manual dispatch, schedule).
    { mode: 'auto', event: 'push', want: 'record' },
    { mode: 'auto', event: 'workflow_dispatch', want: 'record' },
    { mode: 'auto', event: 'schedule', want: 'record' },
    // Explicit modes ignore the event.
    { mode: 'record', event: 'pull_request', want: 'record' },
    { mode: 'compare', event: 'push', want: 'compare' },
    // run: just the gate, no baseline either way.
    { mode: 'run', event: 'pull_request', want: 'none' },
    { mode: 'run', event: 'push', want: 'none' },
  ])('$mode on $event → $want', ({ mode, event, want }) => {
    expect(resolveMode(mode, event)).toBe(want);
  });
});
