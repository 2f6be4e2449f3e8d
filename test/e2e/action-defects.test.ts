/**
 * Issue 11's six defects, each run end to end the way the GitHub runner runs the action (see
 * test/helpers/action-runner.ts: dist/index.js by default, the sources with LOADGATE_E2E_FROM=src),
 * against the simulator or a small scripted endpoint on 127.0.0.1 and the fake GitHub API.
 * Runs are short: steps of 1 s, or a long level cut by SIGINT once the log shows it started.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runStep, type StepRun } from '../helpers/action-runner.js';
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
  rate: 2
  duration: 1s
saturation:
  strategy: steps
  levels: [${levels.join(', ')}]
  level_duration: ${levelDuration}
  stop_at_first_saturated: false
  criteria:
    ttft_p99_factor: 10
    ttft_min_increase_ms: 1000
sla_validation:
  duration: 1s
sla:
  ttft_p99_ms: 2000
`;

let work: string;
let sim: SimProcess;
let gh: FakeGitHub;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'loadgate-defects-'));
  writeFileSync(join(work, 'fast.yml'), config([4, 8], '1s'));
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
  if (/^baseline: /m.test(out) && child.exitCode === null && !child.killed) child.kill('SIGINT');
};

describe('defect 1: a target that is down sets verdict not_ready (and every other output)', () => {
  it('target-url down', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const r = await runStep({ cwd: work, inputs: { config: 'fast.yml', 'target-url': `http://127.0.0.1:${port}`, 'readiness-timeout': '2s', mode: 'record' } });
    expect(r.main.code, detail(r)).toBe(1);
    expect(r.outputs.verdict).toBe('not_ready');
    for (const name of ALL_OUTPUTS) expect(Object.keys(r.outputs), name).toContain(name);
    expect(r.outputs['results-dir']).toBe('');
    expect(r.summary).toContain('not ready');
    // The verdict is the last line, with what the probe got, in the user's terms.
    expect(lastLine(r)).toMatch(/^::error::endpoint not ready after 2 s polling http:\/\/127\.0\.0\.1:\d+\/v1\/models \(last: .*ECONNREFUSED.*\).*readiness-timeout.* — llm-loadgate verdict: not_ready$/);
    expect(existsSync(join(work, 'baselines', `${GATE}.json`))).toBe(false);
  });

  it('baseline-url down (live compare)', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const r = await runStep({ cwd: work, event: 'pull_request', pr: PR, apiUrl: gh.url, inputs: { config: 'fast.yml', 'target-url': sim.url, 'baseline-url': `http://127.0.0.1:${port}`, 'readiness-timeout': '2s', mode: 'compare', 'github-token': TOKEN } });
    expect(r.main.code, detail(r)).toBe(1);
    expect(r.outputs.verdict).toBe('not_ready');
    expect(lastLine(r)).toMatch(/^::error::baseline-url http:\/\/127\.0\.0\.1:\d+ not ready after 2 s .* — llm-loadgate verdict: not_ready$/);
    // Nothing measured: no comment replaces a real report.
    expect(gh.requests.filter((q) => q.method !== 'GET')).toHaveLength(0);
  });
});

describe('defect 2: bad deploy-command is a user error with a clear message, not "internal error"', () => {
  it.each([
    { what: 'a shell operator', cmd: 'node server.js | tee server.log', want: /deploy-command: shell syntax "\|" at character 16 is not supported/ },
    { what: 'a missing program', cmd: '["no-such-program-loadgate-xyz", "--port", "8000"]', want: /cannot start "no-such-program-loadgate-xyz": not found or not executable/ },
    { what: 'bad JSON', cmd: '["node", "server.js"', want: /deploy-command starts with "\[" but is not valid JSON/ },
  ])('$what', { timeout: 30_000 }, async ({ cmd, want }) => {
    const r = await runStep({ cwd: work, inputs: { config: 'fast.yml', 'target-url': 'http://127.0.0.1:9', 'deploy-command': cmd, 'readiness-timeout': '2s' } });
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
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'tiny', choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, completions: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

describe('defect 3: a record run that fails is never "recorded"', () => {
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

describe('defect 4: a cancelled compare run leaves the pull-request comment alone', () => {
  it('no POST or PATCH; the earlier report stays as it was', { timeout: 90_000 }, async () => {
    const local = await startFakeGitHub({ token: TOKEN, defaultRepo: REPO, comments: [{ body: `${commentMarker(GATE)}\n## llm-loadgate · ${GATE}: ✅ pass\n\nthe last real report`, issue: PR }] });
    try {
      const before = local.commentsOn(PR, REPO)[0]!.body;
      const r = await runStep({ cwd: work, event: 'pull_request', pr: PR, apiUrl: local.url, inputs: { config: 'long.yml', 'target-url': sim.url, mode: 'compare', 'github-token': TOKEN }, onOutput: cancelInSaturation });
      expect(r.main.code, detail(r)).toBe(1);
      expect(r.outputs.verdict).toBe('cancelled');
      expect(local.requests.filter((q) => q.method !== 'GET')).toEqual([]);
      expect(local.commentsOn(PR, REPO)).toHaveLength(1);
      expect(local.commentsOn(PR, REPO)[0]!.body).toBe(before);
      expect(r.main.stdout).toContain('cancelled: the pull-request comment is left as it was');
      expect(lastLine(r)).toMatch(/ — llm-loadgate verdict: cancelled$/);
    } finally {
      await local.close();
    }
  });
});

describe('defects 5 and 6: a compare run whose loads differ from the baseline\'s', () => {
  it('the chart shows measured points only; levels, operating point and headline read right', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(work, 'chart-'));
    // Levels long enough to be judged (dozens of requests each), at loads the two runs do not share.
    writeFileSync(join(dir, 'record.yml'), config([24, 30], '2.5s'));
    writeFileSync(join(dir, 'compare.yml'), config([22, 28], '2.5s'));
    const rec = await runStep({ cwd: dir, inputs: { config: 'record.yml', 'target-url': sim.url, mode: 'record' } });
    expect(rec.main.code, detail(rec)).toBe(0);
    expect(rec.outputs.verdict).toBe('recorded');
    expect(lastLine(rec)).toMatch(/^baseline written to baselines\/defects\.json — llm-loadgate verdict: recorded$/);
    const cmp = await runStep({ cwd: dir, event: 'pull_request', pr: PR, apiUrl: gh.url, inputs: { config: 'compare.yml', 'target-url': sim.url, mode: 'compare', 'github-token': TOKEN } });
    expect([0, 1], detail(cmp)).toContain(cmp.main.code);
    const md = readFileSync(resolve(dir, cmp.outputs['results-dir']!, 'summary.md'), 'utf8');
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(charts.length, md).toBeGreaterThan(0);
    // Every chart is one run's: its x axis holds only loads that run measured, one value per load.
    const baselineLoads = (JSON.parse(readFileSync(join(dir, 'baselines', `${GATE}.json`), 'utf8')) as { curve: { offered: number }[] }).curve.map((p) => p.offered);
    const xs = (c: string): number[] => [...c.slice(c.indexOf('x-axis')).split('\n')[0]!.matchAll(/"([\d.]+)"/g)].map((m) => Number(m[1]));
    for (const c of charts) {
      const title = /title "(.*)"/.exec(c)![1]!;
      const own = title.startsWith('Baseline') ? baselineLoads : [22, 28];
      expect(title, md).toMatch(/^(Baseline|This PR): /);
      expect(xs(c).every((x) => own.includes(x)), `${title}: ${xs(c).join(', ')} not all in ${own.join(', ')}`).toBe(true);
      const lines = c.split('\n').filter((l) => l.trim().startsWith('line ['));
      expect(lines).toHaveLength(1);
      expect(lines[0]!.split(',')).toHaveLength(xs(c).length);
    }
    // Defect 6: the operating point is logged by its SLA, never as "saturated".
    expect(cmp.main.stdout).toMatch(/^op(erating[-_ ]point)?[^\n]*: offered .* — operating point: SLA (pass|FAIL)$/m);
    expect(cmp.main.stdout).not.toMatch(/^op[^\n]*saturated/m);
    // The headline's saturation figure and its bracket's lower end are the same number, same rounding.
    const head = /Saturation: \*\*([\d.]+) req\/s\*\* \((?:bracket \[|not saturated up to )([\d.]+)/.exec(readFileSync(resolve(dir, cmp.outputs['results-dir']!, 'report.md'), 'utf8'));
    if (head) expect(Number(head[1])).toBe(Number(head[2]));
    // The last line is the verdict, whatever happened before (re-measuring included).
    expect(lastLine(cmp)).toMatch(/llm-loadgate verdict: (pass|regression|improvement|inconclusive)$/);
  });
});
