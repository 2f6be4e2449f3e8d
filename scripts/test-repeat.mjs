#!/usr/bin/env node
/**
 * Runs the full suite (typecheck + vitest, as `npm test` does) N times in a row and prints, per
 * run, its wall time and every failed test, then one summary line. A flaky test shows up as a
 * failure in some runs and not others.
 *
 *   npm run test:repeat -- 10          ten runs
 *   npm run test:repeat -- 3 --hog     three runs, each with a CPU-bound process alongside
 *   npm run test:repeat -- 10 --hog=10 ten runs, the tenth with a CPU-bound process alongside
 *   npm run test:repeat -- 5 -- --project unit    extra arguments after -- go to vitest
 *
 * Exit code: 0 when every run passed, 1 otherwise, 2 on bad arguments.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = 'usage: npm run test:repeat -- N [--hog[=I,J…]] [-- vitest args]   (N: runs, 1-100; --hog: a busy CPU process alongside each run, or only runs I, J…)';

const all = process.argv.slice(2);
const sep = all.indexOf('--');
const args = sep >= 0 ? all.slice(0, sep) : all;
const vitestArgs = sep >= 0 ? all.slice(sep + 1) : [];
const hogArg = args.find((a) => a === '--hog' || a.startsWith('--hog='));
const rest = args.filter((a) => a !== hogArg);
const n = Number(rest[0] ?? 1);
if (rest.length > 1 || !Number.isInteger(n) || n < 1 || n > 100) {
  console.error(`test:repeat: ${rest.length > 1 ? `unexpected argument "${rest[1]}"` : `N must be an integer 1-100, got "${rest[0]}"`}\n${USAGE}`);
  process.exit(2);
}
/** Which runs get a CPU hog beside them: none, all (--hog) or the listed ones (--hog=2,10). */
const hogRuns = new Set(hogArg === undefined ? [] : hogArg === '--hog' ? Array.from({ length: n }, (_, i) => i + 1) : hogArg.slice(6).split(',').map(Number));
if ([...hogRuns].some((r) => !Number.isInteger(r) || r < 1 || r > n)) {
  console.error(`test:repeat: --hog= takes run numbers between 1 and ${n}, got "${hogArg.slice(6)}"\n${USAGE}`);
  process.exit(2);
}
const hog = hogRuns.size > 0;

const tmp = mkdtempSync(join(tmpdir(), 'loadgate-repeat-'));
const node = process.execPath;
const testScript = join(ROOT, 'scripts', 'test.mjs');

/** A process that keeps one core busy until killed. */
function startHog() {
  return spawn(node, ['-e', 'for (;;) { Math.sqrt(Math.random()); }'], { stdio: 'ignore' });
}

function failuresOf(reportPath) {
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch {
    return { failed: ['(no vitest report: the run crashed before writing it)'], passed: 0 };
  }
  const failed = [];
  let passed = 0;
  for (const file of report.testResults ?? []) {
    const rel = file.name.startsWith(ROOT) ? file.name.slice(ROOT.length + 1) : file.name;
    const tests = file.assertionResults ?? [];
    for (const t of tests) {
      if (t.status === 'passed') passed++;
      else if (t.status === 'failed')
        failed.push(
          `${rel} > ${t.fullName}\n      ${String(t.failureMessages?.[0] ?? '')
            .split('\n')[0]
            .slice(0, 300)}`,
        );
    }
    // A file that failed to load has no tests but a message.
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) failed.push(`${rel}: ${String(file.message ?? 'failed').split('\n')[0]}`);
  }
  return { failed, passed };
}

const runs = [];
try {
  for (let i = 1; i <= n; i++) {
    const withHog = hogRuns.has(i);
    const h = withHog ? startHog() : undefined;
    const t0 = performance.now();
    // Exactly what npm test runs (scripts/test.mjs: typecheck, dependency rules and vitest together).
    const report = join(tmp, `run-${i}.json`);
    const vt = spawnSync(node, [testScript, '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = (performance.now() - t0) / 1000;
    h?.kill('SIGKILL');
    const { failed, passed } = failuresOf(report);
    const out = `${vt.stdout}${vt.stderr}`;
    for (const m of out.matchAll(/^── (typecheck|dependency rules)[^\n]*: FAILED[^\n]*\n([^\n]*)/gm)) failed.unshift(`${m[1]}: ${m[2]}`);
    if (vt.status !== 0 && failed.length === 0) failed.push(`npm test exited ${vt.status}: ${out.trim().split('\n').slice(-3).join(' | ')}`);
    runs.push({ seconds, failed, passed });
    console.log(`run ${i}/${n}${withHog ? ' (with a CPU hog)' : ''}: ${seconds.toFixed(1)} s, ${passed} passed, ${failed.length} failed`);
    for (const f of failed) console.log(`  FAIL ${f}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const bad = runs.filter((r) => r.failed.length > 0).length;
const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
const median = times[Math.floor((times.length - 1) / 2)];
console.log(
  `${n} runs${hog ? ` (${hogRuns.size === n ? 'each' : `run ${[...hogRuns].join(', ')}`} with a CPU hog)` : ''}: ${n - bad} passed, ${bad} failed; ${runs.reduce((a, r) => a + r.failed.length, 0)} test failures; wall min ${times[0].toFixed(1)} s, median ${median.toFixed(1)} s, max ${times.at(-1).toFixed(1)} s`,
);
process.exit(bad > 0 ? 1 : 0);
