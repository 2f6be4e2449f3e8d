/**
 * examples/loadgate-sharded.yml as a user runs it, on one machine: its jobs' steps in a temp dir
 * standing for the user's checkout (their own loadgate.yml, pointing at one simulator process as
 * the shared endpoint). `run:` steps run in bash as the runner runs them, with the `${{ }}`
 * expressions given values; the plan job picks --start-at, the three matrix shards run at once,
 * upload/download-artifact are done by copying what their `path:`/`pattern:` say, the judge step
 * judges, and the comment step is the action itself (mode: comment) against a fake GitHub.
 * The checkout of the action's repository is stood in for by $LOADGATE: the CLI that
 * test/helpers/action-runner.ts runs (dist/, or the sources with LOADGATE_E2E_FROM=src).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cliCommand, parseCommandFile, runStep } from '../helpers/action-runner.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { startSimProcess, type SimProcess } from '../helpers/sim-process.js';
import { commentMarker } from '../../src/action/github.js';
import { DEFAULT_MAX_SKEW_MS } from '../../src/load/shard.js';

const TOKEN = 'ghs_shardedTOKEN0123456789abcdefXYZ';
const REPO = 'acme/widgets';
const PR = 16;

type Step = { id?: string; name?: string; uses?: string; with?: Record<string, string>; if?: string; run?: string; env?: Record<string, string> };
type Job = { needs?: string; if?: string; steps: Step[]; strategy?: { matrix: { shard: number[] } }; outputs?: Record<string, string> };
type Workflow = { env: Record<string, string | number>; jobs: Record<string, Job> };

const wf = parseYaml(readFileSync(join(ROOT, 'examples', 'loadgate-sharded.yml'), 'utf8')) as Workflow;

/** `${{ expr }}` → its value from `values` ('' when not given, as GitHub gives for a missing output). */
const expand = (text: string, values: Record<string, string>): string => text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => values[e] ?? '');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** A `run:` step in bash as the runner runs it (-eo pipefail), with the workflow's env, the step's env and a GITHUB_OUTPUT file. */
function bash(cwd: string, step: Step, values: Record<string, string>, env: Record<string, string>): Promise<Ran> {
  const out = join(cwd, `.output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(out, '');
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), values)]));
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run!, values)], {
    cwd,
    env: { ...process.env, ...env, ...stepEnv, GITHUB_OUTPUT: out },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b));
  child.stderr.on('data', (b: Buffer) => (stderr += b));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, outputs: parseCommandFile(readFileSync(out, 'utf8')) })));
}

const USER_CONFIG = (url: string): string => `target:
  url: ${url}
  model: tiny
workload:
  prompt: Say hello in five words.
  max_tokens: 16
warmup:
  requests: 3
  timeout: 1s
baseline:
  rate: 2
  duration: 500ms
saturation:
  strategy: steps
  levels: [15, 30]
  level_duration: 1s
  min_requests: 8
sla_validation:
  rate: 10
  duration: 1s
sla:
  ttft_p99_ms: 5000
run:
  drain: 500ms
  max_send_lag_ms: 1000
`;

describe('examples/loadgate-sharded.yml, run from outside the repository', () => {
  let sim: SimProcess;
  let gh: FakeGitHub;
  const user = mkdtempSync(join(tmpdir(), 'loadgate-sharded-user-'));
  let env: Record<string, string>;
  const values: Record<string, string> = { 'github.event_name': 'pull_request', 'github.event.pull_request.number': String(PR), 'github.token': TOKEN };
  const shardRuns: Ran[] = [];
  let judge: Ran;

  beforeAll(async () => {
    sim = await startSimProcess({ profile: 'tiny', speedup: 3 });
    gh = await startFakeGitHub({ token: TOKEN, defaultRepo: REPO });
    writeFileSync(join(user, 'loadgate.yml'), USER_CONFIG(sim.url));
    // $LOADGATE: what `node .llm-loadgate/bin/llm-loadgate.js` is after the action repository's checkout.
    const lg = join(user, 'lg');
    writeFileSync(lg, `#!/bin/sh\nexec ${[process.execPath, ...cliCommand()].map((a) => `'${a}'`).join(' ')} "$@"\n`, { mode: 0o755 });
    // A short lead: three processes start on this machine, not three runners being allocated.
    env = { ...Object.fromEntries(Object.entries(wf.env).map(([k, v]) => [k, String(v)])), LOADGATE: lg, LEAD_S: '6' };
    for (const [k, v] of Object.entries(env)) values[`env.${k}`] = v;

    const plan = await bash(user, wf.jobs.plan!.steps[0]!, values, env);
    expect(plan.code, plan.stderr).toBe(0);
    values['needs.plan.outputs.start-at'] = plan.outputs['start-at']!;

    const shard = wf.jobs.shard!;
    const runStepOf = shard.steps.find((s) => s.run)!;
    const upload = shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    shardRuns.push(...(await Promise.all(shard.strategy!.matrix.shard.map((i) => bash(user, runStepOf, { ...values, 'matrix.shard': String(i) }, env)))));
    // upload-artifact per shard: the file its path names, under the artifact's name.
    for (const i of shard.strategy!.matrix.shard) {
      const v = { ...values, 'matrix.shard': String(i) };
      const file = join(user, expand(upload.with!.path!, v));
      const dest = join(user, 'artifacts', expand(upload.with!.name!, v));
      mkdirSync(dest, { recursive: true });
      if (existsSync(file)) cpSync(file, join(dest, basename(file)));
    }
    judge = await runJudge();
  }, 90_000);

  /** download-artifact (every artifact matching the pattern, each in a directory of its name), then the judge step. */
  async function runJudge(): Promise<Ran> {
    const j = wf.jobs.judge!;
    const download = j.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    const pattern = new RegExp(`^${download.with!.pattern!.replace(/\*/g, '.*')}$`);
    const into = join(user, download.with!.path!);
    rmSync(into, { recursive: true, force: true });
    for (const name of readdirSync(join(user, 'artifacts')).filter((n) => pattern.test(n))) cpSync(join(user, 'artifacts', name), join(into, name), { recursive: true });
    return bash(
      user,
      j.steps.find((s) => s.id === 'judge')!,
      values,
      env,
    );
  }

  afterAll(async () => {
    await sim?.close();
    await gh?.close();
    rmSync(user, { recursive: true, force: true });
  });

  it('is one plan job, a matrix of $SHARDS shards, and a judge that runs even when a shard failed', () => {
    expect(wf.jobs.shard!.strategy!.matrix.shard).toEqual(Array.from({ length: Number(wf.env.SHARDS) }, (_, i) => i + 1));
    expect(wf.jobs.judge!.needs).toBe('shard');
    expect(wf.jobs.judge!.if).toMatch(/always\(\)/);
    // Only what a user has: actions/*, the action, and $LOADGATE (the CLI of the action's repository).
    for (const job of Object.values(wf.jobs))
      for (const s of job.steps) {
        if (s.uses) expect(s.uses).toMatch(/^(actions\/[a-z-]+|org\/llm-loadgate)@v\d+$/);
        if (s.run) expect(s.run).not.toMatch(/npm (ci|run)|dist\/|\bnode /);
      }
  });

  it('each shard ran its part on time and uploaded it', () => {
    for (const [k, r] of shardRuns.entries()) {
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(user, 'artifacts', `loadgate-shard-${k + 1}`, 'results.json'), 'utf8'));
      expect(doc).toMatchObject({ kind: 'gate-shard', shard: { index: k + 1, count: 3 } });
    }
  });

  it('the judge merges the three and judges them like a gate: report with its Shards section, exit code as output', () => {
    expect(judge.code, judge.stderr).toBe(0);
    expect(judge.outputs.code).toBe('0');
    const dir = join(user, judge.outputs.dir!);
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^## llm-loadgate: default/m);
    expect(summary).toMatch(/3 shard results of 3 merged/);
    expect(summary).toMatch(/No baseline/); // a pull request before any baseline: said, and passed
    const shards = JSON.parse(readFileSync(join(dir, 'shards.json'), 'utf8'));
    expect(shards.valid).toBe(true);
    // Within the judge's own limit (a level beyond it would make the merge invalid, checked above):
    // three processes on a busy 2-core machine have started a level 130 ms apart (a tighter 100 ms
    // bound failed once beside a CPU-bound llama-server).
    for (const l of shards.levels.filter((x: { name: string }) => x.name !== 'warmup')) expect(l.skew_ms).toBeLessThanOrEqual(DEFAULT_MAX_SKEW_MS);
  });

  it('the comment step posts the judged report on the pull request with the action', async () => {
    const step = wf.jobs.judge!.steps.find((s) => s.uses?.startsWith('org/llm-loadgate'))!;
    const v = { ...values, 'steps.judge.outputs.dir': judge.outputs.dir! };
    expect(expand(step.if!.replace(/^\$\{\{|\}\}$/g, ''), v)).toContain("github.event_name == 'pull_request'");
    const inputs = Object.fromEntries(Object.entries(step.with!).map(([k, x]) => [k, expand(String(x), v)]));
    const res = await runStep({ cwd: user, event: 'pull_request', pr: PR, repo: REPO, apiUrl: gh.url, inputs });
    expect(res.main.code, res.main.stdout + res.main.stderr).toBe(0);
    expect(res.outputs.verdict).toBe('commented');
    const mine = gh.commentsOn(PR, REPO).filter((c) => c.body.includes(commentMarker('default')));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain('### Shards');
  });

  it('a shard whose artifact is missing: the judge names it and exits 3', async () => {
    rmSync(join(user, 'artifacts', 'loadgate-shard-2'), { recursive: true, force: true });
    const r = await runJudge();
    expect(r.code, r.stderr).toBe(0); // the step records the code; the last step exits with it
    expect(r.outputs.code).toBe('3');
    expect(r.stderr).toMatch(/the sharded run is invalid:\n {2}- shard 2\/3 is missing/);
    expect(readFileSync(join(user, r.outputs.dir!, 'summary.md'), 'utf8')).toMatch(/Sharded run invalid: not judged/);
  });
});
