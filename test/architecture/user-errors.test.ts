// One user-error base class: every error the user can fix reaches the CLI's one error mapper as its
// message and its exit code, never as "internal error" (exit 70). The lists that used to name the
// classes one by one had drifted apart (the CLI's missed BaselineError).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/main.js';
import { ConfigError, UsageError, UserError } from '../../src/util/errors.js';
import { BaselineError } from '../../src/baseline/baseline.js';
import { DatasetError } from '../../src/workload/datasets.js';
import { InputError } from '../../src/action/inputs.js';
import { parseCommand } from '../../src/target/command.js';

describe('user errors', () => {
  const written: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    written.length = 0;
  });
  const capture = (): void => {
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      written.push(String(s));
      return true;
    });
  };

  it.each([
    ['ConfigError', new ConfigError('loadgate.yml', ['run.seed: must be an integer'])],
    ['BaselineError', new BaselineError('baselines/main.json: not JSON')],
    ['DatasetError', new DatasetError('data.jsonl', ['line 3: not JSON'])],
    ['InputError', new InputError('input mode: expected auto, record, compare, run or comment')],
    ['UsageError', new UsageError('unknown flag --rat')],
  ])('%s is a UserError: message only, exit 2', (_name, err) => {
    expect(err).toBeInstanceOf(UserError);
    capture();
    expect(reportError(err)).toBe(2);
    expect(written.join('')).toBe(`${err.message}\n`);
    expect(written.join('')).not.toMatch(/internal error|at .*\.ts:\d+/);
  });

  it('a UsageError keeps its own exit code', () => {
    capture();
    expect(reportError(new UsageError('endpoint down', 4))).toBe(4);
  });

  it('a shell operator in a deploy command is a user error, not an internal one', () => {
    let err: unknown;
    try {
      parseCommand('python serve.py | tee log');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    capture();
    expect(reportError(err)).toBe(2);
  });

  it('anything else is internal (exit 70) and says so in one line', () => {
    capture();
    expect(reportError(new TypeError('x is undefined'))).toBe(70);
    expect(written.join('')).toMatch(/^llm-loadgate: internal error: x is undefined\n/);
  });
});
