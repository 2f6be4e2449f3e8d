/**
 * The run directory uploaded as a workflow artifact, end to end: the bundled action (dist/index.js,
 * or the sources with LOADGATE_E2E_FROM=src; see test/helpers/action-runner.ts) run the way the
 * runner runs it inside a workflow run — ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL and
 * GITHUB_RUN_ID set — with the unmodified @actions/artifact client talking to a fake artifact
 * service and blob store on 127.0.0.1 (test/helpers/fake-artifact-service.ts), the built-in
 * simulator as the endpoint and the fake GitHub for the pull-request comment.
 *
 *  1. the service works: one artifact, named as the action names it, whose zip holds exactly the
 *     run directory (report.html, plots/*.png, results.json, summary.md, comment.json …) byte for
 *     byte; the job summary and the PR comment link it with the id the service returned; no secret
 *     (API key, GitHub token, runtime token) in any uploaded file, request body or log line.
 *  2. the service refuses — CreateArtifact → 403 (a Twirp error), or the blob store's Put Block →
 *     403 (an Azure XML error, a different client and error path): the gate's verdict stands (exit
 *     0, baseline recorded), a ::warning:: names the failure, no link anywhere. 403s, not 500s: the
 *     client retries a 5xx from the service 5 times with 3 s · 1.5ⁿ back-off (~25-35 s) before
 *     failing the same way, which would make this file slow and tell nothing more.
 *
 * The step runs through action-runner's runStep, with the runner's artifact variables in its env.
 * Short levels (1 s, at least 10 requests) as in action-defects.test.ts; the two runs are concurrent.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStep, type Proc } from '../helpers/action-runner.js';
import { startFakeArtifactService, readZip, type FakeArtifactService } from '../helpers/fake-artifact-service.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { startSimProcess, type SimProcess } from '../helpers/sim-process.js';
import { commentMarker } from '../../src/action/github.js';

const TOKEN = 'ghs_artifactTOKEN0123456789abcdefXYZ';
const API_KEY = `sk-canary-${Math.random().toString(36).slice(2, 10)}-artifact`;
const GATE = 'artifacts';
const REPO = 'acme/widgets';
const RUN_ID = '987654321';

const CONFIG = `name: ${GATE}
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
  levels: [12, 18]
  level_duration: 1s
  stop_at_first_saturated: false
  min_requests: 10
  criteria:
    ttft_p99_factor: 10
    ttft_min_increase_ms: 1000
sla_validation:
  duration: 500ms
sla:
  ttft_p99_ms: 2000
run:
  max_send_lag_ms: 1000
`;

let work: string;
let sim: SimProcess;
let gh: FakeGitHub;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'loadgate-artifact-'));
  writeFileSync(join(work, 'fast.yml'), CONFIG);
  [sim, gh] = await Promise.all([startSimProcess({ profile: 'tiny', speedup: 3 }), startFakeGitHub({ token: TOKEN, defaultRepo: REPO })]);
});

afterAll(async () => {
  await sim?.close();
  await gh?.close();
  if (work && !process.env.LOADGATE_E2E_KEEP) rmSync(work, { recursive: true, force: true });
});

interface Run {
  main: Proc;
  outputs: Record<string, string>;
  summary: string;
  cwd: string;
}

/** The action's main step on a pull_request event, in its own checkout, inside a "workflow run" served by `svc`. */
async function runInWorkflow(svc: FakeArtifactService, pr: number, charts: boolean): Promise<Run> {
  const cwd = join(work, `pr-${pr}`);
  mkdirSync(cwd, { recursive: true });
  const r = await runStep({
    cwd,
    event: 'pull_request',
    pr,
    repo: REPO,
    apiUrl: gh.url,
    charts,
    timeoutMs: 60_000,
    inputs: { config: join(work, 'fast.yml'), 'target-url': sim.url, mode: 'record', 'api-key': API_KEY, 'github-token': TOKEN, 'readiness-timeout': '5s' },
    env: { GITHUB_RUN_ID: RUN_ID, GITHUB_RUN_ATTEMPT: '1', ACTIONS_RUNTIME_TOKEN: svc.token, ACTIONS_RESULTS_URL: svc.url },
  });
  return { main: r.main, outputs: r.outputs, summary: r.summary, cwd };
}

const detail = (r: Run): string => `exit ${r.main.code}\n--- stdout\n${r.main.stdout.slice(-4000)}\n--- stderr\n${r.main.stderr.slice(-2000)}`;

/** Files under dir, by path relative to it with '/' separators (as a zip names them). */
function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(relative(dir, join(e.parentPath, e.name)).split('\\').join('/'), readFileSync(join(e.parentPath, e.name)));
  }
  return out;
}

const artifactLink = (id: number): string => `https://github.com/${REPO}/actions/runs/${RUN_ID}/artifacts/${id}`;

describe.concurrent('the run directory as a workflow artifact (bundled action, fake artifact service)', () => {
  it('uploads the whole run directory once, links it in the job summary and the PR comment, leaks no secret', { timeout: 60_000 }, async () => {
    const svc = await startFakeArtifactService();
    try {
      const pr = 31;
      const r = await runInWorkflow(svc, pr, true);
      expect(r.main.code, detail(r)).toBe(0);
      expect(r.outputs.verdict).toBe('recorded');

      // One artifact, named by the action, committed and finalized, through the real client's calls.
      expect(svc.artifacts).toHaveLength(1);
      // The gate, the run directory and a random part: unique when a matrix runs one config twice.
      expect(svc.artifacts[0]!.name).toMatch(new RegExp(`^llm-loadgate-${GATE}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ-[0-9a-f]{6}$`));
      const artifact = svc.artifacts[0]!;
      expect(artifact.id, detail(r)).toBeDefined();
      expect(artifact.mimeType).toBe('application/zip');
      expect(svc.requests.map((q) => q.kind).filter((k) => k !== 'PutBlock')).toEqual(['CreateArtifact', 'PutBlockList', 'FinalizeArtifact']);
      expect(artifact.blocks).toBeGreaterThanOrEqual(1);
      expect(artifact.size).toBe(String(artifact.blob!.length));

      // The zip is the run directory, file for file and byte for byte.
      const zipped = readZip(artifact.blob!);
      const dir = resolve(r.cwd, r.outputs['results-dir']!);
      const onDisk = filesUnder(dir);
      for (const f of ['report.html', 'results.json', 'summary.md', 'comment.json']) expect([...zipped.keys()], f).toContain(f);
      expect(
        [...zipped.keys()].some((f) => /^plots\/[^/]+\.png$/.test(f)),
        [...zipped.keys()].join(', '),
      ).toBe(true);
      expect([...zipped.keys()].sort()).toEqual([...onDisk.keys()].sort());
      for (const [f, data] of zipped) expect(data.equals(onDisk.get(f)!), f).toBe(true);
      expect(zipped.get('report.html')!.toString('utf8')).toContain('<svg');
      expect(JSON.parse(zipped.get('comment.json')!.toString('utf8'))).toMatchObject({ name: GATE, pr, repository: REPO });

      // Linked with the id the service returned, in the job summary and in the comment.
      const link = artifactLink(artifact.id!);
      expect(r.summary).toContain(`](${link})`);
      const comments = gh.commentsOn(pr, REPO);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body.startsWith(commentMarker(GATE))).toBe(true);
      expect(comments[0]!.body).toContain(`](${link})`);
      expect(r.main.stdout).not.toMatch(/^::warning::/m);

      // No secret in what was uploaded, in any request body, or in the log (but ::add-mask::).
      for (const secret of [API_KEY, TOKEN, svc.token]) {
        for (const [f, data] of zipped) expect(data.includes(secret), `${f} contains a secret`).toBe(false);
        for (const q of svc.requests) expect(q.body.includes(secret) || q.path.includes(secret), `${q.kind} body or path`).toBe(false);
        for (const [name, text] of [
          ['stdout', r.main.stdout],
          ['stderr', r.main.stderr],
        ] as const) {
          const leaked = text.split('\n').filter((l) => l.includes(secret) && l !== `::add-mask::${secret}`);
          expect(leaked, name).toEqual([]);
        }
      }
      // The runtime token goes to the Twirp service only, as its bearer token; the blob store gets the signed URL only.
      for (const q of svc.requests) {
        const twirp = q.kind === 'CreateArtifact' || q.kind === 'FinalizeArtifact';
        expect(q.headers.authorization, q.kind).toBe(twirp ? `Bearer ${svc.token}` : undefined);
        const { authorization: _a, ...rest } = q.headers;
        expect(JSON.stringify(rest).includes(svc.token), q.kind).toBe(false);
      }
    } finally {
      await svc.close();
    }
  });

  const refusals = [
    {
      what: 'CreateArtifact refused (403, Twirp error)',
      pr: 32,
      fault: { kind: 'CreateArtifact', status: 403, msg: 'artifact storage quota has been hit for this repository' },
      calls: ['CreateArtifact'],
      warning: /could not upload the run directory as an artifact: Failed to CreateArtifact: .*\(403\).*quota has been hit/,
    },
    {
      what: 'the blob store refuses the upload (Put Block 403, Azure XML error)',
      pr: 33,
      fault: { kind: 'PutBlock', status: 403, code: 'AuthenticationFailed', msg: 'Signature not valid in the specified time frame' },
      calls: ['CreateArtifact', 'PutBlock'],
      warning: /could not upload the run directory as an artifact: Signature not valid in the specified time frame/,
    },
  ] as const;

  it.for(refusals)('$what: the verdict stands (exit 0), a ::warning:: names the failure, no link', { timeout: 60_000 }, async ({ pr, fault, calls, warning }) => {
    const svc = await startFakeArtifactService();
    svc.fault = ({ kind }) => (kind === fault.kind ? fault : undefined);
    try {
      const r = await runInWorkflow(svc, pr, false);
      expect(r.main.code, detail(r)).toBe(0);
      expect(r.outputs.verdict).toBe('recorded');
      expect(r.outputs['baseline-path']).toBeTruthy();
      expect(r.main.stdout).toMatch(/ — llm-loadgate verdict: recorded\n?$/);

      // Refused once, not retried (4xx), never finalized.
      expect(svc.requests.map((q) => q.kind)).toEqual(calls);
      expect(svc.artifacts.filter((a) => a.id !== undefined)).toEqual([]);
      const warnings = r.main.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
      expect(warnings, r.main.stdout).toHaveLength(1);
      expect(warnings[0]).toMatch(warning);
      // …and where the run directory is instead (the results-dir output, as the action gives it).
      expect(warnings[0]).toContain(`; it is in ${r.outputs['results-dir']!}`);

      expect(r.summary).toContain(GATE);
      expect(r.summary).not.toContain('/artifacts/');
      expect(r.summary).not.toContain('workflow artifact');
      const comments = gh.commentsOn(pr, REPO);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).not.toContain('/artifacts/');
      for (const secret of [API_KEY, TOKEN, svc.token]) expect(r.main.stdout.split('\n').filter((l) => l.includes(secret) && l !== `::add-mask::${secret}`)).toEqual([]);
    } finally {
      await svc.close();
    }
  });
});
