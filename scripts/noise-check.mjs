#!/usr/bin/env node
/**
 * Noise check for the regression verdict (figures for the README).
 *
 * 1. Records a baseline of one simulator configuration (the "healthy" one) once.
 * 2. Same configuration: N compare runs against that baseline → expect no regression.
 * 3. 25 % capacity drop (same profile at speedup × 0.75): N compare runs → expect regression every time.
 *
 * Everything goes through the built CLI (dist/cli.js): `sim` as a child process on a free port,
 * `gate --record F` and `gate --baseline F` (exit 0 pass/improvement, 1 regression, 3 inconclusive).
 * No GitHub involved. Needs `npm run build` first and Node >= 24.
 *
 *   node scripts/noise-check.mjs                 # 10 + 10 runs (~12 min on 2 cores)
 *   node scripts/noise-check.mjs --runs 3        # quick check
 *   node scripts/noise-check.mjs --preset fast   # the full-speed configuration (see PRESETS)
 *   flags: --runs N  --preset realistic|fast  --profile tiny  --replicas N  --speedup X  --drop 0.25
 *          --keep (keep the work dir)
 *          --out DIR (work dir; default a fresh temp dir)  --json FILE (write the raw figures)
 *          --config FILE (a loadgate.yml to use instead of the built-in one; target.url is set by the script)
 *
 * Exit code: 0 when no identical run gave regression and every degraded run did; 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_CLI = join(ROOT, 'dist', 'cli.js');

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    profile: { type: 'string', default: 'tiny' },
    preset: { type: 'string', default: 'realistic' },
    replicas: { type: 'string' },
    speedup: { type: 'string' },
    drop: { type: 'string', default: '0.25' },
    out: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0] + '*/\n');
  process.exit(0);
}
const RUNS = Number(flags.runs);
if (!existsSync(DIST_CLI)) throw new Error(`${DIST_CLI} not found: run npm run build first`);

const work = flags.out ? resolve(flags.out) : mkdtempSync(join(tmpdir(), 'loadgate-noise-'));
mkdirSync(work, { recursive: true });
// A snapshot of the bundle, so a rebuild during the (long) check does not mix two versions.
const CLI = join(work, 'cli.mjs');
copyFileSync(DIST_CLI, CLI);

/**
 * Presets (simulator + gate configuration):
 * - realistic (default, = test/e2e/action.test.ts): 4 tiny replicas at speedup 0.1, so latencies
 *   are tens of ms; saturation is the throughput knee (P99 TTFT criterion out of the way) and the
 *   operating point is held at 0.5 × saturation.
 * - fast: 1 tiny replica at speedup 1 (latencies 4–7 ms) with default criteria and operating point
 *   0.7 — the configuration first tried; its latency verdicts are dominated by scheduling jitter.
 */
const COMMON = `target:
  model: tiny
workload:
  # The prompt the README's figures were measured with (the old default). The new default (unique
  # ~512-token prompts) does not fit tiny's 1,024-token context; to measure with unique prompts use
  # e.g. mix: {short: {weight: 1, input: 64, output: 32}}.
  prompt: Explain, in a few paragraphs, how a lighthouse keeper kept the lamp lit through a winter storm.
  max_tokens: 32
  ignore_eos: true
warmup:
  requests: 2
baseline:
  rate: 2
  duration: 2s
sla:
  ttft_p99_ms: 2000
cost:
  gpus: 1
  gpu_hour_usd: 2
`;
const PRESETS = {
  realistic: {
    replicas: '4',
    speedup: '0.1',
    config: `name: noise
${COMMON}saturation:
  start: 10
  max: 2000
  precision: 0.15
  level_duration: 3s
  criteria:
    ttft_p99_factor: 10
    ttft_min_increase_ms: 1000
sla_validation:
  operating_point: 0.5
  duration: 4s
`,
  },
  fast: {
    replicas: '1',
    speedup: '1',
    config: `name: noise
${COMMON}saturation:
  start: 10
  max: 2000
  precision: 0.15
  level_duration: 3s
sla_validation:
  duration: 4s
`,
  },
};
const preset = PRESETS[flags.preset];
if (!preset) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}`);
flags.replicas ??= preset.replicas;
flags.speedup ??= preset.speedup;
const SPEEDUP = Number(flags.speedup);
const DROP = Number(flags.drop);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
if (!(SPEEDUP > 0) || !(DROP > 0 && DROP < 1)) throw new Error('--speedup must be > 0 and --drop in (0, 1)');
const CONFIG = flags.config ? readFileSync(resolve(flags.config), 'utf8') : preset.config;

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Starts the simulator; resolves once it printed its URL. */
async function startSim(speedup) {
  const port = await freePort();
  const args = [CLI, 'sim', '--port', String(port), '--profile', flags.profile, '--replicas', flags.replicas, '--speedup', String(speedup)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`sim did not start: ${out}`)), 15_000);
    const on = (b) => {
      out += b;
      if (/listening on http/.test(out)) {
        clearTimeout(t);
        res();
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('exit', (code) => rej(new Error(`sim exited with ${code}: ${out}`)));
  });
  return {
    port,
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

function run(args, cwd) {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.once('exit', (code) => res({ code, stdout, stderr }));
  });
}

/** One gate run against a fresh simulator at `speedup`; returns the verdict and key figures. */
async function gate(label, speedup, mode, baselineFile) {
  const sim = await startSim(speedup);
  const dir = join(work, label);
  mkdirSync(dir, { recursive: true });
  const cfg = join(dir, 'loadgate.yml');
  writeFileSync(cfg, CONFIG);
  const started = Date.now();
  try {
    const res = await run(
      ['gate', '--config', cfg, '--target', `http://127.0.0.1:${sim.port}`, '--out', join(dir, 'results'), mode === 'record' ? '--record' : '--baseline', baselineFile],
      dir,
    );
    const seconds = (Date.now() - started) / 1000;
    const runDir = /results: (.+)$/m.exec(res.stdout)?.[1]?.trim();
    let cmp;
    if (runDir && existsSync(join(runDir, 'comparison.json'))) cmp = JSON.parse(readFileSync(join(runDir, 'comparison.json'), 'utf8'));
    if (res.code !== 0 && res.code !== 1 && res.code !== 3) process.stderr.write(`${label}: exit ${res.code}\n${res.stderr.slice(-2000)}\n`);
    return { label, speedup, code: res.code, seconds, runDir, verdict: mode === 'record' ? 'recorded' : (cmp?.verdict ?? 'none'), comparison: cmp };
  } finally {
    await sim.stop();
  }
}

const fmtM = (m) => {
  if (!m) return '–';
  const d = m.delta === null ? 'n/a' : `${m.delta >= 0 ? '+' : ''}${(m.delta * 100).toFixed(1)}%`;
  const n = m.noise === null ? '' : ` ±${(m.noise * 100).toFixed(1)}`;
  return `${m.status.slice(0, 5)} ${d}${n}`;
};
const metric = (c, k) => c?.metrics?.find((m) => m.metric === k);

function row(r) {
  const c = r.comparison;
  const sat = metric(c, 'saturation_rps');
  return [
    r.label.padEnd(12),
    String(r.speedup).padEnd(7),
    r.verdict.padEnd(12),
    String(r.code).padEnd(4),
    `${sat?.current?.value ?? '–'}`.padEnd(8),
    fmtM(sat).padEnd(22),
    fmtM(metric(c, 'ttft_p99_ms')).padEnd(22),
    fmtM(metric(c, 'itl_p99_ms')).padEnd(22),
    fmtM(metric(c, 'cost_per_million_tokens')).padEnd(22),
    fmtM(metric(c, 'error_rate')).padEnd(22),
    `${r.seconds.toFixed(0)}s${c?.remeasured?.length ? ' (re-measured)' : ''}`,
  ].join(' ');
}
const HEAD = [
  'run'.padEnd(12),
  'speedup',
  'verdict'.padEnd(12),
  'exit',
  'sat rps'.padEnd(8),
  'saturation'.padEnd(22),
  'ttft p99'.padEnd(22),
  'itl p99'.padEnd(22),
  'cost'.padEnd(22),
  'error rate'.padEnd(22),
  'time',
].join(' ');

const baselineFile = join(work, 'baselines', 'baseline.json');
const degraded = Math.round(SPEEDUP * (1 - DROP) * 1000) / 1000;
process.stdout.write(
  `noise check: profile ${flags.profile} x${flags.replicas}, baseline speedup ${SPEEDUP}, degraded ${degraded} (−${DROP * 100} %), ${RUNS}+${RUNS} runs, config ${flags.config ?? `preset ${flags.preset}`}; work dir ${work}\n\n`,
);

const rec = await gate('record', SPEEDUP, 'record', baselineFile);
if (rec.code !== 0 || !existsSync(baselineFile)) {
  process.stderr.write(`recording the baseline failed (exit ${rec.code})\n`);
  process.exit(2);
}
const b = JSON.parse(readFileSync(baselineFile, 'utf8'));
process.stdout.write(
  `baseline: saturation ${b.metrics.saturation_rps?.value} ± ${b.metrics.saturation_rps?.spread} req/s, ttft p99 ${b.metrics.ttft_p99_ms?.value} ± ${b.metrics.ttft_p99_ms?.spread} ms, operating point ${b.operating_point?.value} ${b.operating_point?.load}\n\n${HEAD}\n`,
);

const same = [];
for (let i = 1; i <= RUNS; i++) {
  const r = await gate(`same-${i}`, SPEEDUP, 'compare', baselineFile);
  same.push(r);
  process.stdout.write(`${row(r)}\n`);
}
const drop = [];
for (let i = 1; i <= RUNS; i++) {
  const r = await gate(`drop-${i}`, degraded, 'compare', baselineFile);
  drop.push(r);
  process.stdout.write(`${row(r)}\n`);
}

const count = (rs) => {
  const c = {};
  for (const r of rs) c[r.verdict] = (c[r.verdict] ?? 0) + 1;
  return Object.entries(c)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
};
const falseAlarms = same.filter((r) => r.verdict === 'regression').length;
const caught = drop.filter((r) => r.verdict === 'regression').length;
process.stdout.write(
  `\nidentical configuration: ${count(same)} (${falseAlarms}/${RUNS} false regressions)\n` +
    `${DROP * 100} % capacity drop: ${count(drop)} (${caught}/${RUNS} caught)\n` +
    `SUMMARY: identical ${falseAlarms}/${RUNS} regression, ${DROP * 100}% drop ${caught}/${RUNS} regression\n`,
);
if (flags.json) writeFileSync(flags.json, `${JSON.stringify({ baseline: b, same, drop }, null, 2)}\n`);
if (!flags.keep && !flags.out) rmSync(work, { recursive: true, force: true });
process.exit(falseAlarms === 0 && caught === RUNS ? 0 : 1);
