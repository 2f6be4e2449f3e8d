/**
 * The bundled action end to end, run the way the GitHub runner runs it: `node dist/index.js` with
 * INPUT_* variables, an event file, GITHUB_STEP_SUMMARY / GITHUB_OUTPUT / GITHUB_STATE files and
 * GITHUB_API_URL pointing at the fake GitHub server; then `node dist/post.js` with the saved
 * state as STATE_* variables. The endpoint is the built-in simulator, started by deploy-command.
 *
 * One sequence (tests share state and run in order):
 *   1. push, mode auto → records baselines/e2e.json (healthy simulator: 4 replicas).
 *   2. pull_request #7 that already has our comment from an earlier run, degraded simulator
 *      (1 replica: a quarter of the capacity) → regression, exit 1, ::error:: with the sentence,
 *      output verdict=regression, the comment updated in place (creating one when there is none is
 *      tested in process: test/action/github.test.ts).
 *   3. the canary API key appears nowhere (outputs, files, requests to GitHub); the token only in
 *      authorization headers.
 * After every run, post.js must run the teardown-command and stop the deployed process group.
 * The record run draws report.html's charts and plots/*.png, so the chunks the bundle loads only
 * when drawing (vega, resvg) are shown to load from dist/; the other run skips them (LOADGATE_CHARTS=off).
 * (A fork pull request's read-only token — 403, a ::warning::, exit 0 — runs through the bundle in
 * test/e2e/action-defects.test.ts, as the example loadgate-pr.yml workflow.)
 *
 * What the verdict decides for identical, better or worse endpoints is the verdict's own business,
 * tested on virtual time (test/verdict, test/unit-gate); here only what the bundle and the runner
 * add is checked, with short levels (1.5 s, at least 6 requests) and a capacity drop far beyond any
 * noise, so every run takes seconds.
 *
 * Needs dist/ built (npm run build); LOADGATE_E2E_FROM=src runs src/ through scripts/ts-hooks.ts
 * instead (to try changes before a rebuild).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { commentMarker } from '../../src/action/github.js';
import { groupRunning } from '../../src/target/command.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const NODE = process.execPath;
const TOKEN = 'ghs_e2eTOKEN0123456789abcdefghijXYZ';
const API_KEY = `sk-canary-${Math.random().toString(36).slice(2, 10)}-e2e`;
const REPO = 'acme/widgets';
const PR = 7;
const GATE = 'e2e';

/**
 * The simulator: the tiny profile at a quarter speed (ITL ~9 ms), 4 replicas when healthy, 1 when
 * degraded. With the fixed prompt below (15 tokens, 32 out) estimateCapacity gives 61 req/s per
 * replica at full speed, so ~15 req/s degraded and ~61 healthy: the degraded endpoint holds the
 * first level (6 req/s, 40 % busy) and saturates at the second (40 req/s, it can serve at most
 * 37 % of it, far under the 50 % the criterion asks), the healthy one serves
 * both, so the saturation figure drops from 40 to 6 whatever the machine's noise (a borderline
 * figure is re-measured at 38 req/s, which the degraded endpoint cannot hold). Low rates
 * keep the load generator busy for little CPU. No SLA validation (so no operating point whose
 * latency, near a degraded endpoint's knee, would be re-measured over 200 requests), the TTFT
 * criterion and the send-lag check out of the way: what latency changes mean is the verdict's
 * business, tested on virtual time; here a level's verdict must not hinge on a busy machine.
 */
const HEALTHY = ['--replicas', '4', '--speedup', '0.25'];
const DEGRADED = ['--replicas', '1', '--speedup', '0.25'];

const CONFIG = `name: ${GATE}
target:
  model: tiny
workload:
  prompt: Say something about load testing, in a few words please.
  max_tokens: 32
  ignore_eos: true
warmup:
  requests: 2
baseline:
  rate: 4
  duration: 1s
saturation:
  strategy: steps
  levels: [6, 40]
  arrival: constant
  level_duration: 1500ms
  min_requests: 6
  criteria:
    # A level this short, on a busy machine, can read well under its offered rate even when served
    # in full (a healthy 20 req/s level read < 85 % under a load average of 8); the degraded
    # endpoint serves at most 37 % of 40 req/s, the healthy one (61 req/s) all of it.
    min_achieved_ratio: 0.5
    ttft_p99_factor: 10
    ttft_min_increase_ms: 1000
sla_validation:
  enabled: false
sla:
  ttft_p99_ms: 2000
run:
  max_send_lag_ms: 1000
  # What a saturated level left queued is cut after 1 s (counted incomplete) instead of served out.
  drain: 1s
`;

const FROM_SRC = process.env.LOADGATE_E2E_FROM === 'src';

/** The node arguments that run a bundle (or, with LOADGATE_E2E_FROM=src, its sources). */
function entry(bundle: 'index.js' | 'post.js' | 'cli.js'): string[] {
  if (!FROM_SRC) return [join(DIST, bundle)];
  const src = { 'index.js': 'src/action/main.ts', 'post.js': 'src/action/post.ts', 'cli.js': 'src/cli/index.ts' }[bundle];
  const hooks = pathToFileURL(join(ROOT, 'scripts', 'ts-hooks.ts')).href;
  const code = `import { runTsSources } from ${JSON.stringify(hooks)}; runTsSources(); await import(${JSON.stringify(pathToFileURL(join(ROOT, src)).href)});`;
  // '_' stands where a script path would be, so the program's own arguments start at argv[2].
  return ['--no-warnings', '--input-type=module', '-e', code, '_'];
}

interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface ActionRun {
  label: string;
  main: Proc;
  post: Proc;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  port: number;
  teardownMarker?: string;
  seconds: number;
}

let work: string;
let gh: FakeGitHub;
const runs: ActionRun[] = [];
const deployedPids = new Set<number>();

beforeAll(async () => {
  for (const f of FROM_SRC ? [] : ['index.js', 'post.js', 'cli.js']) {
    if (!existsSync(join(DIST, f))) throw new Error(`dist/${f} is missing: run npm run build first (or set LOADGATE_E2E_FROM=src)`);
  }
  work = mkdtempSync(join(tmpdir(), 'loadgate-e2e-'));
  writeFileSync(join(work, 'loadgate.yml'), CONFIG);
  gh = await startFakeGitHub({ token: TOKEN, defaultRepo: REPO });
});

afterAll(async () => {
  // Whatever happened, leave no simulator behind (only the groups this file deployed).
  for (const pid of deployedPids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await gh?.close();
  if (work && !process.env.LOADGATE_E2E_KEEP) rmSync(work, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => res(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function answers(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('error', () => res(false));
    sock.once('timeout', () => {
      sock.destroy();
      res(false);
    });
  });
}

function exec(args: string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<Proc> {
  return new Promise((res) => {
    const child = spawn(NODE, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (name<<delimiter … delimiter, or name=value). */
function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** GitHub's escaping of a workflow command's message (what core.setFailed / core.warning print). */
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

interface RunOptions {
  label: string;
  event: 'push' | 'pull_request';
  fork?: boolean;
  /** Simulator flags after the port, e.g. ['--speedup', '1']. */
  sim: string[];
  config?: string;
  mode?: string;
  teardown?: boolean;
  github?: FakeGitHub;
  /** Draw report.html's charts and plots/*.png (the bundle's lazily loaded vega and resvg chunks); off otherwise, as LOADGATE_CHARTS=off. */
  charts?: boolean;
}

/** Runs main then post, like the runner: fresh command files, state handed over as STATE_*. */
async function runAction(o: RunOptions): Promise<ActionRun> {
  const started = Date.now();
  const port = await freePort();
  const dir = join(work, 'runner', o.label);
  mkdirSync(dir, { recursive: true });
  const files = { event: join(dir, 'event.json'), summary: join(dir, 'summary.md'), output: join(dir, 'output.txt'), state: join(dir, 'state.txt') };
  const payload =
    o.event === 'pull_request'
      ? {
          action: 'synchronize',
          number: PR,
          pull_request: {
            number: PR,
            head: { ref: 'feature', sha: 'b'.repeat(40), repo: { full_name: o.fork ? 'someone/widgets' : REPO, fork: Boolean(o.fork) } },
            base: { ref: 'main', sha: 'a'.repeat(40), repo: { full_name: REPO, fork: false } },
          },
          repository: { full_name: REPO, name: 'widgets', owner: { login: 'acme' } },
        }
      : { ref: 'refs/heads/main', after: 'a'.repeat(40), repository: { full_name: REPO, name: 'widgets', owner: { login: 'acme' } } };
  writeFileSync(files.event, JSON.stringify(payload));
  for (const f of [files.summary, files.output, files.state]) writeFileSync(f, '');
  const teardownMarker = o.teardown ? join(dir, 'teardown-ran.txt') : undefined;
  const deploy = JSON.stringify([NODE, ...entry('cli.js'), 'sim', '--port', String(port), '--profile', 'tiny', ...o.sim]);
  const teardown = teardownMarker ? JSON.stringify([NODE, '-e', "require('node:fs').writeFileSync(process.argv[1], 'torn down')", teardownMarker]) : '';
  const api = (o.github ?? gh).url;

  const inputs: Record<string, string> = {
    INPUT_CONFIG: o.config ?? 'loadgate.yml',
    'INPUT_TARGET-URL': `http://127.0.0.1:${port}`,
    'INPUT_API-KEY': API_KEY,
    INPUT_MODE: o.mode ?? 'auto',
    'INPUT_DEPLOY-COMMAND': deploy,
    'INPUT_TEARDOWN-COMMAND': teardown,
    'INPUT_READINESS-TIMEOUT': '30s',
    'INPUT_READINESS-PATH': '/v1/models',
    'INPUT_FAIL-ON-REGRESSION': 'true',
    'INPUT_FAIL-ON-INCONCLUSIVE': 'false',
    INPUT_COMMENT: 'true',
    'INPUT_COMMENT-ON': 'always',
    'INPUT_COMMENT-AUTHOR': 'github-actions[bot]',
    'INPUT_GITHUB-TOKEN': TOKEN,
    'INPUT_RESULTS-DIR': 'loadgate-results',
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? work,
    TMPDIR: tmpdir(),
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: api,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${api}/graphql`,
    GITHUB_WORKSPACE: work,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: dir,
    ...(o.charts ? {} : { LOADGATE_CHARTS: 'off' }),
    ...inputs,
  };

  const main = await exec(entry('index.js'), env, work, 120_000);
  const state = parseCommandFile(readFileSync(files.state, 'utf8'));
  const pid = Number(state['deploy-pid']);
  if (pid > 0) deployedPids.add(pid);
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  // The post step gets a fresh GITHUB_OUTPUT/STATE like the runner's; the summary file is shared.
  const postEnv = { ...env, ...stateEnv, GITHUB_OUTPUT: join(dir, 'post-output.txt'), GITHUB_STATE: join(dir, 'post-state.txt') };
  writeFileSync(postEnv.GITHUB_OUTPUT, '');
  writeFileSync(postEnv.GITHUB_STATE, '');
  const post = await exec(entry('post.js'), postEnv, work, 60_000);

  const run: ActionRun = {
    label: o.label,
    main,
    post,
    outputs: parseCommandFile(readFileSync(files.output, 'utf8')),
    state,
    summary: readFileSync(files.summary, 'utf8'),
    port,
    teardownMarker,
    seconds: (Date.now() - started) / 1000,
  };
  runs.push(run);
  console.log('RUN', run.label, run.seconds);
  return run;
}

/** What every run must show: post ran the teardown and stopped the deployed process group. */
async function expectTornDown(run: ActionRun): Promise<void> {
  expect(run.post.code, `post.js failed:\n${run.post.stdout}\n${run.post.stderr}`).toBe(0);
  const pid = Number(run.state['deploy-pid']);
  expect(pid).toBeGreaterThan(1);
  expect(run.post.stdout).toContain(`stopped the deploy-command process group ${pid}`);
  expect(groupRunning(pid)).toBe(false);
  expect(await answers(run.port)).toBe(false);
  if (run.teardownMarker) {
    expect(run.post.stdout).toContain('teardown: ');
    expect(readFileSync(run.teardownMarker, 'utf8')).toBe('torn down');
  }
}

function describeRun(run: ActionRun): string {
  return `${run.label}: main exit ${run.main.code}\n--- stdout\n${run.main.stdout.slice(-6000)}\n--- stderr\n${run.main.stderr.slice(-3000)}`;
}

function comparisonOf(run: ActionRun): { verdict: string; sentence: string; metrics: { metric: string; status: string; delta: number | null; noise: number | null }[] } {
  const dir = run.outputs['results-dir'];
  expect(dir, 'results-dir output').toBeTruthy();
  return JSON.parse(readFileSync(resolve(work, dir!, 'comparison.json'), 'utf8'));
}

const ours = (g: FakeGitHub) => g.commentsOn(PR, REPO).filter((c) => c.body.includes(commentMarker(GATE)));

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

describe('the bundled action (dist/index.js + dist/post.js) against the simulator and a fake GitHub', () => {
  it('push: records the baseline into baselines/e2e.json under the working directory', { timeout: 120_000 }, async () => {
    const run = await runAction({ label: 'record', event: 'push', sim: HEALTHY, teardown: true, charts: true });
    expect(run.main.code, describeRun(run)).toBe(0);
    expect(run.outputs.verdict).toBe('recorded');
    expect(run.outputs['baseline-path']).toBe(join('baselines', `${GATE}.json`));
    const baseline = JSON.parse(readFileSync(join(work, 'baselines', `${GATE}.json`), 'utf8'));
    expect(baseline).toMatchObject({ schema_version: 1, name: GATE, load: 'rate' });
    expect(baseline.metrics.saturation_rps?.value, describeRun(run)).toBe(40);
    expect(Number(run.outputs['saturation-rps'])).toBe(baseline.metrics.saturation_rps.value);
    expect(run.summary).toContain('Baseline recorded to');
    // The charts come from chunks the bundle loads only when drawing: they load from dist/.
    const results = resolve(work, run.outputs['results-dir']!);
    expect(readFileSync(join(results, 'report.html'), 'utf8')).toContain('<svg');
    const pngs = readdirSync(join(results, 'plots')).filter((f) => f.endsWith('.png'));
    expect(pngs.length, describeRun(run)).toBeGreaterThan(0);
    for (const f of pngs)
      expect(
        readFileSync(join(results, 'plots', f))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    expect(run.main.stdout).not.toMatch(/^::error::/m);
    // A push has no pull request: nothing is posted.
    expect(gh.comments).toHaveLength(0);
    await expectTornDown(run);
  });

  it('pull request, degraded simulator (a quarter of the capacity): regression fails the check and updates our PR comment in place', { timeout: 120_000 }, async () => {
    // An earlier run's comment (ours: the marker, the bot's login) and someone else's.
    const earlier = gh.addComment({ body: `${commentMarker(GATE)}\nthe previous report`, issue: PR, login: 'github-actions[bot]' });
    const other = gh.addComment({ body: 'LGTM', issue: PR, login: 'octocat' });
    const run = await runAction({ label: 'pr-degraded', event: 'pull_request', sim: DEGRADED, teardown: true });
    const cmp = comparisonOf(run);
    const detail = `${describeRun(run)}\ncomparison: ${JSON.stringify(cmp.metrics)}`;
    expect(cmp.verdict, detail).toBe('regression');
    expect(run.main.code, detail).toBe(1);
    expect(run.outputs.verdict).toBe('regression');
    expect(run.main.stdout).toContain(`::error::${escapeData(cmp.sentence)}`);
    expect(cmp.sentence).toMatch(/^This change lowers /);
    expect(run.summary).toContain(cmp.sentence.slice(0, 40));

    // Updated in place: still exactly one comment with the marker, the same id, the new body.
    expect(run.main.stdout).toMatch(/PR comment updated/);
    const mine = ours(gh);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.id).toBe(earlier.id);
    expect(mine[0]!.user.login).toBe('github-actions[bot]');
    expect(mine[0]!.body.startsWith(`${commentMarker(GATE)}\n`)).toBe(true);
    expect(mine[0]!.body).toContain(cmp.sentence.slice(0, 40));
    expect(mine[0]!.body).toMatch(/regression/i);
    expect(gh.commentsOn(PR, REPO).find((c) => c.id === other.id)?.body).toBe('LGTM');
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    await expectTornDown(run);
  });

  it('the API key appears in no output, file or request; the token only in authorization headers', () => {
    expect(runs.length).toBe(2);
    for (const secret of [API_KEY, TOKEN]) {
      for (const run of runs) {
        for (const [name, text] of [
          ['main stdout', run.main.stdout],
          ['main stderr', run.main.stderr],
          ['post stdout', run.post.stdout],
          ['post stderr', run.post.stderr],
        ] as const) {
          // The one permitted appearance: the ::add-mask:: command that tells the runner to mask it.
          const leaked = text.split('\n').filter((l) => l.includes(secret) && l !== `::add-mask::${secret}`);
          expect(leaked, `${run.label} ${name}`).toEqual([]);
        }
        expect(run.main.stdout).toContain(`::add-mask::${secret}`);
      }
      // Every file the runs left under the working directory: results, baseline, summary, outputs, state.
      const files = allFiles(work);
      expect(files.some((f) => f.endsWith('results.json'))).toBe(true);
      expect(files.some((f) => f.endsWith('comparison.json'))).toBe(true);
      for (const f of files) expect(readFileSync(f, 'utf8').includes(secret), f).toBe(false);
    }
    for (const g of [gh]) {
      expect(g.requests.length).toBeGreaterThan(0);
      for (const r of g.requests) {
        for (const secret of [API_KEY, TOKEN]) {
          expect(r.body.includes(secret), `${r.method} ${r.path} body`).toBe(false);
          expect(r.path.includes(secret)).toBe(false);
        }
        const { authorization, ...rest } = r.headers;
        expect(authorization).toBe(`token ${TOKEN}`);
        expect(JSON.stringify(rest).includes(TOKEN)).toBe(false);
        expect(JSON.stringify(rest).includes(API_KEY)).toBe(false);
      }
      for (const c of g.comments) expect(c.body.includes(API_KEY) || c.body.includes(TOKEN)).toBe(false);
    }
  });
});
