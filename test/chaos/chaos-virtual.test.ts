/**
 * The chaos phase on virtual time against the simulator's model in process (SimSender on a
 * VirtualClock): every figure is held to what the simulator itself did and counted.
 *
 * Endpoint: `tiny` profile, 4 replicas, round-robin, /v1/completions, a 60-character prompt (15
 * tokens), exactly 20 output tokens: ≈ 97 req/s per replica (see test/unit-gate/gate-virtual.test.ts),
 * so 100 req/s is about a quarter of the group's capacity and three replicas carry it easily.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig, mergeRaw, type RawConfig } from '../../src/config/parse.js';
import { ConfigError } from '../../src/util/errors.js';
import type { Config } from '../../src/config/types.js';
import { workloadFor } from '../../src/app/execute.js';
import { runChaos, ChaosRefused, type ChaosResult } from '../../src/app/chaos.js';
import { errorCount } from '../../src/metrics/chaos-timeline.js';
import { chaosMarkdown } from '../../src/report/chaos-markdown.js';
import { SimSender } from '../../src/load/sim-sender.js';
import { workloadRecord } from '../../src/workload/index.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import type { SimStats } from '../../src/sim/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function config(over: RawConfig = {}): Config {
  return buildConfig(rawConfig(over));
}

function rawConfig(over: RawConfig = {}): RawConfig {
  const out = mkdtempSync(join(tmpdir(), 'loadgate-chaos-'));
  dirs.push(out);
  const base: RawConfig = {
    name: 'chaos-virtual',
    target: { url: 'http://sim.invalid', model: 'tiny', endpoint: 'completions', timeouts: { first_byte: '5s', idle: '5s', total: '20s' } },
    workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
    run: { out, seed: 7 },
    chaos: { enabled: true, rate: 100, pre_fault: '10s', max_duration: '30s', fault: { sim: { crashes: [{ replica: 1, atMs: 0, recoverAfterMs: 5000, detectionMs: 600000 }] } } },
  };
  return mergeRaw(base, over);
}

interface Run {
  result: ChaosResult;
  sim: SimStats;
  injectedVirtualMs: number;
}

async function virtualChaos(cfg: Config): Promise<Run> {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11, replicas: 4, routing: 'round-robin' } });
  let injectedVirtualMs = -1;
  try {
    const result = await clock.run(
      () =>
        runChaos(cfg, {
          sender,
          workload: workloadFor(cfg),
          signal: new AbortController().signal,
          log: () => {},
          clock,
          simFaults: (f) => {
            injectedVirtualMs = clock.now();
            sender.setFaults(f);
          },
        }),
      { maxVirtualMs: 3_600_000 },
    );
    // Read before close(): closing crashes every replica.
    return { result, sim: sender.stats(), injectedVirtualMs };
  } finally {
    await sender.close();
  }
}

describe('chaos: one of 4 replicas crashes under steady load, restarts 5 s later', () => {
  let run: Run;

  it('detects the crash within 2 s, counts what the simulator lost and refused, recovers within 2 s of the restart', async () => {
    run = await virtualChaos(config());
    const r = run.result;
    expect(r.status).toBe('complete');
    const f = r.figures!;
    // The crash happens at the injection (atMs 0): the simulator's own crash time.
    expect(run.injectedVirtualMs).toBeGreaterThan(0);
    expect(f.injected_at_s).toBeCloseTo(10, 3);
    expect(f.detected).toBe(true);
    expect(f.detect_s!).toBeGreaterThan(0);
    expect(f.detect_s!).toBeLessThanOrEqual(2);
    expect(f.detected_by).toContain('errors');
    // The pre-fault reference is the offered rate, with errors none.
    expect(f.pre_fault.throughput_rps).toBeCloseTo(100, -1);
    expect(f.pre_fault.error_rate).toBe(0);

    const m = run.sim.models[0]!;
    const crashed = m.replicas[1]!;
    expect(crashed.crashes).toBe(1);
    // Lost: the requests queued or running on the replica when it crashed — each a stream cut mid-way.
    expect(m.lostInCrash).toBeGreaterThan(0);
    expect(f.lost_requests).toBe(m.lostInCrash);
    // Failed: those plus every request routed to the dead replica before it came back.
    expect(m.refusedDown).toBeGreaterThan(0);
    expect(f.error_burst.kinds.reset_before_first_byte).toBe(m.refusedDown);
    expect(f.error_burst.kinds.reset_after_first_byte).toBe(m.lostInCrash);
    expect(f.error_burst.count).toBe(m.refusedDown + m.lostInCrash);
    // …which is every request the simulator counts as failed, and every error the client saw.
    expect(m.failed).toBe(f.error_burst.count);
    expect(r.summary.requests.sent - r.summary.requests.ok).toBe(m.failed);
    // About a quarter of 5 s × 100 req/s went to the dead replica.
    expect(m.refusedDown).toBeGreaterThan(100);
    expect(m.refusedDown).toBeLessThan(150);

    // Recovery: the replica is back 5 s after the crash; the endpoint is within tolerance again within 2 s of that.
    expect(f.recovered).toBe(true);
    expect(Math.abs(f.recovery_s! - 5)).toBeLessThanOrEqual(2);
    // Throughput dipped by about the dead replica's quarter.
    expect(f.throughput_dip!).toBeGreaterThan(0.6);
    expect(f.throughput_dip!).toBeLessThan(0.9);
    // The phase stopped soon after recovery, well before max_duration (30 s).
    expect(f.held_s).toBeLessThan(10 + 5 + 2 + 3 + 3);

    // The timeline adds up: every request sent is in exactly one outcome, second by second and in total.
    const sent = r.timeline.reduce((a, s) => a + s.sent, 0);
    const ended = r.timeline.reduce((a, s) => a + s.ok + errorCount(s), 0);
    expect(sent).toBe(r.summary.requests.sent);
    expect(ended).toBe(sent);
    expect(r.timeline.reduce((a, s) => a + s.ok, 0)).toBe(r.summary.requests.ok);
    // No rule configured: nothing judged.
    expect(r.sla.pass).toBeNull();
  });

  it('renders the figures and a per-second table with the injection and the recovery marked', () => {
    const md = chaosMarkdown(run.result);
    expect(md).toContain('Time to detect');
    expect(md).toMatch(/injection/);
    expect(md).toMatch(/recovered/);
    expect(md).toContain(`| ${run.sim.models[0]!.lostInCrash} `);
  });

  it('a recovery SLA below the measured recovery fails, one above passes; lost and burst rules judge the counts', async () => {
    const rec = run.result.figures!.recovery_s!;
    const tight = await virtualChaos(config({ sla: { recovery_s: Math.max(0, rec - 1.5), lost_requests: 0, error_burst: 10_000 } }));
    const loose = await virtualChaos(config({ sla: { recovery_s: rec + 1.5, lost_requests: 1_000, error_burst: 10_000 } }));
    // Same seed, same model: the very same figures.
    expect(tight.result.figures).toEqual(run.result.figures);
    const byRule = (x: Run) => Object.fromEntries(x.result.sla.checks.map((c) => [c.rule, c.pass]));
    expect(byRule(tight)).toEqual({ recovery_s: false, lost_requests: false, error_burst: true });
    expect(tight.result.sla.pass).toBe(false);
    expect(byRule(loose)).toEqual({ recovery_s: true, lost_requests: true, error_burst: true });
    expect(loose.result.sla.pass).toBe(true);
  });

  it('a replica that stays down and a router that notices after 2 s: recovery about 2 s, when the router stops sending there', async () => {
    const x = await virtualChaos(config({ chaos: { fault: { sim: { crashes: [{ replica: 2, atMs: 0, detectionMs: 2000 }] } } } }));
    const f = x.result.figures!;
    expect(f.detected).toBe(true);
    expect(f.recovered).toBe(true);
    expect(Math.abs(f.recovery_s! - 2)).toBeLessThanOrEqual(2);
    const m = x.sim.models[0]!;
    expect(f.error_burst.kinds.reset_before_first_byte).toBe(m.refusedDown);
    expect(f.lost_requests).toBe(m.lostInCrash);
  });

  it('added latency undone by restore 4 s later: detected by P99 TTFT, no errors, recovered about when restored', async () => {
    const x = await virtualChaos(config({ chaos: { fault: { sim: { crashes: [], latencyMs: 200 } }, restore: { sim: { latencyMs: 0 } }, restore_after: '4s' } }));
    const r = x.result;
    expect(r.status).toBe('complete');
    expect(r.restored_at_s).toBeCloseTo(14, 3);
    const f = r.figures!;
    // TTFT rose; the completions of that second came 200 ms late, so its throughput dipped too. No errors.
    expect(f.detected_by).toContain('ttft_p99');
    expect(f.detected_by).not.toContain('errors');
    expect(f.detect_s!).toBeLessThanOrEqual(2);
    expect(f.error_burst.count).toBe(0);
    expect(f.lost_requests).toBe(0);
    expect(f.recovered).toBe(true);
    expect(Math.abs(f.recovery_s! - 4)).toBeLessThanOrEqual(2);
    // While the latency held, P99 TTFT was about 200 ms above the pre-fault reference.
    const during = r.timeline[12]!;
    expect(during.ttft_p99_ms!).toBeGreaterThan(200);
    expect(during.ttft_p99_ms!).toBeLessThan(200 + 5 * f.pre_fault.ttft_p99_ms + 5);
  });

  it('a replica that stays down under a load the rest cannot carry: not recovered within the bound, recovery_s fails', async () => {
    // 340 req/s: within 4 replicas' ~388, beyond 3 replicas' ~291; the router notices after 1 s.
    const x = await virtualChaos(
      config({ chaos: { rate: 340, max_duration: '8s', fault: { sim: { crashes: [{ replica: 3, atMs: 0, detectionMs: 1000 }] } } }, sla: { recovery_s: 60 } }),
    );
    const f = x.result.figures!;
    expect(f.detected).toBe(true);
    expect(f.recovered).toBe(false);
    expect(f.recovery_s).toBeNull();
    expect(x.result.sla.checks).toEqual([{ rule: 'recovery_s', actual: 8, limit: 60, bound: 'max', pass: false }]);
    // The whole bound was held.
    expect(f.held_s).toBeGreaterThanOrEqual(10 + 8 - 1);
    expect(chaosMarkdown(x.result)).toMatch(/not recovered within/);
  });

  it('a fault that the load does not notice: not detected, recovered at once, a note says so', async () => {
    // A crash scheduled long after the phase's bound never happens within it.
    const x = await virtualChaos(config({ chaos: { max_duration: '5s', recovery_seconds: 2, fault: { sim: { crashes: [{ replica: 0, atMs: 3_600_000 }] } } } }));
    const f = x.result.figures!;
    expect(f.detected).toBe(false);
    expect(f.recovered).toBe(true);
    expect(f.recovery_s).toBe(0);
    expect(f.error_burst.count).toBe(0);
    expect(x.result.notes.join(' ')).toMatch(/no visible effect/);
  });

  it('cancelled mid-fault: status cancelled, no rules judged, every request sent still ends in one outcome', async () => {
    const cfg = config({ sla: { recovery_s: 30 }, chaos: { restore: { sim: { errorRate: 0 } } } });
    const clock = new VirtualClock();
    const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11, replicas: 4, routing: 'round-robin' } });
    const stop = new AbortController();
    clock.setTimer(() => stop.abort(), 12_500);
    try {
      const r = await clock.run(() => runChaos(cfg, { sender, workload: workloadFor(cfg), signal: stop.signal, log: () => {}, clock, simFaults: (f) => sender.setFaults(f) }));
      expect(r.status).toBe('cancelled');
      expect(r.restored_at_s).toBeDefined();
      expect(r.sla).toEqual({ checks: [], pass: null });
      expect(r.injected_at_s).toBeCloseTo(10, 3);
      const q = r.summary.requests;
      expect(q.sent).toBe(q.ok + Object.values(q.errors).reduce<number>((a, n) => a + (n ?? 0), 0));
      expect(q.errors.cancelled ?? 0).toBeGreaterThan(0);
      expect(r.timeline.length).toBeLessThanOrEqual(14);
    } finally {
      await sender.close();
    }
  });

  it('an invalid simulator fault is a clear error, with the pre-fault timeline kept', async () => {
    const x = await virtualChaos(config({ chaos: { fault: { sim: { crashes: [{ replica: 9, atMs: 0 }] } }, restore: { sim: { errorRate: 0 } } } }));
    expect(x.result.status).toBe('fault_failed');
    // The restore still runs, like a teardown: a fault may have failed half-way.
    expect(x.result.restored_at_s).toBeDefined();
    expect(x.result.error).toMatch(/chaos\.fault\.sim: .*4 replicas/);
    expect(x.result.timeline.length).toBeGreaterThanOrEqual(10);
    expect(x.result.timeline.slice(1, 9).every((s) => s.ok > 50)).toBe(true);
    expect(x.result.figures).toBeNull();
  });
});

describe('chaos: refusals and config problems', () => {
  it('refuses without chaos.enabled: true', async () => {
    const cfg = config({ chaos: { enabled: false } });
    await expect(
      runChaos(cfg, { sender: { send: () => Promise.reject(new Error('must not send')) }, workload: workloadFor(cfg), signal: new AbortController().signal, log: () => {} }),
    ).rejects.toThrow(ChaosRefused);
    await expect(
      runChaos(cfg, { sender: { send: () => Promise.reject(new Error('must not send')) }, workload: workloadFor(cfg), signal: new AbortController().signal, log: () => {} }),
    ).rejects.toThrow(/chaos\.enabled: true/);
  });

  it('refuses without a load to hold when run alone', async () => {
    const cfg = buildConfig(
      mergeRaw({ target: { url: 'http://sim.invalid', model: 'tiny' }, workload: { prompt: 'hi' } }, { chaos: { enabled: true, fault: { sim: { errorRate: 0.5 } } } }),
    );
    await expect(
      runChaos(cfg, { sender: { send: () => Promise.reject(new Error('must not send')) }, workload: workloadFor(cfg), signal: new AbortController().signal, log: () => {} }),
    ).rejects.toThrow(/chaos\.rate .*chaos\.concurrency/);
  });

  const problems = (raw: RawConfig): string[] => {
    try {
      buildConfig(mergeRaw({ target: { url: 'http://x.invalid', model: 'm' } }, raw));
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    return [];
  };

  it('names each problem: two fault kinds, shell syntax, a rule without a phase, a short pre-fault window, unknown keys', () => {
    expect(problems({ chaos: { enabled: true, fault: { command: 'docker kill x', sim: {} } } }).join('\n')).toMatch(/chaos\.fault: give exactly one of .*not command and sim/);
    expect(problems({ chaos: { enabled: true, fault: { command: 'kubectl delete pod x && sleep 1' } } }).join('\n')).toMatch(/chaos\.fault\.command: shell syntax "&&"/);
    expect(problems({ sla: { recovery_s: 10 } }).join('\n')).toMatch(/sla\.recovery_s: judged by the chaos phase/);
    expect(problems({ chaos: { enabled: true, pre_fault: '1s', fault: { sim: {} } } }).join('\n')).toMatch(/chaos\.pre_fault 1s: at least 3s/);
    expect(problems({ chaos: { enabled: true, fault: { sim: {} }, recover_after: '3s' } }).join('\n')).toMatch(/unknown key chaos\.recover_after/);
    expect(problems({ chaos: { enabled: true, rate: 5, concurrency: 2, fault: { sim: {} } } }).join('\n')).toMatch(/exclude each other/);
    expect(problems({ chaos: { enabled: true, fault: { http: { method: 'GET', url: 'http://127.0.0.1:1/x', body: 'a' } } } }).join('\n')).toMatch(
      /GET request cannot carry a body/,
    );
    expect(problems({ chaos: { enabled: true, fault: { http: { url: 'http://' } } } }).join('\n')).toMatch(/chaos\.fault\.http\.url "http:\/\/": not a valid URL/);
    expect(
      problems({ chaos: { enabled: true, fault: { http: { url: 'http://127.0.0.1:1/admin/faults', body: { errorRate: 1 } } } }, sla: { recovery_s: 30, lost_requests: 0 } }),
    ).toEqual([]);
  });

  it('an argv list and an HTTP body object are taken as given', () => {
    const cfg = buildConfig(
      mergeRaw(
        { target: { url: 'http://x.invalid', model: 'm' } },
        { chaos: { enabled: true, fault: { command: ['docker', 'kill', 'a b'] }, restore: { http: { url: 'http://127.0.0.1:1/r', body: { a: 1 } } } } },
      ),
    );
    expect(cfg.chaos!.fault.command).toEqual(['docker', 'kill', 'a b']);
    expect(cfg.chaos!.restore!.http).toEqual({ method: 'POST', url: 'http://127.0.0.1:1/r', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  });
});

describe('chaos after the gate', () => {
  let gate: Awaited<ReturnType<(typeof import('../../src/app/gate.js'))['runGate']>>;

  it('holds the operating point, joins its rules to the SLA checks, and the report shows the phase', async () => {
    const { runGate } = await import('../../src/app/gate.js');
    const { gateMarkdown } = await import('../../src/report/gate-markdown.js');
    const raw = rawConfig({
      warmup: { requests: 4, concurrency: 2, timeout: '10s' },
      baseline: { rate: 5, duration: '3s' },
      saturation: { strategy: 'steps', levels: [100, 200], level_duration: '3s', min_requests: 20 },
      sla_validation: { enabled: true, duration: '3s', rate: 150 },
      sla: { ttft_p99_ms: 500, recovery_s: 30, error_burst: 0 },
    });
    // The chaos section without a rate of its own: the gate's operating point is held.
    delete (raw.chaos as Record<string, unknown>).rate;
    const cfg = buildConfig(raw);
    expect(cfg.chaos!.load).toBeUndefined();
    const clock = new VirtualClock();
    const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11, replicas: 4, routing: 'round-robin' } });
    try {
      const r = await clock.run(
        () => runGate(cfg, { sender, workload: workloadFor(cfg), signal: new AbortController().signal, log: () => {}, clock, simFaults: (f) => sender.setFaults(f) }),
        { maxVirtualMs: 3_600_000 },
      );
      expect(r.status).toBe('complete');
      gate = r;
      expect(r.chaos!.load).toEqual({ kind: 'rate', value: 150 });
      expect(r.chaos!.figures!.detected).toBe(true);
      expect(r.sla.checks.map((c) => c.rule)).toEqual(['ttft_p99_ms', 'recovery_s', 'error_burst']);
      // A crash fails requests: error_burst 0 fails, so the gate's SLA fails.
      expect(r.sla.checks.find((c) => c.rule === 'error_burst')!.pass).toBe(false);
      expect(r.sla.checks.find((c) => c.rule === 'recovery_s')!.pass).toBe(true);
      expect(r.sla.pass).toBe(false);
      expect(gateMarkdown(r)).toContain('### Chaos');
      // results.json with the phase in it keeps to the published schema.
      const { schemaErrors } = await import('../app/fixture.js');
      const doc = JSON.parse(JSON.stringify({ ...r, workload: workloadRecord(cfg.workload, cfg.run.seed) }, (k, v) => (k === 'histograms' ? undefined : v)));
      expect(schemaErrors(doc)).toEqual([]);
      expect(schemaErrors({ ...doc, chaos: { ...doc.chaos, figures: { ...doc.chaos.figures, detected_by: ['vibes'] } } })).not.toEqual([]);
    } finally {
      await sender.close();
    }
  });

  it('capacity-at-sla (no SLA validation): the phase still holds the operating point; a disabled section is logged, not run', async () => {
    const { runGate } = await import('../../src/app/gate.js');
    const raw = rawConfig({
      mode: 'capacity-at-sla',
      warmup: { requests: 4, concurrency: 2, timeout: '10s' },
      baseline: { rate: 5, duration: '3s' },
      saturation: { strategy: 'steps', levels: [100, 200], level_duration: '3s', min_requests: 20 },
      sla: { ttft_p99_ms: 500 },
    });
    delete (raw.chaos as Record<string, unknown>).rate;
    const run = async (enabled: boolean) => {
      const cfg = buildConfig(mergeRaw(raw, { chaos: { enabled } }));
      expect(cfg.slaValidation.enabled).toBe(false);
      const clock = new VirtualClock();
      const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11, replicas: 4, routing: 'round-robin' } });
      const log: string[] = [];
      try {
        const r = await clock.run(
          () => runGate(cfg, { sender, workload: workloadFor(cfg), signal: new AbortController().signal, log: (l) => log.push(l), clock, simFaults: (f) => sender.setFaults(f) }),
          { maxVirtualMs: 3_600_000 },
        );
        return { r, log };
      } finally {
        await sender.close();
      }
    };
    const on = await run(true);
    expect(on.r.operating_point).toBeUndefined();
    expect(on.r.chaos!.load.kind).toBe('rate');
    // 0.7 × the highest level whose SLA held
    expect(on.r.chaos!.load.value).toBeCloseTo(0.7 * on.r.saturation.load_value!, 3);
    expect(on.r.chaos!.figures!.detected).toBe(true);
    const off = await run(false);
    expect(off.r.chaos).toBeUndefined();
    expect(off.log.join('\n')).toMatch(/chaos: configured but not run: set chaos\.enabled: true/);
  });

  it('report.html draws the timeline with the injection, detection and recovery marked, and lists the figures', async () => {
    const { writeVisualReport } = await import('../../src/report/html.js');
    const { chaosChart } = await import('../../src/report/charts.js');
    const out = mkdtempSync(join(tmpdir(), 'loadgate-chaos-html-'));
    dirs.push(out);
    const spec = JSON.stringify(chaosChart(gate.chaos!).spec);
    expect(spec).toContain('"injection"');
    expect(spec).toMatch(/detected \d/);
    expect(spec).toMatch(/recovered \d/);
    const w = await writeVisualReport(out, { kind: 'gate', result: gate });
    const html = readFileSync(w.html, 'utf8');
    expect(html).toContain('id="chart-chaos-timeline"');
    expect(html).toContain('<h2 id="chaos">Chaos</h2>');
    expect(html).toContain('Time to recover');
    expect(w.notes.filter((n) => n.includes('chaos'))).toEqual([]);
    if (!w.notes.some((n) => n.startsWith('PNG plots skipped'))) expect(w.plots.some((p) => p.endsWith('chaos-timeline.png'))).toBe(true);
  });
});
