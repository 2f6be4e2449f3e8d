/**
 * app/outcome.ts: the one table from how a run ended to failing, read by the CLI (exit codes) and
 * the action (the failed check). Every outcome under the CLI's policy and under each setting of
 * the action's fail-on-* inputs, and how a gate run's outcome is derived.
 */
import { describe, expect, it } from 'vitest';
import { CLI_POLICY, failureOf, gateOutcome, type FailPolicy, type Outcome } from '../../src/app/outcome.js';
import { EXIT } from '../../src/util/errors.js';

const ALL: Outcome[] = ['pass', 'improvement', 'regression', 'inconclusive', 'recorded', 'done', 'endpoint_down', 'not_ready', 'cancelled', 'commented'];

describe('failureOf: the table', () => {
  it('the CLI fails on every bad outcome, each with its documented exit code', () => {
    const table = Object.fromEntries(ALL.map((o) => [o, failureOf(o, CLI_POLICY).exitCode]));
    expect(table).toEqual({
      pass: 0,
      improvement: 0,
      regression: 1,
      inconclusive: 3,
      recorded: 0,
      done: 0,
      endpoint_down: 4,
      not_ready: 4,
      cancelled: 130,
      commented: 0,
    });
    for (const o of ALL) expect(failureOf(o, CLI_POLICY).fails).toBe(failureOf(o, CLI_POLICY).exitCode !== EXIT.ok);
  });

  it('an SLA failure without a verdict fails the CLI (exit 1) but not a policy that does not ask for it', () => {
    for (const o of ['recorded', 'done'] as const) {
      expect(failureOf(o, CLI_POLICY, false)).toEqual({ fails: true, exitCode: EXIT.regression });
      expect(failureOf(o, CLI_POLICY, true).fails).toBe(false);
      expect(failureOf(o, CLI_POLICY, null).fails).toBe(false); // no operating point ran: nothing to fail
      expect(failureOf(o, { ...CLI_POLICY, failOnSla: false }, false).fails).toBe(false);
    }
    // A verdict decides on its own: an SLA failure does not turn a pass into a failure.
    expect(failureOf('pass', CLI_POLICY, false).fails).toBe(false);
  });

  it("the action's fail-on-regression / fail-on-inconclusive decide exactly those two rows", () => {
    for (const failOnRegression of [true, false])
      for (const failOnInconclusive of [true, false]) {
        const policy: FailPolicy = { failOnRegression, failOnInconclusive, failOnSla: false };
        const failing = ALL.filter((o) => failureOf(o, policy, false).fails).sort();
        const expected = ['cancelled', 'endpoint_down', 'not_ready', ...(failOnRegression ? ['regression'] : []), ...(failOnInconclusive ? ['inconclusive'] : [])].sort();
        expect(failing, JSON.stringify(policy)).toEqual(expected);
      }
  });
});

describe('gateOutcome', () => {
  const run = (status: string, mode: 'record' | 'compare' | 'none', verdict?: 'pass' | 'regression' | 'inconclusive' | 'improvement') => ({
    mode,
    run: { result: { status } },
    ...(verdict ? { comparison: { verdict } as never } : {}),
  });

  it('a run that did not complete is never recorded or done', () => {
    expect(gateOutcome(run('endpoint_down', 'record'))).toBe('endpoint_down');
    expect(gateOutcome(run('cancelled', 'record'))).toBe('cancelled');
    expect(gateOutcome(run('cancelled', 'compare', 'regression'))).toBe('cancelled');
  });

  it('record mode records; compare mode has the verdict; without a comparison the run is done', () => {
    expect(gateOutcome(run('complete', 'record'))).toBe('recorded');
    expect(gateOutcome(run('complete', 'compare', 'inconclusive'))).toBe('inconclusive');
    expect(gateOutcome(run('complete', 'compare'))).toBe('done'); // no baseline file
    expect(gateOutcome(run('complete', 'none'))).toBe('done');
  });
});
