/**
 * The `load` command end to end: flag parsing (every problem at once), multi-level runs, the
 * per-request log, cancellation, secrets, and the real CLI as a child process. Real HTTP on
 * 127.0.0.1 throughout (the scripted SSE server, the simulator); nothing of ours is mocked.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, test, vi } from 'vitest';
import { parseLoadArgs, runLoad, type LoadPlan } from '../../src/cli/load.js';
import { EXIT } from '../../src/cli/errors.js';
import { UsageError } from '../../src/util/errors.js';
import { main } from '../../src/cli/main.js';
import type { LevelSummary } from '../../src/metrics/aggregate.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';
import { chatChunk, startScriptServer, usageChunk, type Script, type ScriptServer } from '../helpers/script-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'lg-load-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const readJson = <T = Record<string, unknown>>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
type LoadDoc = LevelSummary & { schema_version: number; kind: string; status: string; target: string; model: string; levels: LevelSummary[] };

/** A quick, well-behaved streaming answer: 4 content chunks, then usage. */
const fast: Script = {
  chunks: [
    { delayMs: 5, data: chatChunk('a') },
    { delayMs: 3, data: chatChunk('b') },
    { delayMs: 3, data: chatChunk('c') },
    { delayMs: 3, data: chatChunk('d') },
    { delayMs: 0, data: usageChunk(11, 4) },
  ],
};

const errorTotal = (s: Pick<LevelSummary, 'requests'>): number => Object.values(s.requests.errors).reduce((a, b) => a + (b ?? 0), 0);
const noop = (): void => {};

afterEach(() => vi.restoreAllMocks());

describe('parseLoadArgs', () => {
  test('reports every problem at once as a UsageError (exit 2)', () => {
    delete process.env.LG_TEST_SURELY_UNSET;
    let err: unknown;
    try {
      parseLoadArgs(['--rate', '5', '--concurrency', '2', '--duration', 'soon', '--arrival', 'burst', '--header', 'NoColonHere', '--api-key-env', 'LG_TEST_SURELY_UNSET']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const u = err as UsageError;
    expect(u.code).toBe(EXIT.usage);
    expect(u.message).toMatch(/^load: 7 problems with the flags:/);
    for (const m of [
      /--target is required/,
      /--model is required/,
      /--rate, --ramp, --stages and --concurrency exclude each other/,
      /--duration "soon": expected a duration/,
      /--arrival "burst": expected constant or poisson/,
      /--header "NoColonHere": expected "Name: value"/,
      /--api-key-env LG_TEST_SURELY_UNSET: that environment variable is not set/,
    ])
      expect(u.message).toMatch(m);
  });

  test('the CLI prints the problems without a stack trace and exits 2', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    expect(await main(['load', '--rate', '0', '--target', 'ftp://x'])).toBe(2);
    expect(err).toMatch(/--target "ftp:\/\/x": expected an http/);
    expect(err).toMatch(/--rate "0": expected a number/);
    expect(err).toMatch(/--model is required/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('a valid command line parses into a plan', () => {
    process.env.LG_TEST_KEY_SET = 'k';
    const p = parseLoadArgs([
      '--target',
      'http://h:1',
      '--model',
      'm',
      '--rate',
      '1,2.5',
      '--arrival',
      'poisson',
      '--duration',
      '2s',
      '--header',
      'X-A: b: c',
      '--api-key-env',
      'LG_TEST_KEY_SET',
      '--max-tokens',
      '8',
    ]);
    expect(p.stages).toEqual([
      { kind: 'rate', rate: 1, arrival: 'poisson', durationS: 2 },
      { kind: 'rate', rate: 2.5, arrival: 'poisson', durationS: 2 },
    ]);
    expect(p.headers).toEqual({ 'x-a': 'b: c' });
    expect(p.maxTokens).toBe(8);
    expect(p.stream).toBe(true);
  });
});

describe('runLoad against a scripted server', () => {
  let srv: ScriptServer;
  beforeAll(async () => {
    srv = await startScriptServer(({ body }) => (body.includes('"slow"') ? slow : fast));
  });
  afterAll(() => srv.close());
  /** 10 chunks 150 ms apart: about 1.5 s per request, so a cancel always finds some in flight. */
  const slow: Script = { chunks: Array.from({ length: 10 }, (_, i) => ({ delayMs: 150, data: chatChunk(`t${i}`) })) };

  const plan = (argv: string[]): LoadPlan => parseLoadArgs(['--target', srv.url, '--model', 'm', ...argv]);

  test('--rate 5,10 runs two levels and writes results.json with the levels and a merged top level', async () => {
    const out = tmp();
    const res = await runLoad(plan(['--rate', '5,10', '--duration', '1s', '--out', out]), new AbortController().signal, noop);
    expect(res.status).toBe('complete');
    const doc = readJson<LoadDoc>(join(out, 'results.json'));
    expect(doc).toMatchObject({ schema_version: 1, kind: 'load', status: 'complete', target: srv.url, model: 'm', name: 'all' });
    expect(doc.levels.map((l) => [l.name, l.offered])).toEqual([
      ['level-1', { kind: 'rate', value: 5 }],
      ['level-2', { kind: 'rate', value: 10 }],
    ]);
    const [a, b] = doc.levels as [LevelSummary, LevelSummary];
    expect(a.requests.sent).toBe(5);
    expect(b.requests.sent).toBe(10);
    for (const l of doc.levels) {
      expect(l.requests.ok).toBe(l.requests.sent);
      expect(l.ttft_ms.count).toBe(l.requests.ok);
      expect(l.output_tokens).toBe(4 * l.requests.ok);
    }
    // The top level merges: counters add, histograms merge, windows add.
    expect(doc.requests.sent).toBe(15);
    expect(doc.requests.ok).toBe(15);
    expect(doc.output_tokens).toBe(60);
    expect(doc.input_tokens).toBe(15 * 11);
    expect(doc.ttft_ms.count).toBe(15);
    expect(doc.itl_ms.count).toBe(15 * 3);
    expect(doc.duration_s).toBeCloseTo(a.duration_s + b.duration_s, 2);
    expect(doc.ttft_ms.p50).toBeGreaterThanOrEqual(4);
    expect(doc.ttft_ms.p50).toBeLessThan(100);
    expect(doc.ttft_ms.max).toBeGreaterThanOrEqual(Math.max(a.ttft_ms.max, b.ttft_ms.max) - 0.01);
    expect(doc.achieved_rps).toBeGreaterThan(4);
    expect(doc.achieved_rps).toBeLessThan(11);
    expect(typeof doc.histograms.ttft_ms).toBe('string');
    expect(res.summary.requests.sent).toBe(15);
  });

  test('--requests-log writes one JSON line per sent request', async () => {
    const out = tmp();
    await runLoad(plan(['--rate', '20', '--duration', '1s', '--requests-log', '--out', out]), new AbortController().signal, noop);
    const doc = readJson<LoadDoc>(join(out, 'results.json'));
    const lines = readFileSync(join(out, 'requests.jsonl'), 'utf8').trimEnd().split('\n');
    expect(doc.requests.sent).toBe(20);
    expect(lines).toHaveLength(doc.requests.sent);
    const recs = lines.map((l) => JSON.parse(l) as RequestRecord);
    expect(new Set(recs.map((r) => r.id)).size).toBe(20);
    expect(recs.every((r) => r.outcome === 'ok' && r.phase === 'load' && r.requestedModel === 'm' && r.outputTokens === 4)).toBe(true);
    expect(srv.requests.length).toBeGreaterThanOrEqual(20);
  });

  test('aborting mid-run writes results.json with status cancelled and counts that add up', async () => {
    const out = tmp();
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 700);
    const res = await runLoad(plan(['--rate', '10,10', '--duration', '5s', '--prompt', 'slow', '--requests-log', '--out', out]), ac.signal, noop);
    const took = performance.now() - t0;
    expect(took).toBeLessThan(2000); // stopped promptly, not after the 10 s schedule
    expect(res.status).toBe('cancelled');
    const doc = readJson<LoadDoc>(join(out, 'results.json'));
    expect(doc.status).toBe('cancelled');
    expect(doc.levels).toHaveLength(1); // the second level never started
    expect(doc.requests.sent).toBeGreaterThanOrEqual(5);
    expect(doc.requests.sent).toBeLessThanOrEqual(9);
    expect(doc.requests.errors.cancelled).toBeGreaterThan(0);
    expect(doc.requests.ok + errorTotal(doc)).toBe(doc.requests.sent);
    expect(doc.requests.scheduled).toBe(doc.requests.sent + doc.requests.dropped_overflow);
    const lines = readFileSync(join(out, 'requests.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(doc.requests.sent);
  });

  test('the API key reaches the server as Bearer and appears in no output file, even when the server echoes it', async () => {
    const canary = `sk-canary-${Math.random().toString(36).slice(2)}-${Date.now()}`;
    const headerCanary = `hdr-canary-${Math.random().toString(36).slice(2)}`;
    process.env.LG_TEST_CANARY_KEY = canary;
    // Every third request is refused by a server that echoes the credentials it was sent.
    const echo = await startScriptServer(({ n }) =>
      n % 3 === 2 ? { status: 401, body: JSON.stringify({ error: { message: `invalid key ${canary} (with ${headerCanary})` } }) } : fast,
    );
    try {
      const out = tmp();
      const logs: string[] = [];
      const p = parseLoadArgs([
        '--target',
        echo.url,
        '--model',
        'm',
        '--rate',
        '10',
        '--duration',
        '1s',
        '--requests-log',
        '--api-key-env',
        'LG_TEST_CANARY_KEY',
        '--header',
        `X-Extra: ${headerCanary}`,
        '--out',
        out,
      ]);
      const res = await runLoad(p, new AbortController().signal, (l) => logs.push(l));
      expect(echo.requests.length).toBe(10);
      for (const r of echo.requests) {
        expect(r.headers.authorization).toBe(`Bearer ${canary}`);
        expect(r.headers['x-extra']).toBe(headerCanary);
      }
      expect(res.summary.requests.errors.http_4xx).toBe(3);
      const files = readdirSync(out).filter((f) => statSync(join(out, f)).isFile());
      expect(files.sort()).toEqual(['requests.jsonl', 'results.json']);
      for (const f of files) {
        const text = readFileSync(join(out, f), 'utf8');
        expect(text, f).not.toContain(canary);
        expect(text, f).not.toContain(headerCanary);
      }
      // The error is still there, with the secret replaced.
      expect(readFileSync(join(out, 'requests.jsonl'), 'utf8')).toMatch(/HTTP 401: invalid key \[REDACTED\]/);
      expect(logs.join('\n')).not.toContain(canary);
    } finally {
      delete process.env.LG_TEST_CANARY_KEY;
      await echo.close();
    }
  });
});

describe("load levels go through the gate's level pipeline (validity, load-minutes)", () => {
  test('a level whose generator lagged (blocked event loop) is invalid: results.json says why, the table flags it', async () => {
    // The 10th request of the first level blocks this process for 200 ms (the server runs here):
    // the ~20 requests due meanwhile go out late, so that level's P99 send lag is far over 50 ms.
    let blockedMs = 0;
    const srv = await startScriptServer(({ n }) => {
      if (n === 10) {
        const t0 = performance.now();
        while (performance.now() - t0 < 200) {
          /* busy-wait: the load generator cannot send */
        }
        blockedMs = performance.now() - t0;
      }
      return fast;
    });
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((x: string | Uint8Array) => ((stdout += String(x)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((x: string | Uint8Array) => ((stderr += String(x)), true));
    try {
      const out = tmp();
      const code = await main(['load', '--target', srv.url, '--model', 'm', '--prompt', 'p', '--rate', '100,10', '--duration', '1s', '--out', out]);
      expect(code).toBe(EXIT.ok); // an invalid level is reported, not an error
      expect(blockedMs).toBeGreaterThanOrEqual(200);
      const doc = readJson<LoadDoc & { load_minutes: number; levels: Array<LevelSummary & { valid: boolean; invalid_reason?: string; client_cpu: number }> }>(
        join(out, 'results.json'),
      );
      const [lagged, second] = doc.levels as [(typeof doc.levels)[0], (typeof doc.levels)[0]];
      expect(lagged.requests.sent).toBe(100);
      expect(lagged.send_lag_ms.max).toBeGreaterThanOrEqual(blockedMs - 10 - 1);
      expect(lagged.valid).toBe(false);
      expect(lagged.invalid_reason).toMatch(/^client send lag P99 \d+\.\d ms > 50 ms: the load generator could not keep up$/);
      for (const l of doc.levels) {
        expect(l.client_cpu).toBeGreaterThan(0);
        expect(l.client_cpu).toBeLessThan(10);
        // The gate's rule: a P99 send lag over run.max_send_lag_ms (50 ms) makes a level invalid, with its reason.
        if (l.send_lag_ms.p99 > 50) expect(l.valid).toBe(false);
        expect(l.invalid_reason === undefined).toBe(l.valid);
      }
      // The printed table marks the lagged level and says why below it; the log said it as it happened.
      expect(stdout).toMatch(/\| level-1 ⚠ invalid \|/);
      expect(stdout).toContain(`- level-1: ${lagged.invalid_reason}`);
      expect(stdout.includes('level-2 ⚠ invalid')).toBe(!second.valid);
      expect(stderr).toContain(`level-1: invalid (${lagged.invalid_reason})`);
      // Load-minutes: the two levels' durations, as the gate counts its measured levels.
      expect(doc.load_minutes).toBeCloseTo((lagged.duration_s + second.duration_s) / 60, 3);
    } finally {
      await srv.close();
    }
  });
});

describe('the real CLI (bin/llm-loadgate.js → dist/cli.js) as a child process', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({ port: 0, profile: 'tiny' });
  });
  afterAll(() => sim.close());

  const run = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'llm-loadgate.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });

  test('load against the simulator: exit 0, a table on stdout, results.json written', async () => {
    const out = tmp();
    const r = await run(['load', '--target', sim.url, '--model', 'tiny', '--rate', '8', '--duration', '1s', '--max-tokens', '16', '--out', out]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]!.split('|').map((c) => c.trim())).toEqual([
      '',
      'level',
      'offered',
      'sent',
      'ok %',
      'achieved rps',
      'TTFT p50',
      'TTFT p99',
      'ITL p99',
      'TPOT p50',
      'E2E p99',
      'out tok/s',
      'send lag p99',
      'errors',
      '',
    ]);
    expect(lines[1]).toMatch(/^\| :-+/);
    // The level may be marked invalid when this machine is busy enough to delay a send by more than
    // 50 ms (seen once beside the other suites: send lag p99 52 ms); the format is this test's subject.
    expect(lines[2]).toMatch(/^\| load(?: ⚠ invalid)?\s+\|\s+8 req\/s \|\s+8 \|\s+100\.0 \|/);
    expect(r.stdout).toContain(`results: ${join(out, 'results.json')}`);
    const doc = readJson<LoadDoc>(join(out, 'results.json'));
    expect(doc).toMatchObject({ kind: 'load', status: 'complete', model: 'tiny', requests: { sent: 8, ok: 8 } });
    expect(doc.ttft_ms.count).toBe(8);
    // The simulator stops at a natural end of text, so 16 is an upper bound per request.
    expect(doc.output_tokens).toBeGreaterThanOrEqual(8);
    expect(doc.output_tokens).toBeLessThanOrEqual(8 * 16);
    expect(doc.output_length.requested_mean).toBe(16);
  });

  test('an unknown flag: exit 2, one short paragraph, no stack trace', async () => {
    const r = await run(['load', '--target', sim.url, '--model', 'tiny', '--rate', '1', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const msg = r.stderr.trim();
    expect(msg).toMatch(/Unknown option '--bogus'/);
    expect(msg).toMatch(/--help/);
    expect(msg).not.toMatch(/\n\s*\n/); // one paragraph
    expect(msg).not.toMatch(/^\s+at /m);
  });

  test('a bad flag value: exit 2 naming the problem, no stack trace', async () => {
    const r = await run(['load', '--target', sim.url, '--model', 'tiny', '--rate', 'fast']);
    expect(r.code).toBe(2);
    const problems = r.stderr.split('\n\n')[0]!;
    expect(problems).toBe('load: 1 problem with the flags:\n  - --rate "fast": expected a number > 0');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('--ramp', () => {
  it('expands FROM:TO:STEPS into evenly spaced open-loop levels of --duration each', () => {
    const plan = parseLoadArgs(['--target', 'http://127.0.0.1:1', '--model', 'm', '--ramp', '5:50:10', '--duration', '3s', '--arrival', 'poisson']);
    // 5, 10, 15, …, 50: (50 − 5) / 9 = 5 req/s apart.
    expect(plan.stages.map((s) => (s.kind === 'rate' ? s.rate : -1))).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(plan.stages.every((s) => s.durationS === 3 && s.kind === 'rate' && s.arrival === 'poisson')).toBe(true);
  });

  it.each([['5:50'], ['0:50:3'], ['a:b:c'], ['5:50:0']])('rejects %s with the expected form', (bad) => {
    expect(() => parseLoadArgs(['--target', 'http://127.0.0.1:1', '--model', 'm', '--ramp', bad])).toThrow(/--ramp .*expected FROM:TO:STEPS/);
  });
});
