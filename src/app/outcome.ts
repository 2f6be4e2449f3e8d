/**
 * The one table from how a run ended to whether it fails: the CLI's exit code and the action's
 * failed check both read it (failureOf), so the two cannot drift apart. What differs between them
 * is only the policy: the CLI fails on every bad outcome; the action fails on a regression or an
 * inconclusive verdict as its fail-on-* inputs say, and not on an SLA failure without a verdict.
 *
 * | outcome                      | fails                  | CLI exit |
 * | ---------------------------- | ---------------------- | -------- |
 * | pass, improvement, commented | no                     | 0        |
 * | regression                   | policy.failOnRegression | 1       |
 * | inconclusive                 | policy.failOnInconclusive | 3     |
 * | recorded, done               | SLA failed and policy.failOnSla | 1 |
 * | endpoint_down, not_ready     | yes                    | 4        |
 * | cancelled                    | yes                    | 130      |
 */
import type { Status } from '../verdict/compare.js';
import { EXIT } from '../util/errors.js';
import type { RegressionRun } from './regression.js';

/** How a run ended: a verdict against a baseline, or what happened instead. */
export type Outcome = Status | 'recorded' | 'done' | 'endpoint_down' | 'cancelled' | 'not_ready' | 'commented';

export interface FailPolicy {
  failOnRegression: boolean;
  failOnInconclusive: boolean;
  /** Fail a run without a verdict (recorded, done) whose SLA failed at the operating point. */
  failOnSla: boolean;
}

/** The CLI's policy: every bad outcome fails, with its own exit code. */
export const CLI_POLICY: FailPolicy = { failOnRegression: true, failOnInconclusive: true, failOnSla: true };

export interface Failure {
  fails: boolean;
  /** The CLI's exit code (0 when it does not fail). */
  exitCode: number;
}

const OK: Failure = { fails: false, exitCode: EXIT.ok };

/** Whether `outcome` fails under `policy` (see the table above); `slaPass` is the run's sla.pass. */
export function failureOf(outcome: Outcome, policy: FailPolicy, slaPass: boolean | null = null): Failure {
  switch (outcome) {
    case 'pass':
    case 'improvement':
    case 'commented':
      return OK;
    case 'regression':
      return policy.failOnRegression ? { fails: true, exitCode: EXIT.regression } : OK;
    case 'inconclusive':
      return policy.failOnInconclusive ? { fails: true, exitCode: EXIT.inconclusive } : OK;
    case 'recorded':
    case 'done':
      return slaPass === false && policy.failOnSla ? { fails: true, exitCode: EXIT.regression } : OK;
    case 'endpoint_down':
    case 'not_ready':
      return { fails: true, exitCode: EXIT.endpointDown };
    case 'cancelled':
      return { fails: true, exitCode: EXIT.cancelled };
  }
}

/** How a gate run (runRegressionGate) ended: a run that did not complete is never "recorded" or "done". */
export function gateOutcome(res: Pick<RegressionRun, 'mode' | 'comparison'> & { run: { result: { status: string } } }): Outcome {
  const status = res.run.result.status;
  if (status === 'endpoint_down') return 'endpoint_down';
  if (status === 'cancelled') return 'cancelled';
  if (res.mode === 'record') return 'recorded';
  return res.comparison?.verdict ?? 'done';
}
