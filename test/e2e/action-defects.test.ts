/**
 * Issue 11's six defects, each run end to end the way the GitHub runner runs the action (see
 * test/helpers/action-runner.ts: dist/index.js by default, the sources with LOADGATE_E2E_FROM=src),
 * against the simulator or a small scripted endpoint on 127.0.0.1 and the fake GitHub API.
 * Runs are short (each spawn a second or two): a 0.5 s baseline, steps of 1 s of at least 10
 * requests, or a long level cut by SIGINT once the log shows it started; readiness timeouts of 1 s.
 * The tests are independent (own directories, own fake GitHub where they count its requests; the
 * shared simulator only serves load whose verdict no test judges), so they run concurrently
 * (describe.concurrent): most of a spawn's time is waiting on the real clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, actionDefaults, cliCommand, exec, freePort, runStep, type StepRun } from '../helpers/action-runner.js';
import { runAction, type ActionContext, type ActionIO } from '../../src/action/run.js';
import { readInputs } from '../../src/action/inputs.js';
import { UserError } from '../../src/util/errors.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { startSimProcess, type SimProcess } from '../helpers/sim-process.js';
import { commentMarker } from '../../src/action/github.js';

const TOKEN = 'ghs_defectsTOKEN0123456789abcdefXYZ';
const GATE = 'defects';
const REPO = 'acme/widgets';
const PR = 11;

const config = (levels: number[], levelDuration: string): string => `name: ${GATE}
target:
  model: tiny
workload:
  prompt: Say hello in five words.
  max_tokens: 16
  ignore_eos: true
warmup:
  requests: 2
baseline:
  rate: 4
  duration: 500ms
saturation:
  strategy: steps
  levels: [${levels.join(', ')}]
  level_duration: ${levelDuration}
  stop_at_first_saturated: false
  min_requests: 10
  criteria:
    ttft_p99_factor: 10
    ttft_min_increase_ms: 1000
sla_validation:
  duration: 500ms
sla:
  ttft_p99_ms: 2000
# Wide tolerances: these runs test what the action says, not the verdict, so no re-measurement.
tolerances:
  saturation_rps: 0.9
  ttft_p99_ms: 1
  itl_p99_ms: 1
  cost_per_million_tokens: 1
  error_rate: 0.9
# What the action says must not hinge on a busy machine: a level is not invalid for send lag here.
run:
  max_send_lag_ms: 1000
`;

let work: string;
let sim: SimProcess;
let gh: FakeGitHub;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'loadgate-defects-'));
  writeFileSync(join(work, 'fast.yml'), config([12, 18], '1s'));
  // One long saturation level: the run is cancelled inside it.
  writeFileSync(join(work, 'long.yml'), config([4], '60s'));
  sim = await startSimProcess({ profile: 'tiny', speedup: 3 });
  gh = await startFakeGitHub({ token: TOKEN, defaultRepo: REPO });
});

afterAll(async () => {
  await sim?.close();
  await gh?.close();
  if (work && !process.env.LOADGATE_E2E_KEEP) rmSync(work, { recursive: true, force: true });
});

const lastLine = (r: StepRun): string => r.lines.at(-1) ?? '';
const detail = (r: StepRun): string => `exit ${r.main.code}\n--- stdout\n${r.main.stdout.slice(-4000)}\n--- stderr\n${r.main.stderr.slice(-2000)}`;
const ALL_OUTPUTS = ['verdict', 'saturation-rps', 'ttft-p99-ms', 'cost-per-million-tokens', 'results-dir', 'baseline-path'];

/** SIGINT (as the runner's cancel does) once the log shows the saturation level has started. */
const cancelInSaturation = (out: string, child: import('node:child_process').ChildProcess): void => {
  if (!/^baseline: /m.test(out) || cancelling.has(child)) return;
  cancelling.add(child);
  // A second into the 60 s level, so it has surely started.
  setTimeout(() => {
    if (child.exitCode === null) child.kill('SIGINT');
  }, 1000);
};
const cancelling = new WeakSet<object>();

describe.concurrent('defect 1: a target that is down sets verdict not_ready (and every other output)', () => {
  it('target-url down', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const r = await runStep({ cwd: work, inputs: { config: 'fast.yml', 'target-url': `http://127.0.0.1:${port}`, 'readiness-timeout': '1s', mode: 'record' } });
    expect(r.main.code, detail(r)).toBe(1);
    expect(r.outputs.verdict).toBe('not_ready');
    for (const name of ALL_OUTPUTS) expect(Object.keys(r.outputs), name).toContain(name);
    expect(r.outputs['results-dir']).toBe('');
    expect(r.summary).toContain('not ready');
    // The verdict is the last line, with what the probe got, in the user's terms.
    expect(lastLine(r)).toMatch(
      /^::error::endpoint not ready after 1 s polling http:\/\/127\.0\.0\.1:\d+\/v1\/models \(last: .*ECONNREFUSED.*\).*readiness-timeout.* — llm-loadgate verdict: not_ready$/,
    );
    expect(existsSync(join(work, 'baselines', `${GATE}.json`))).toBe(false);
  });

  // In process (src/action/run.ts, as main.ts calls it): the same outputs and failure, the
  // fake GitHub untouched; how main.ts prints a failure is the test above.
  it('baseline-url down (live compare, in process)', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const outputs: Record<string, string> = {};
    const io: ActionIO = {
      info: () => {},
      warning: () => {},
      setSecret: () => {},
      setOutput: (n, v) => void (outputs[n] = v),
      saveState: () => {},
      writeSummary: async () => true,
    };
    const inputs: Record<string, string> = {
      ...actionDefaults(),
      config: join(work, 'fast.yml'),
      'target-url': sim.url,
      'baseline-url': `http://127.0.0.1:${port}`,
      'readiness-timeout': '1s',
      mode: 'compare',
      'github-token': TOKEN,
    };
    // Its own fake GitHub: the other tests of this file run alongside and post to the shared one.
    const local = await startFakeGitHub({ token: TOKEN, defaultRepo: REPO });
    try {
      const ctx: ActionContext = { eventName: 'pull_request', owner: 'acme', repo: 'widgets', prNumber: PR, apiUrl: local.url };
      const outcome = await runAction(
        readInputs((n) => inputs[n] ?? ''),
        ctx,
        io,
        new AbortController().signal,
      );
      expect(outcome.verdict).toBe('not_ready');
      expect(outputs.verdict).toBe('not_ready');
      for (const name of ALL_OUTPUTS) expect(Object.keys(outputs), name).toContain(name);
      expect(outcome.failure).toMatch(/^baseline-url http:\/\/127\.0\.0\.1:\d+ not ready after 1 s /);
      // Nothing measured: no comment replaces a real report.
      expect(local.requests.filter((q) => q.method !== 'GET')).toHaveLength(0);
    } finally {
      await local.close();
    }
  });
});

describe.concurrent('defect 2: bad deploy-command is a user error with a clear message, not "internal error"', () => {
  // In process (src/action/run.ts with the inputs as main.ts reads them): the error is a user
  // error (ConfigError/UsageError, which main.ts prints as one ::error:: line) with that message.
  it.each([
    { what: 'a shell operator', cmd: 'node server.js | tee server.log', want: /deploy-command: shell syntax "\|" at character 16 is not supported/ },
    { what: 'bad JSON', cmd: '["node", "server.js"', want: /deploy-command starts with "\[" but is not valid JSON/ },
  ])('$what (in process)', async ({ cmd, want }) => {
    const inputs = { ...actionDefaults(), config: join(work, 'fast.yml'), 'target-url': 'http://127.0.0.1:9', 'deploy-command': cmd, 'readiness-timeout': '1s' };
    const io: ActionIO = { info: () => {}, warning: () => {}, setSecret: () => {}, setOutput: () => {}, saveState: () => {}, writeSummary: async () => true };
    const ctx: ActionContext = { eventName: 'push', owner: 'acme', repo: 'widgets', apiUrl: 'http://127.0.0.1:9' };
    const err = await runAction(
      readInputs((n) => (inputs as Record<string, string>)[n] ?? ''),
      ctx,
      io,
      new AbortController().signal,
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err, 'runAction should refuse the deploy-command').toBeInstanceOf(Error);
    expect(err!.message).toMatch(want);
    expect(err).toBeInstanceOf(UserError); // what main.ts prints as its message alone, never "internal error"
  });

  // End to end through the bundle: one ::error::, no "internal error", no stack trace.
  it.each([
    { what: 'a missing program', cmd: '["no-such-program-loadgate-xyz", "--port", "8000"]', want: /cannot start "no-such-program-loadgate-xyz": not found or not executable/ },
  ])('$what', { timeout: 30_000 }, async ({ cmd, want }) => {
    const r = await runStep({ cwd: work, inputs: { config: 'fast.yml', 'target-url': 'http://127.0.0.1:9', 'deploy-command': cmd, 'readiness-timeout': '1s' } });
    expect(r.main.code, detail(r)).toBe(1);
    const errors = r.lines.filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(want);
    expect(r.main.stdout).not.toMatch(/internal error/);
    // No stack trace anywhere, debug log included.
    expect(r.main.stdout + r.main.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('the config input, not a --config flag, is named when the file is missing', { timeout: 30_000 }, async () => {
    const r = await runStep({ cwd: work, inputs: { config: 'no-such.yml', model: 'tiny' } });
    expect(r.main.code, detail(r)).toBe(1);
    expect(lastLine(r)).toMatch(/^::error::input config \(no-such\.yml\): 1 problem:.*check the config input/);
    expect(r.main.stdout).not.toMatch(/--config|flags:/);
    const noModel = await runStep({ cwd: work, inputs: { 'target-url': sim.url } });
    expect(lastLine(noModel)).toMatch(/^::error::action inputs: 1 problem:.*target\.model is required.*or set the model input/);
    expect(noModel.main.stdout).not.toMatch(/--model|flags:/);
    const badPath = await runStep({ cwd: work, inputs: { 'target-url': sim.url, model: 'tiny', 'readiness-path': 'health' } });
    expect(lastLine(badPath)).toMatch(/^::error::llm-loadgate: 1 problem with the inputs:.*input readiness-path: "health" must start with "\/"/);
  });
});

/**
 * An endpoint whose probe and first completion work, and every later completion fails: the
 * readiness and honesty checks pass, then the warmup finds the endpoint down.
 */
async function failAfterFirst(): Promise<{ url: string; completions: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'tiny', object: 'model' }] }));
        return;
      }
      n++;
      if (n > 1) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'CUDA out of memory' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'tiny', choices: [{ index: 0, delta: { content: 'Hello' } }] })}\n\n`);
      res.write(
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'tiny', choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, completions: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

describe.concurrent('defect 3: a record run that fails is never "recorded"', () => {
  it('the warmup fails: verdict endpoint_down, no baseline written', { timeout: 60_000 }, async () => {
    const ep = await failAfterFirst();
    try {
      const r = await runStep({ cwd: work, inputs: { config: 'fast.yml', 'target-url': ep.url, mode: 'record', 'readiness-timeout': '5s' } });
      expect(r.main.code, detail(r)).toBe(1);
      expect(r.outputs.verdict).toBe('endpoint_down');
      expect(r.outputs['baseline-path']).toBe('');
      expect(existsSync(join(work, 'baselines', `${GATE}.json`))).toBe(false);
      expect(ep.completions()).toBeGreaterThan(1);
      expect(lastLine(r)).toMatch(/^::error::.* — llm-loadgate verdict: endpoint_down$/);
    } finally {
      await ep.close();
    }
  });

  it('cancelled mid-run: verdict cancelled, no baseline written, the cut-short level not called saturated', { timeout: 90_000 }, async () => {
    const r = await runStep({ cwd: work, inputs: { config: 'long.yml', 'target-url': sim.url, mode: 'record' }, onOutput: cancelInSaturation });
    expect(r.main.code, detail(r)).toBe(1);
    expect(r.outputs.verdict).toBe('cancelled');
    expect(r.outputs['baseline-path']).toBe('');
    expect(existsSync(join(work, 'baselines', `${GATE}.json`))).toBe(false);
    expect(r.main.stdout).toMatch(/^sat-1: .* — cut short by cancellation \(not judged\)$/m);
    expect(r.main.stdout).not.toMatch(/^sat-1: .*saturated/m);
    expect(r.summary).not.toMatch(/\| sat-1 .*saturated/);
    expect(lastLine(r)).toMatch(/^::error::cancelled: partial results in .*; no baseline was written — llm-loadgate verdict: cancelled$/);
  });
});

describe.concurrent('defect 4: a cancelled compare run leaves the pull-request comment alone', () => {
  it('no POST or PATCH; the earlier report stays as it was', { timeout: 90_000 }, async () => {
    const local = await startFakeGitHub({
      token: TOKEN,
      defaultRepo: REPO,
      comments: [{ body: `${commentMarker(GATE)}\n## llm-loadgate · ${GATE}: ✅ pass\n\nthe last real report`, issue: PR }],
    });
    try {
      const before = local.commentsOn(PR, REPO)[0]!.body;
      const r = await runStep({
        cwd: work,
        event: 'pull_request',
        pr: PR,
        apiUrl: local.url,
        inputs: { config: 'long.yml', 'target-url': sim.url, mode: 'compare', 'github-token': TOKEN },
        onOutput: cancelInSaturation,
      });
      expect(r.main.code, detail(r)).toBe(1);
      expect(r.outputs.verdict).toBe('cancelled');
      expect(local.requests.filter((q) => q.method !== 'GET')).toEqual([]);
      expect(local.commentsOn(PR, REPO)).toHaveLength(1);
      expect(local.commentsOn(PR, REPO)[0]!.body).toBe(before);
      expect(r.main.stdout, detail(r)).toContain('cancelled: the pull-request comment is left as it was');
      expect(lastLine(r)).toMatch(/ — llm-loadgate verdict: cancelled$/);
      // The fork-safe path (mode: comment on the uploaded run directory) does not post it either.
      const dir = resolve(work, r.outputs['results-dir']!);
      expect(JSON.parse(readFileSync(join(dir, 'comment.json'), 'utf8'))).toMatchObject({ name: GATE, pr: PR, cancelled: true });
      const posted = await runStep({ cwd: work, event: 'workflow_run', apiUrl: local.url, inputs: { mode: 'comment', report: dir, 'github-token': TOKEN } });
      expect(posted.main.code, detail(posted)).toBe(0);
      expect(posted.outputs.verdict).toBe('cancelled');
      expect(local.requests.filter((q) => q.method !== 'GET')).toEqual([]);
      expect(local.commentsOn(PR, REPO)[0]!.body).toBe(before);
    } finally {
      await local.close();
    }
  });
});

describe.concurrent("defects 5 and 6: a compare run whose loads differ from the baseline's", () => {
  it('the chart shows measured points only; levels, operating point and headline read right', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(work, 'chart-'));
    // Levels of 1 s and at least 10 requests (min_requests 10), at loads the two runs do not share.
    writeFileSync(join(dir, 'record.yml'), config([12, 24], '1s'));
    writeFileSync(join(dir, 'compare.yml'), config([14, 20], '1s'));
    const rec = await runStep({ cwd: dir, inputs: { config: 'record.yml', 'target-url': sim.url, mode: 'record' } });
    expect(rec.main.code, detail(rec)).toBe(0);
    expect(rec.outputs.verdict).toBe('recorded');
    expect(lastLine(rec)).toMatch(/^baseline written to baselines\/defects\.json — llm-loadgate verdict: recorded$/);
    const cmp = await runStep({
      cwd: dir,
      event: 'pull_request',
      pr: PR,
      apiUrl: gh.url,
      inputs: { config: 'compare.yml', 'target-url': sim.url, mode: 'compare', 'github-token': TOKEN },
    });
    expect([0, 1], detail(cmp)).toContain(cmp.main.code);
    const md = readFileSync(resolve(dir, cmp.outputs['results-dir']!, 'summary.md'), 'utf8');
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(charts.length, md).toBeGreaterThan(0);
    // Every chart is one run's: its x axis holds only loads that run measured, one value per load.
    const baselineLoads = (JSON.parse(readFileSync(join(dir, 'baselines', `${GATE}.json`), 'utf8')) as { curve: { offered: number }[] }).curve.map((p) => p.offered);
    const xs = (c: string): number[] =>
      [
        ...c
          .slice(c.indexOf('x-axis'))
          .split('\n')[0]!
          .matchAll(/"([\d.]+)"/g),
      ].map((m) => Number(m[1]));
    for (const c of charts) {
      const title = /title "(.*)"/.exec(c)![1]!;
      const own = title.startsWith('Baseline') ? baselineLoads : [14, 20];
      expect(title, md).toMatch(/^(Baseline|This PR): /);
      expect(
        xs(c).every((x) => own.includes(x)),
        `${title}: ${xs(c).join(', ')} not all in ${own.join(', ')}`,
      ).toBe(true);
      const lines = c.split('\n').filter((l) => l.trim().startsWith('line ['));
      expect(lines).toHaveLength(1);
      expect(lines[0]!.split(',')).toHaveLength(xs(c).length);
    }
    // Defect 6: the operating point is logged by its SLA, never as "saturated".
    expect(cmp.main.stdout).toMatch(/^op(erating[-_ ]point)?[^\n]*: offered .* — operating point: SLA (pass|FAIL)$/m);
    expect(cmp.main.stdout).not.toMatch(/^op[^\n]*saturated/m);
    // The headline's saturation figure and its bracket's lower end are the same number, same rounding.
    const head = /Saturation: \*\*([\d.]+) req\/s\*\* \((?:bracket \[|not saturated up to )([\d.]+)/.exec(
      readFileSync(resolve(dir, cmp.outputs['results-dir']!, 'report.md'), 'utf8'),
    );
    if (head) expect(Number(head[1])).toBe(Number(head[2]));
    // The last line is the verdict, whatever happened before (re-measuring included).
    expect(lastLine(cmp)).toMatch(/llm-loadgate verdict: (pass|regression|improvement|inconclusive)$/);
  });
});

/**
 * The example workflows as a user of `uses: org/llm-loadgate@v1` runs them: in a directory that is
 * not this repository (a temp dir standing for the user's checkout, with its own loadgate.yml),
 * each workflow's action step run with its `with:` exactly as written (only port 8000 moved to a
 * free port), the artifact steps done by copying files as upload/download-artifact would.
 */
describe.concurrent('example workflows, run from outside the repository', () => {
  type Step = { id?: string; uses?: string; with?: Record<string, string>; if?: string; run?: string };
  const stepsOf = (file: string): Step[] => {
    const wf = parseYaml(readFileSync(join(ROOT, 'examples', file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
    return Object.values(wf.jobs)[0]!.steps;
  };
  const actionStep = (steps: Step[]): Step => {
    const s = steps.find((x) => x.uses?.startsWith('org/llm-loadgate@'));
    if (!s) throw new Error('no org/llm-loadgate@ step');
    // Only what a user has: the action, actions/*, git and gh — never this repository's dist/ or npm scripts.
    for (const x of steps) expect(`${x.uses ?? ''} ${x.run ?? ''} ${JSON.stringify(x.with ?? {})}`).not.toMatch(/dist\/|npm (ci|run)|node /);
    return s;
  };
  /** The step's inputs with port 8000 moved and ${{ }} expressions a test gives values for replaced. */
  const inputsOf = (s: Step, port: number, values: Record<string, string> = {}): Record<string, string> =>
    Object.fromEntries(
      Object.entries(s.with ?? {}).map(([k, v]) => [
        k,
        String(v)
          .replace(/8000/g, String(port))
          .replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => values[e] ?? ''),
      ]),
    );

  const USER_CONFIG = `name: user-gate
target:
  model: meta-llama/Llama-3.1-8B-Instruct
workload:
  prompt: Say hello in five words.
  max_tokens: 16
warmup:
  requests: 2
baseline:
  rate: 4
  duration: 500ms
saturation:
  strategy: steps
  levels: [8]
  level_duration: 1s
  min_requests: 8
sla_validation:
  duration: 500ms
sla:
  ttft_p99_ms: 5000
`;

  it('loadgate-pr.yml then loadgate-comment.yml: the fork-safe comment lands on the pull request', { timeout: 120_000 }, async () => {
    const user = mkdtempSync(join(tmpdir(), 'loadgate-user-'));
    const local = await startFakeGitHub({ token: TOKEN, defaultRepo: REPO });
    try {
      writeFileSync(join(user, 'loadgate.yml'), USER_CONFIG);
      const port = await freePort();
      const pr = stepsOf('loadgate-pr.yml');
      const gate = actionStep(pr);
      expect(gate.with?.['deploy-command']).toMatch(/^llm-loadgate sim /);
      // A fork pull request: read-only token, so the comment must come from the second workflow.
      local.readOnly = true;
      const run = await runStep({ cwd: user, event: 'pull_request', pr: PR, apiUrl: local.url, post: true, inputs: { ...inputsOf(gate, port), 'github-token': TOKEN } });
      expect(run.main.code, detail(run)).toBe(0);
      expect(run.outputs.verdict).toBe('done'); // no baseline yet: the run says so and passes
      expect(run.main.stdout).toMatch(/^::warning::.*HTTP 403.*fork/m);
      expect(run.main.stdout).not.toMatch(/^::error::/m);
      expect(run.summary).toContain('### Target readiness');
      // The comment was tried (and refused), none was made.
      expect(local.requests.some((r) => r.method === 'POST' && r.path === `/repos/${REPO}/issues/${PR}/comments`)).toBe(true);
      expect(local.comments).toHaveLength(0);
      expect(run.post?.code, run.post?.stdout).toBe(0);
      expect(run.post?.stdout).toContain('stopped the deploy-command process group');
      // upload-artifact: the files its `path:` lists, flattened to their common directory.
      const upload = pr.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
      const artifact = join(user, 'artifact');
      mkdirSync(artifact);
      for (const p of String(upload.with!.path)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)) {
        const file = join(user, p.replace('${{ steps.gate.outputs.results-dir }}', run.outputs['results-dir']!));
        copyFileSync(file, join(artifact, basename(file)));
      }
      expect(JSON.parse(readFileSync(join(artifact, 'comment.json'), 'utf8'))).toMatchObject({ name: 'user-gate', pr: PR });

      // The comment workflow, in another fresh directory, with a write token.
      local.readOnly = false;
      const trusted = mkdtempSync(join(tmpdir(), 'loadgate-trusted-'));
      const comment = stepsOf('loadgate-comment.yml');
      const download = comment.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
      cpSync(artifact, join(trusted, download.with!.path!), { recursive: true });
      const post = actionStep(comment);
      const res = await runStep({ cwd: trusted, event: 'workflow_run', apiUrl: local.url, inputs: { ...inputsOf(post, port), 'github-token': TOKEN } });
      expect(res.main.code, detail(res)).toBe(0);
      expect(res.outputs.verdict).toBe('commented');
      const mine = local.commentsOn(PR, REPO).filter((c) => c.body.includes(commentMarker('user-gate')));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.body).toContain(readFileSync(join(artifact, 'summary.md'), 'utf8').slice(0, 40));
      expect(lastLine(res)).toMatch(/llm-loadgate verdict: commented$/);
      rmSync(trusted, { recursive: true, force: true });
    } finally {
      await local.close();
      rmSync(user, { recursive: true, force: true });
    }
  });

  it('loadgate-baseline.yml: records the baseline, then its script commits it to a branch and opens a pull request', { timeout: 120_000 }, async () => {
    const user = mkdtempSync(join(tmpdir(), 'loadgate-user-'));
    try {
      const git = (...args: string[]): string =>
        execFileSync('git', args, {
          cwd: user,
          encoding: 'utf8',
          env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
        });
      writeFileSync(join(user, 'loadgate.yml'), USER_CONFIG);
      execFileSync('git', ['init', '-q', '--bare', join(user, '.remote.git')]);
      git('init', '-q', '-b', 'main');
      writeFileSync(join(user, '.gitignore'), 'loadgate-results/\n.runner/\n.remote.git/\nbin/\n');
      git('add', '.');
      git('commit', '-qm', 'init');
      git('remote', 'add', 'origin', join(user, '.remote.git'));
      const port = await freePort();
      const steps = stepsOf('loadgate-baseline.yml');
      const run = await runStep({ cwd: user, event: 'push', post: true, inputs: inputsOf(actionStep(steps), port) });
      expect(run.main.code, detail(run)).toBe(0);
      expect(run.outputs.verdict).toBe('recorded');
      expect(existsSync(join(user, 'baselines', 'user-gate.json'))).toBe(true);
      // The script step, with gh stubbed (it records its arguments) and the runner's expressions filled in.
      const script = steps.find((s) => s.run)!;
      expect(script.if).toBe("steps.gate.outputs.verdict == 'recorded'");
      mkdirSync(join(user, 'bin'));
      writeFileSync(join(user, 'bin', 'gh'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(user, 'gh-args.txt')}"\n`, { mode: 0o755 });
      const values: Record<string, string> = {
        'github.run_id': '42',
        'github.sha': 'a'.repeat(40),
        'github.token': 'x',
        'steps.gate.outputs.saturation-rps': run.outputs['saturation-rps']!,
      };
      const body = script.run!.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => values[e] ?? '');
      execFileSync('bash', ['-e', '-c', body], { cwd: user, stdio: 'pipe', env: { ...process.env, PATH: `${join(user, 'bin')}:${process.env.PATH}` } });
      expect(execFileSync('git', ['--git-dir', join(user, '.remote.git'), 'ls-tree', '-r', '--name-only', 'loadgate/baseline-42'], { encoding: 'utf8' })).toContain(
        'baselines/user-gate.json',
      );
      expect(readFileSync(join(user, 'gh-args.txt'), 'utf8')).toContain('--head\nloadgate/baseline-42');
    } finally {
      rmSync(user, { recursive: true, force: true });
    }
  });

  it('the npm package: the packed tarball, unpacked in an empty directory, runs --help and a load against the simulator', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-pack-'));
    try {
      const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as {
        filename: string;
        files: { path: string }[];
      }[];
      const files = packed[0]!.files.map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(['bin/llm-loadgate.js', 'dist/cli.js', 'package.json', 'README.md']));
      expect(files.filter((f) => /^(src|test|node_modules)\//.test(f))).toEqual([]);
      // What `npm install` puts in node_modules/llm-loadgate (dependencies are bundled into dist/cli.js).
      const app = join(dir, 'app');
      const pkgDir = join(app, 'node_modules', 'llm-loadgate');
      mkdirSync(pkgDir, { recursive: true });
      execFileSync('tar', ['-xzf', join(dir, packed[0]!.filename), '-C', pkgDir, '--strip-components=1']);
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { private?: boolean; bin: Record<string, string> };
      expect(pkg.private).toBeUndefined();
      const bin = join(pkgDir, pkg.bin['llm-loadgate']!);
      const help = await exec([bin, '--help'], { PATH: process.env.PATH ?? '' }, app, 30_000);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^llm-loadgate <command>/);
      const load = await exec(
        [bin, 'load', '--target', sim.url, '--model', 'tiny', '--rate', '3', '--duration', '1s', '--max-tokens', '8', '--out', 'out'],
        { PATH: process.env.PATH ?? '', HOME: dir },
        app,
        60_000,
      );
      expect(load.code, `${load.stdout}\n${load.stderr}`).toBe(0);
      expect(existsSync(join(app, 'out'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.concurrent('llm-loadgate comment (the CLI) reads the gate name and pull request from the run directory', () => {
  it('posts the report of a run directory with comment.json, without --pr or --name; bad input is a usage error', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-cli-comment-'));
    const local = await startFakeGitHub({ token: TOKEN, defaultRepo: REPO });
    try {
      const run = join(dir, 'run');
      mkdirSync(run);
      writeFileSync(join(run, 'summary.md'), '## llm-loadgate · cli-gate: ✅ pass\n\nfrom the CLI\n');
      writeFileSync(join(run, 'comment.json'), JSON.stringify({ name: 'cli-gate', pr: 5 }));
      const env = { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_TOKEN: TOKEN };
      const ok = await exec([...cliCommand(), 'comment', '--file', run, '--repo', REPO, '--api-url', local.url], env, dir, 30_000);
      expect(ok.code, `${ok.stdout}\n${ok.stderr}`).toBe(0);
      expect(ok.stdout).toMatch(/^comment created/);
      const mine = local.commentsOn(5, REPO);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.body.startsWith(`${commentMarker('cli-gate')}\n`)).toBe(true);
      // No comment.json and no --pr: a usage error naming the flag (exit 2), no request sent.
      writeFileSync(join(dir, 'other.md'), 'x');
      const before = local.requests.length;
      const bad = await exec([...cliCommand(), 'comment', '--file', join(dir, 'other.md'), '--repo', REPO, '--api-url', local.url], env, dir, 30_000);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--pr "": expected a pull-request number \(or a comment\.json beside the report\)/);
      expect(bad.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(local.requests.length).toBe(before);
    } finally {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
