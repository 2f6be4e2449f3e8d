import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim } from '../../src/sim/index.js';
import type { RunningSim } from '../../src/sim/types.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

// Ctrl-C on a running gate: it stops sending, cancels what is in flight, writes everything
// measured so far, and exits 130 — the process as a user runs it (bin → dist/cli.js), real signal.
describe('gate under SIGINT', () => {
  let sim: RunningSim;
  const dir = mkdtempSync(join(tmpdir(), 'gate-sigint-'));
  beforeAll(async () => {
    sim = await startSim({ port: 0, profile: 'tiny', seed: 5 });
  });
  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes partial results and exits 130', async () => {
    const cfg = join(dir, 'loadgate.yml');
    // Short unique prompts; eight 2 s steps well under the tiny profile's capacity (none saturates,
    // so the run cannot stop early): the signal, 0.5 s after sat-1 shows, lands inside the run even
    // when a busy machine delivers the child's output seconds late (three steps finished first
    // beside two CPU hogs). The run normally ends at the signal, so the runway costs nothing.
    writeFileSync(
      cfg,
      [
        'target: { model: tiny }',
        'workload: { mix: { short: { weight: 1, input: 64, output: 16 } } }',
        'warmup: { requests: 2 }',
        'baseline: { rate: 4, duration: 500ms }',
        'saturation: { strategy: steps, levels: [10, 12, 14, 16, 18, 20, 22, 24], stop_at_first_saturated: false, level_duration: 2s, min_requests: 10 }',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'llm-loadgate.js'), 'gate', '--config', cfg, '--target', sim.url, '--out', join(dir, 'out')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      // No charts: what is checked is results.json and report.md (1-2 s of CPU fewer).
      env: { ...process.env, LOADGATE_CHARTS: 'off' },
    });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Interrupt (once) when the first saturation level has finished and the second is under way.
      if (stderr.includes('sat-1') && !signalled) {
        signalled = true;
        setTimeout(() => child.kill('SIGINT'), 500);
      }
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/SIGINT: stopping/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    const runs = readdirSync(join(dir, 'out'));
    expect(runs).toHaveLength(1);
    const result = JSON.parse(readFileSync(join(dir, 'out', runs[0]!, 'results.json'), 'utf8'));
    expect(result.status).toBe('cancelled');
    expect(result.saturation.levels.length).toBeGreaterThanOrEqual(2);
    for (const l of [result.baseline, ...result.saturation.levels]) {
      const errors = Object.values(l.summary.requests.errors as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(l.summary.requests.sent).toBe(l.summary.requests.ok + errors);
    }
    expect(readFileSync(join(dir, 'out', runs[0]!, 'report.md'), 'utf8')).toMatch(/Run cancelled: partial results/);
  }, 60_000);
});
