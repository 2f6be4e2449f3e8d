import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compareCommand } from '../../src/cli/compare.js';
import { UsageError } from '../../src/util/errors.js';
import { measure, toBaseline } from '../../src/baseline/baseline.js';
import type { GateResult } from '../../src/results/types.js';
import { fingerprint, gateResult } from '../verdict/gate-result.js';

const dir = mkdtempSync(join(tmpdir(), 'compare-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A gate result whose saturation is `rps` with a bracket 5 % wide, its measured figures filled. */
function run(rps: number): GateResult {
  const r = gateResult({ rps, load_value: rps, bracket: [rps, rps * 1.05] });
  return { ...r, measured: measure(r), fingerprint: fingerprint() };
}

function files(name: string, base: GateResult, cur: GateResult): [string, string] {
  const b = join(dir, `${name}-baseline.json`);
  const c = join(dir, `${name}-results.json`);
  writeFileSync(b, JSON.stringify(toBaseline(base, base.fingerprint)));
  writeFileSync(c, JSON.stringify(cur));
  return [b, c];
}

async function exitOf(args: string[]): Promise<number> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await compareCommand(args);
  } finally {
    out.mockRestore();
  }
}

// Offline judgement of a finished run: the exit code is the verdict (0 pass/improvement,
// 1 regression, 3 inconclusive) and bad input is a usage error (2), never a stack trace.
describe('compare command', () => {
  it.each([
    // Same capacity: pass.
    { name: 'same', base: 40, cur: 40, code: 0 },
    // −25 %: well past the 5 % tolerance and the ~7 % combined bracket noise.
    { name: 'drop', base: 40, cur: 30, code: 1 },
    // −6 %: past the tolerance, inside the noise: inconclusive.
    { name: 'borderline', base: 40, cur: 37.6, code: 3 },
    // +25 %: improvement, exit 0.
    { name: 'gain', base: 40, cur: 50, code: 0 },
  ])('$name: exit $code', async ({ name, base, cur, code }) => {
    expect(await exitOf(files(name, run(base), run(cur)))).toBe(code);
  });

  it('takes tolerances from --config', async () => {
    const cfg = join(dir, 'loose.yml');
    // A 30 % tolerance on saturation turns the −25 % drop into a pass.
    writeFileSync(cfg, 'tolerances:\n  saturation_rps: 0.3\n');
    expect(await exitOf([...files('loose', run(40), run(30)), '--config', cfg])).toBe(0);
  });

  it('reports a baseline of another workload as not comparable (inconclusive)', async () => {
    const cur = { ...run(40), fingerprint: fingerprint({ workload_hash: 'other' }) };
    expect(await exitOf(files('other', run(40), cur))).toBe(3);
  });

  it('rejects bad input with a usage error', async () => {
    await expect(compareCommand([join(dir, 'missing.json'), join(dir, 'same-results.json')])).rejects.toThrow(/does not exist; record one/);
    const notGate = join(dir, 'not-gate.json');
    writeFileSync(notGate, '{"kind":"load"}');
    await expect(compareCommand([join(dir, 'same-baseline.json'), notGate])).rejects.toThrow(UsageError);
    await expect(compareCommand([join(dir, 'same-baseline.json')])).rejects.toThrow(/expected two files/);
  });
});
