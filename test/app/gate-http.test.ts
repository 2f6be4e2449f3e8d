/**
 * The gate's phases through runGate against real servers on 127.0.0.1: the scripted server
 * (test/helpers/script-server.ts) where exact behaviour matters, the built-in simulator where the
 * endpoint has to saturate like an engine. Phases are short (1–3 s) so the file runs in ~25 s.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeGate } from '../../src/app/execute.js';
import type { LevelResult } from '../../src/app/gate.js';
import { gateMarkdown } from '../../src/report/gate-markdown.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';
import { startScriptServer, type Script, type ScriptServer } from '../helpers/script-server.js';
import { closedPortUrl, countsAddUp, error500, fastConfig, gate, schemaErrors, streamScript } from './fixture.js';

const servers: ScriptServer[] = [];
async function scripted(script: (req: { body: string; n: number }) => Script): Promise<ScriptServer> {
  const s = await startScriptServer(script);
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('warmup', () => {
  it('reports warmup errors, with the first one in full, and carries on', async () => {
    // The first two requests (both warmup users' first try) get a 500; everything after succeeds.
    const srv = await scripted(({ n }) => (n < 2 ? error500 : streamScript()));
    const r = await gate(fastConfig(srv.url, { saturation: { levels: [2] } }));
    expect(r.status).toBe('complete');
    expect(r.warmup).toMatchObject({ requests: 4, ok: 2, errors: { http_5xx: 2 } });
    expect(r.warmup.first_error).toBe('http_5xx: HTTP 500: GPU fell off the bus');
    expect(r.baseline?.summary.requests.ok).toBeGreaterThan(0);
  });

  const dead: Array<{ name: string; start: () => Promise<{ url: string; srv?: ScriptServer }>; kinds: string; first: RegExp }> = [
    // Nothing listens: every connect is refused.
    { name: 'closed port', start: async () => ({ url: await closedPortUrl() }), kinds: 'connect_error ×4', first: /first: connect_error: ECONNREFUSED/ },
    // A server that answers 500 to everything: the server's own message is in the error.
    { name: '500 to all', start: async () => { const srv = await scripted(() => error500); return { url: srv.url, srv }; }, kinds: 'http_5xx ×4', first: /first: http_5xx: HTTP 500: GPU fell off the bus/ },
    // Wrong model name: a 404 with the server's explanation.
    {
      name: '404 unknown model',
      start: async () => { const srv = await scripted(() => ({ status: 404, body: JSON.stringify({ error: { message: 'The model `m` does not exist.' } }) })); return { url: srv.url, srv }; },
      kinds: 'http_4xx ×4',
      first: /first: http_4xx: HTTP 404: The model `m` does not exist\./,
    },
  ];
  it.each(dead)('a dead endpoint stops the run: $name', async (c) => {
    const { url, srv } = await c.start();
    const r = await gate(fastConfig(url, { saturation: { levels: [2, 4] }, sla_validation: { enabled: true, rate: 1 } }));
    expect(r.status).toBe('endpoint_down');
    expect(r.error).toContain(`warmup: none of 4 requests to ${url} (model m) succeeded (${c.kinds}; `);
    expect(r.error).toMatch(c.first);
    expect(r.error).toContain('Check that the endpoint is up, the URL and model name are right');
    // Nothing after warmup ran: no baseline, no level, no operating point, no load counted.
    expect(r.baseline).toBeUndefined();
    expect(r.saturation.levels).toEqual([]);
    expect(r.operating_point).toBeUndefined();
    expect(r.sla.pass).toBeNull();
    expect(r.load_minutes).toBe(0);
    if (srv) expect(srv.requests).toHaveLength(4);
  });

  it('executeGate writes the run directory for a dead endpoint too', async () => {
    const config = fastConfig(await closedPortUrl());
    const run = await executeGate(config, new AbortController().signal, { line: () => {}, level: () => {}, bar: () => {} });
    const [dir] = readdirSync(config.run.out);
    const results = JSON.parse(readFileSync(join(config.run.out, dir!, 'results.json'), 'utf8'));
    expect(results).toMatchObject({ status: 'endpoint_down', warmup: { requests: 4, ok: 0, errors: { connect_error: 4 } } });
    expect(results.error).toBe(run.result.error);
    expect(results.warmup.first_error).toMatch(/^connect_error: ECONNREFUSED/);
    expect(schemaErrors(results)).toEqual([]);
    expect(existsSync(join(config.run.out, dir!, 'report.md'))).toBe(true);
  });
});

describe('baseline', () => {
  it('runs at 1 req/s, open loop, and is never judged saturated', async () => {
    const srv = await scripted(() => streamScript(15));
    const r = await gate(fastConfig(srv.url, { baseline: { duration: '3s' }, saturation: { levels: [2] } }));
    const b = r.baseline!;
    expect(b.phase).toBe('baseline');
    expect(b.summary.offered).toEqual({ kind: 'rate', value: 1 });
    expect(b.summary.requests).toMatchObject({ sent: 3, ok: 3 });
    expect(b).toMatchObject({ saturated: false, reasons: [], valid: true });
    // The three baseline requests (after the 4 warmup requests and the settling round) arrived one second apart.
    const w = 4 + (r.warmup.settling?.requests ?? 0);
    expect(r.warmup.settling).toMatchObject({ settled: true });
    const gaps = [srv.received[w + 1]! - srv.received[w]!, srv.received[w + 2]! - srv.received[w + 1]!];
    for (const g of gaps) expect(g).toBeGreaterThan(950), expect(g).toBeLessThan(1060);
    // Its TTFT is what the server scripted (15 ms) plus client overhead.
    expect(b.summary.ttft_ms.p99).toBeGreaterThanOrEqual(15);
    expect(b.summary.ttft_ms.p99).toBeLessThan(80);
  });
});

describe('steps strategy (simulator, tiny profile)', () => {
  // tiny at speedup 0.5 with 15 prompt / 20 output tokens serves ~48.5 req/s; the levels below stay under it.
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({ port: 0, profile: 'tiny', speedup: 0.5, seed: 5 });
  });
  afterAll(async () => sim.close());
  // These cases are about the error and SLA criteria; the P99-TTFT criterion (tested alone in
  // saturation-criteria.test.ts) gets a 200 ms noise floor here, because the 2-sample baseline and
  // 1 s levels on a busy 2-core machine can show a 25 ms scheduling hiccup.
  const simConfig = (over: { saturation: Record<string, unknown> } & Record<string, unknown>) =>
    fastConfig(sim.url, {
      target: { model: 'tiny', endpoint: 'completions' },
      workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
      ...over,
      saturation: { criteria: { ttft_min_increase_ms: 200 }, ...over.saturation },
    });

  /** Turns the simulator's error fault on for the levels named in `failing` (set after the level before ends). */
  function faultsFor(failing: string[]): (l: LevelResult) => void {
    const order = ['baseline', 'sat-1', 'sat-2', 'sat-3', 'sat-4', 'operating-point'];
    return (l) => {
      const next = order[order.indexOf(l.summary.name) + 1];
      sim.setFaults({ errorRate: next !== undefined && failing.includes(next) ? 1 : 0 });
    };
  }

  it('stop_at_first_saturated: levels ≥ the failing one are not run; the operating point is 0.7 × the last good', async () => {
    sim.setFaults({ errorRate: 0 });
    const config = simConfig({ saturation: { levels: [4, 8, 16, 24], stop_at_first_saturated: true }, sla_validation: { enabled: true, duration: '1s' }, sla: { error_rate: 0.01 } });
    const r = await gate(config, { onLevel: faultsFor(['sat-3']) });
    const lv = r.saturation.levels;
    expect(lv.map((l) => [l.summary.offered.value, l.reasons.join('; ')])).toEqual([[4, ''], [8, ''], [16, expect.stringContaining('error rate')]]); // 24 never ran
    expect(lv.map((l) => l.saturated)).toEqual([false, false, true]);
    expect(lv[2]!.reasons).toEqual(['error rate 100% > 0.5%', 'achieved 0.00 req/s < 95% of offered 16.00', 'no request succeeded', 'SLA error_rate: 1 > 0.01']);
    expect(r.saturation).toMatchObject({ strategy: 'steps', load: 'rate', rps: 8, load_value: 8, bracket: [8, 16], precision: 1 });
    // Operating point: 0.7 × 8 = 5.6 req/s (fault off again), SLA holds there.
    expect(r.operating_point).toMatchObject({ load: 'rate', value: 5.6 });
    expect(r.sla).toEqual({ pass: true, checks: [{ rule: 'error_rate', actual: 0, limit: 0.01, bound: 'max', pass: true }] });
    for (const l of [r.baseline!, ...lv, r.operating_point!.level]) expect(countsAddUp(l.summary)).toBe(true);
  });

  it('stop_at_first_saturated: false runs every level; the knee is the first saturated one', async () => {
    sim.setFaults({ errorRate: 0 });
    // Only sat-2 fails (a transient), the levels after it are fine again.
    const r = await gate(simConfig({ saturation: { levels: [4, 8, 16, 24], stop_at_first_saturated: false } }), { onLevel: faultsFor(['sat-2']) });
    expect(r.saturation.levels.map((l) => [l.summary.offered.value, l.saturated])).toEqual([
      [4, false],
      [8, true],
      [16, false],
      [24, false],
    ]);
    // The bracket must stay ordered: last good below the first saturated, never [24, 8].
    expect(r.saturation).toMatchObject({ rps: 4, bracket: [4, 8], precision: 1 });
  });

  it('capacity-at-sla: the highest level meeting the SLA, judged by the SLA alone', async () => {
    sim.setFaults({ errorRate: 0 });
    // 12–36 req/s are well under the ~48.5 req/s capacity (TTFT p99 ≈ 10–20 ms); 72 is 1.5× it (queueing, 503s).
    const config = simConfig({ mode: 'capacity-at-sla', sla: { ttft_p99_ms: 100 }, saturation: { levels: [12, 24, 36, 72, 96] } });
    expect(config.slaValidation.enabled).toBe(false); // capacity-at-sla has no separate validation phase by default
    const r = await gate(config);
    const lv = r.saturation.levels;
    expect(lv.map((l) => l.summary.offered.value)).toEqual([12, 24, 36, 72]); // stops at the first SLA break
    expect(lv.map((l) => l.sla_checks[0]!.pass)).toEqual([true, true, true, false]);
    // Only the SLA decides in this mode: the saturated level's reasons are SLA rules, though it also had errors.
    expect(lv[3]!.reasons.length).toBeGreaterThan(0);
    expect(lv[3]!.reasons.every((x) => x.startsWith('SLA ttft_p99_ms: '))).toBe(true);
    expect(r.saturation).toMatchObject({ load_value: 36, rps: 36, bracket: [36, 72] });
    expect(r.operating_point).toBeUndefined();
    const md = gateMarkdown(r);
    expect(md).toContain('Capacity at SLA: **36 req/s** (36.0 req/s sustained); the SLA breaks at 72 req/s.');
    // The table marks the capacity level, and only it.
    const marked = md.split('\n').filter((line) => line.includes('◀ breakpoint'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(/^\| sat-3 +\| 36 req\/s ◀ breakpoint/);
  });
});

describe('SLA validation at the operating point', () => {
  // Every 10th request (n % 10 == 9) answers 500; the others stream 4 tokens: first after 30 ms, then 5 ms apart.
  // At 5 req/s for 2 s the operating point sends exactly 10 requests in a row, so exactly one fails.
  const cases = [
    {
      name: 'mixed PASS and FAIL',
      sla: { ttft_p99_ms: 200, e2e_p50_ms: 20, error_rate: 0.05, goodput_ratio: 0.85, goodput_ttft_ms: 200 },
      expect: [
        // TTFT ≈ 30 ms ≤ 200: PASS.
        { rule: 'ttft_p99_ms', pass: true, limit: 200, bound: 'max', actual: [30, 200] },
        // E2E ≈ 30 + 3 × 5 = 45 ms > 20: FAIL.
        { rule: 'e2e_p50_ms', pass: false, limit: 20, bound: 'max', actual: [44, 150] },
        // 1 of 10 failed = 0.1 > 0.05: FAIL.
        { rule: 'error_rate', pass: false, limit: 0.05, bound: 'max', actual: [0.1, 0.1] },
        // 9 ok, all within 200 ms TTFT: 9/9 × 9/10 = 0.9 ≥ 0.85: PASS.
        { rule: 'goodput_ratio', pass: true, limit: 0.85, bound: 'min', actual: [0.9, 0.9] },
      ],
      pass: false,
    },
    {
      name: 'all PASS',
      sla: { ttft_p95_ms: 300, e2e_p99_ms: 1000, error_rate: 0.2 },
      expect: [
        { rule: 'ttft_p95_ms', pass: true, limit: 300, bound: 'max', actual: [30, 300] },
        { rule: 'e2e_p99_ms', pass: true, limit: 1000, bound: 'max', actual: [44, 1000] },
        { rule: 'error_rate', pass: true, limit: 0.2, bound: 'max', actual: [0.1, 0.1] },
      ],
      pass: true,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const srv = await scripted(({ n }) => (n % 10 === 9 ? error500 : streamScript(30, 4, 5)));
    const r = await gate(fastConfig(srv.url, { saturation: { levels: [2] }, sla_validation: { enabled: true, rate: 5, duration: '2s' }, sla: c.sla }));
    expect(r.operating_point).toMatchObject({ load: 'rate', value: 5 });
    expect(r.operating_point!.level.summary.requests).toMatchObject({ sent: 10, ok: 9, errors: { http_5xx: 1 } });
    expect(r.sla.checks.map((x) => x.rule)).toEqual(c.expect.map((x) => x.rule));
    c.expect.forEach((e, i) => {
      const got = r.sla.checks[i]!;
      expect(got).toMatchObject({ rule: e.rule, pass: e.pass, limit: e.limit, bound: e.bound });
      expect(got.actual).toBeGreaterThanOrEqual(e.actual[0]!);
      expect(got.actual).toBeLessThanOrEqual(e.actual[1]!);
    });
    expect(r.sla.pass).toBe(c.pass);
    // The operating-point level carries the same checks.
    expect(r.operating_point!.level.sla_checks).toEqual(r.sla.checks);
  });
});
