/**
 * `llm-loadgate chaos` for real: the simulator over HTTP on loopback, the real clock, real fault
 * commands. A fault posted to the simulator's admin API is measured against the simulator's own
 * counters; a fault command that fails or hangs is a clear error (exit 2) with the timeline
 * measured before it written to chaos.json. Short phases at a low rate (about 12 s in all; a
 * pre-fault phase is at least 3 s, so one failing command covers both the failure and the API
 * key's absence from its environment, and the hanging command runs beside it).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { chaosCommand } from '../../src/cli/chaos.js';
import { main } from '../../src/cli/main.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgate-chaos-cli-'));
let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim({ port: 0, profile: 'tiny', replicas: 4, routing: 'round-robin', seed: 3 });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

let n = 0;
function configFile(chaos: Record<string, unknown>, sla?: Record<string, unknown>): { file: string; out: string } {
  const out = join(dir, `out-${++n}`);
  const file = join(dir, `loadgate-${n}.yml`);
  const cfg = {
    name: 'chaos-cli',
    target: { url: sim.url, model: 'tiny', endpoint: 'completions' },
    workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
    run: { out, drain: '5s' },
    chaos: { enabled: true, rate: 20, pre_fault: '3s', ...chaos },
    ...(sla ? { sla } : {}),
  };
  writeFileSync(file, JSON.stringify(cfg)); // JSON is YAML
  return { file, out };
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

const chaosJson = (out: string): any => {
  const d = readdirSync(out).find((x) => x.startsWith('chaos-'))!;
  return JSON.parse(readFileSync(join(out, d, 'chaos.json'), 'utf8'));
};

describe('llm-loadgate chaos against the simulator over HTTP', () => {
  it('a replica crash posted to /admin/faults: detected, counted like the simulator counts, recovered after the restart', async () => {
    const before = sim.stats().models[0]!;
    const { file, out } = configFile(
      // Wide latency and throughput tolerances: a busy machine's jitter must not pass for the fault.
      {
        recovery_seconds: 2,
        max_duration: '20s',
        tolerance: { throughput: 0.3, ttft_p99: 20 },
        fault: { sim: { crashes: [{ replica: 0, atMs: 0, recoverAfterMs: 2000, detectionMs: 60000 }] } },
      },
      { recovery_s: 15, lost_requests: 100 },
    );
    const r = await run(['chaos', '--config', file]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const j = chaosJson(out);
    expect(j.status).toBe('complete');
    const f = j.figures;
    expect(f.detected).toBe(true);
    expect(f.detected_by).toContain('errors');
    expect(f.detect_s).toBeLessThanOrEqual(3);
    expect(f.recovered).toBe(true);
    // The replica restarts 2 s after the crash: requests routed to it fail until then, so the
    // recovery cannot come much earlier (the seconds are whole); a busy machine may only delay it.
    expect(f.recovery_s).toBeGreaterThanOrEqual(1);
    const m = sim.stats().models[0]!;
    expect(f.lost_requests).toBe(m.lostInCrash - before.lostInCrash);
    expect(f.error_burst.kinds.reset_before_first_byte ?? 0).toBe(m.refusedDown - before.refusedDown);
    expect(j.sla.pass).toBe(true);
    expect(r.stdout).toContain('Time to recover');
    expect(r.stdout).toContain('◀ injection');
  });

  // One real fault command for both: it fails (exit 3, with output), and it prints what it saw of
  // the API key (a pre-fault phase is at least 3 s, so the two cases share one). The hanging command
  // runs at the same time, against the same simulator (20 req/s each, far under its capacity).
  it('a fault command that fails: exit 2, its exit code and output in the message, the pre-fault timeline kept; it gets no API key in its environment, and a secret it prints is masked; one that hangs, alongside: killed at action_timeout', async () => {
    process.env.LOADGATE_CHAOS_TEST_KEY = 'sk-chaos-secret-4711';
    try {
      const { file, out } = configFile({
        fault: {
          command: [
            process.execPath,
            '-e',
            "console.log('key=' + (process.env.LOADGATE_CHAOS_TEST_KEY ?? 'absent')); console.log('header=hdr-secret-0815'); console.error('pod chaos-0 not found'); process.exit(3)",
          ],
        },
      });
      const cfg = JSON.parse(readFileSync(file, 'utf8'));
      cfg.target.api_key_env = 'LOADGATE_CHAOS_TEST_KEY';
      cfg.target.headers = { 'x-token': 'hdr-secret-0815' };
      writeFileSync(file, JSON.stringify(cfg));
      // A fault command that hangs, alongside (its own run directory; chaosCommand straight, so its
      // error is read from its chaos.json, not from this test's captured output).
      const hang = configFile({ action_timeout: '1s', fault: { command: [process.execPath, '-e', 'setTimeout(() => {}, 600000)'] } });
      const [r, hangCode] = await Promise.all([run(['chaos', '--config', file]), chaosCommand(['--config', hang.file], new AbortController().signal)]);
      expect(hangCode).toBe(2);
      const h = chaosJson(hang.out);
      expect(h.status).toBe('fault_failed');
      expect(h.error).toMatch(/chaos\.fault\.command did not finish within 1 s \(chaos\.action_timeout\): its process group was killed/);
      expect(h.timeline.length).toBeGreaterThanOrEqual(3);

      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/chaos\.fault\.command exited with code 3\. Last output: .*pod chaos-0 not found/);
      expect(r.stderr).toMatch(/timeline measured before the failure is in .*chaos\.json/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stderr).toMatch(/key=absent/);
      expect(r.stderr).toMatch(/header=\*\*\*/);
      const j = chaosJson(out);
      expect(j.status).toBe('fault_failed');
      expect(j.figures).toBeNull();
      // Three seconds of pre-fault load at 20 req/s, every request in one outcome.
      expect(j.timeline.length).toBeGreaterThanOrEqual(3);
      const sent = j.timeline.reduce((a: number, s: any) => a + s.sent, 0);
      expect(sent).toBe(j.summary.requests.sent);
      expect(sent).toBeGreaterThanOrEqual(50);
      expect(j.summary.requests.ok).toBe(sent);
      const d = readdirSync(out).find((x) => x.startsWith('chaos-'))!;
      const written = readFileSync(join(out, d, 'chaos.json'), 'utf8') + readFileSync(join(out, d, 'report.md'), 'utf8');
      for (const text of [r.stderr, r.stdout, written]) {
        expect(text).not.toContain('sk-chaos-secret-4711');
        expect(text).not.toContain('hdr-secret-0815');
      }
    } finally {
      delete process.env.LOADGATE_CHAOS_TEST_KEY;
    }
  });

  it('refuses without chaos.enabled: true, before sending anything', async () => {
    const { file, out } = configFile({ enabled: false, fault: { sim: { errorRate: 1 } } });
    const before = sim.stats().models[0]!.requests;
    const r = await chaosCommand(['--config', file], new AbortController().signal).catch((e: Error) => e);
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toMatch(/refusing to inject a fault into .* without chaos\.enabled: true/);
    expect(sim.stats().models[0]!.requests).toBe(before);
    expect(() => readdirSync(out)).toThrow();
  });
});
