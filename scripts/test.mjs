#!/usr/bin/env node
/**
 * `npm test`: the typecheck (tsc --noEmit), the dependency rules (dependency-cruiser) and vitest,
 * started together — the first two finish within vitest's first seconds, so the suite's wall time
 * is vitest's. Their output is printed after vitest's, each under a header; the exit code is the
 * first non-zero one in that order (typecheck, dependency rules, vitest). Arguments go to vitest
 * (npm test -- test/cli).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const node = process.execPath;
const bin = (...p) => join(ROOT, 'node_modules', ...p);

/** Runs a command with its output kept (or passed through), resolving with its code and output. */
function run(args, inherit) {
  return new Promise((res) => {
    const child = spawn(node, args, { cwd: ROOT, stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (b) => (out += b));
    child.stderr?.on('data', (b) => (out += b));
    child.on('error', (e) => res({ code: 1, out: `${out}${e.message}\n` }));
    child.on('close', (code, signal) => res({ code: code ?? (signal ? 1 : 0), out }));
  });
}

const typecheck = run([bin('typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], false);
const deps = run([bin('dependency-cruiser', 'bin', 'dependency-cruiser.mjs'), 'src', '--config', '.dependency-cruiser.cjs'], false);
const vitest = run([bin('vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)], true);

const [t, d, v] = await Promise.all([typecheck, deps, vitest]);
console.log(`\n── typecheck (tsc --noEmit): ${t.code === 0 ? 'ok' : `FAILED (exit ${t.code})`}`);
if (t.code !== 0 || t.out.trim()) console.log(t.out.trimEnd());
console.log(`── dependency rules (npm run check:deps): ${d.code === 0 ? 'ok' : `FAILED (exit ${d.code})`}`);
if (d.code !== 0) console.log(d.out.trimEnd());
else console.log(d.out.trim().split('\n').at(-1));
process.exit([t.code, d.code, v.code].find((c) => c !== 0) ?? 0);
