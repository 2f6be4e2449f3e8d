/**
 * The gate's phases through runGate on virtual time (no sockets): a ScriptedSender
 * (test/helpers/virtual-server.ts) where exact behaviour matters, the simulator's model in process
 * (SimSender) where the endpoint has to saturate like an engine. Every instant is exact, so the
 * assertions are exact too; the file runs in well under a second. The same phases against a real
 * HTTP endpoint (dead endpoints, the run directory) are in gate-http.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { LevelResult } from '../../src/results/types.js';
import { SimSender } from '../../src/load/sim-sender.js';
import { gateMarkdown } from '../../src/report/gate-markdown.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { ScriptedSender, type VirtualScript } from '../helpers/virtual-server.js';
import { countsAddUp, fastConfig, removeTmpOuts, virtualGate } from './fixture.js';

afterAll(removeTmpOuts);

const URL = 'http://endpoint.invalid/v1';
const error500: VirtualScript = { status: 500, message: 'GPU fell off the bus' };
/** A streamed answer: first token after `ttftMs`, then `tokens − 1` more `gapMs` apart. */
const stream = (ttftMs = 10, tokens = 4, gapMs = 2): VirtualScript => ({ ttftMs, tokens, gapMs });

function scripted(script: (req: { n: number }) => VirtualScript): { clock: VirtualClock; srv: ScriptedSender } {
  const clock = new VirtualClock();
  return { clock, srv: new ScriptedSender(clock, script) };
}

describe('warmup', () => {
  it('reports warmup errors, with the first one in full, and carries on', async () => {
    // The first two requests (both warmup users' first try) get a 500; everything after succeeds.
    const { clock, srv } = scripted(({ n }) => (n < 2 ? error500 : stream()));
    const r = await virtualGate(fastConfig(URL, { saturation: { levels: [2] } }), srv, clock);
    expect(r.status).toBe('complete');
    expect(r.warmup).toMatchObject({ requests: 4, ok: 2, errors: { http_5xx: 2 } });
    expect(r.warmup.first_error).toBe('http_5xx: HTTP 500: GPU fell off the bus');
    expect(r.baseline?.summary.requests).toMatchObject({ sent: 2, ok: 2 });
  });

  it('an endpoint that fails every warmup request stops the run before the baseline', async () => {
    const { clock, srv } = scripted(() => ({ status: 404, message: 'The model `m` does not exist.' }));
    const r = await virtualGate(fastConfig(URL, { saturation: { levels: [2, 4] }, sla_validation: { enabled: true, rate: 1 } }), srv, clock);
    expect(r.status).toBe('endpoint_down');
    expect(r.error).toContain(`warmup: none of 4 requests to ${URL} (model m) succeeded (http_4xx ×4; `);
    expect(r.error).toMatch(/first: http_4xx: HTTP 404: The model `m` does not exist\./);
    expect(r.saturation.levels).toEqual([]);
    expect(r.load_minutes).toBe(0);
    // Nothing was sent after the 4 warmup requests.
    expect(srv.log).toHaveLength(4);
  });
});

describe('baseline', () => {
  it('runs at 1 req/s, open loop, and is never judged saturated', async () => {
    const { clock, srv } = scripted(() => stream(15));
    const r = await virtualGate(fastConfig(URL, { baseline: { duration: '3s' }, saturation: { levels: [2] } }), srv, clock);
    const b = r.baseline!;
    expect(b.phase).toBe('baseline');
    expect(b.summary.offered).toEqual({ kind: 'rate', value: 1 });
    expect(b.summary.requests).toMatchObject({ sent: 3, ok: 3 });
    expect(b).toMatchObject({ saturated: false, reasons: [], valid: true });
    // The three baseline requests arrived exactly one second apart.
    const sent = srv.log.filter((x) => x.phase === 'baseline').map((x) => x.sentAt);
    expect(sent).toHaveLength(3);
    expect([sent[1]! - sent[0]!, sent[2]! - sent[1]!]).toEqual([1000, 1000]);
    expect(r.warmup.settling).toMatchObject({ settled: true });
    // Its TTFT is what the server scripted (15 ms), to the histogram's precision.
    expect(b.summary.ttft_ms.p99).toBeCloseTo(15, 1);
  });
});

describe('steps strategy (simulator model, tiny profile)', () => {
  // tiny at speedup 0.5 with 15 prompt / 20 output tokens serves ~48.5 req/s; 4–24 req/s stay under it.
  function sim(): { clock: VirtualClock; sender: SimSender } {
    const clock = new VirtualClock();
    return { clock, sender: new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', speedup: 0.5, seed: 5 } }) };
  }
  const simConfig = (over: Record<string, unknown>) =>
    fastConfig(URL, {
      target: { model: 'tiny', endpoint: 'completions' },
      workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
      ...over,
    });

  /** Turns the simulator's error fault on for the levels named in `failing` (set after the level before ends). */
  function faultsFor(sender: SimSender, failing: string[]): (l: LevelResult) => void {
    const order = ['baseline', 'sat-1', 'sat-2', 'sat-3', 'sat-4', 'operating-point'];
    return (l) => {
      const next = order[order.indexOf(l.summary.name) + 1];
      sender.setFaults({ errorRate: next !== undefined && failing.includes(next) ? 1 : 0 });
    };
  }

  it('stop_at_first_saturated: levels ≥ the failing one are not run; the operating point is 0.7 × the last good', async () => {
    const { clock, sender } = sim();
    const config = simConfig({
      saturation: { levels: [4, 8, 16, 24], stop_at_first_saturated: true },
      sla_validation: { enabled: true, duration: '1s' },
      sla: { error_rate: 0.01 },
    });
    const r = await virtualGate(config, sender, clock, { onLevel: faultsFor(sender, ['sat-3']) });
    await sender.close();
    const lv = r.saturation.levels;
    expect(lv.map((l) => [l.summary.offered.value, l.reasons.join('; ')])).toEqual([
      [4, ''],
      [8, ''],
      [16, expect.stringContaining('error rate')],
    ]); // 24 never ran
    expect(lv.map((l) => l.saturated)).toEqual([false, false, true]);
    expect(lv[2]!.reasons).toEqual(['error rate 100% > 0.5%', 'achieved 0.00 req/s < 95% of offered 16.00', 'no request succeeded', 'SLA error_rate: 1 > 0.01']);
    expect(r.saturation).toMatchObject({ strategy: 'steps', load: 'rate', rps: 8, load_value: 8, bracket: [8, 16], precision: 1 });
    // Operating point: 0.7 × 8 = 5.6 req/s (fault off again), SLA holds there.
    expect(r.operating_point).toMatchObject({ load: 'rate', value: 5.6 });
    expect(r.sla).toEqual({ pass: true, checks: [{ rule: 'error_rate', actual: 0, limit: 0.01, bound: 'max', pass: true }] });
    for (const l of [r.baseline!, ...lv, r.operating_point!.level]) expect(countsAddUp(l.summary)).toBe(true);
  });

  it('stop_at_first_saturated: false runs every level; the knee is the first saturated one', async () => {
    const { clock, sender } = sim();
    // Only sat-2 fails (a transient), the levels after it are fine again.
    const r = await virtualGate(simConfig({ saturation: { levels: [4, 8, 16, 24], stop_at_first_saturated: false } }), sender, clock, { onLevel: faultsFor(sender, ['sat-2']) });
    await sender.close();
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
    const { clock, sender } = sim();
    // 12–36 req/s are well under the ~48.5 req/s capacity; 72 is 1.5× it (queueing, 503s).
    const config = simConfig({ mode: 'capacity-at-sla', sla: { ttft_p99_ms: 100 }, saturation: { levels: [12, 24, 36, 72, 96] } });
    expect(config.slaValidation.enabled).toBe(false); // capacity-at-sla has no separate validation phase by default
    const r = await virtualGate(config, sender, clock);
    await sender.close();
    const lv = r.saturation.levels;
    expect(lv.map((l) => l.summary.offered.value)).toEqual([12, 24, 36, 72]); // stops at the first SLA break
    expect(lv.map((l) => l.sla_checks[0]!.pass)).toEqual([true, true, true, false]);
    // Only the SLA decides in this mode: the saturated level's reasons are SLA rules alone.
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
  // Every 10th request (n % 10 == 9) answers 500; the others stream 4 tokens: first after 30 ms,
  // then 5 ms apart (E2E 45 ms). At 5 req/s for 2 s the operating point sends exactly 10 requests
  // in a row, so exactly one fails.
  const cases = [
    {
      name: 'mixed PASS and FAIL',
      sla: { ttft_p99_ms: 200, e2e_p50_ms: 20, error_rate: 0.05, goodput_ratio: 0.85, goodput_ttft_ms: 200 },
      expect: [
        { rule: 'ttft_p99_ms', pass: true, limit: 200, bound: 'max', actual: 30 },
        { rule: 'e2e_p50_ms', pass: false, limit: 20, bound: 'max', actual: 45 },
        // 1 of 10 failed = 0.1 > 0.05.
        { rule: 'error_rate', pass: false, limit: 0.05, bound: 'max', actual: 0.1 },
        // 9 ok, all within 200 ms TTFT: 9/9 × 9/10 = 0.9 ≥ 0.85.
        { rule: 'goodput_ratio', pass: true, limit: 0.85, bound: 'min', actual: 0.9 },
      ],
      pass: false,
    },
    {
      name: 'all PASS',
      sla: { ttft_p95_ms: 300, e2e_p99_ms: 1000, error_rate: 0.2 },
      expect: [
        { rule: 'ttft_p95_ms', pass: true, limit: 300, bound: 'max', actual: 30 },
        { rule: 'e2e_p99_ms', pass: true, limit: 1000, bound: 'max', actual: 45 },
        { rule: 'error_rate', pass: true, limit: 0.2, bound: 'max', actual: 0.1 },
      ],
      pass: true,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const { clock, srv } = scripted(({ n }) => (n % 10 === 9 ? error500 : stream(30, 4, 5)));
    const r = await virtualGate(fastConfig(URL, { saturation: { levels: [2] }, sla_validation: { enabled: true, rate: 5, duration: '2s' }, sla: c.sla }), srv, clock);
    expect(r.operating_point).toMatchObject({ load: 'rate', value: 5 });
    expect(r.operating_point!.level.summary.requests).toMatchObject({ sent: 10, ok: 9, errors: { http_5xx: 1 } });
    expect(r.sla.checks.map((x) => x.rule)).toEqual(c.expect.map((x) => x.rule));
    c.expect.forEach((e, i) => {
      const got = r.sla.checks[i]!;
      expect(got).toMatchObject({ rule: e.rule, pass: e.pass, limit: e.limit, bound: e.bound });
      // Exact to the latency histogram's precision (3 significant digits).
      expect(got.actual).toBeCloseTo(e.actual, 1);
    });
    expect(r.sla.pass).toBe(c.pass);
    // The operating-point level carries the same checks.
    expect(r.operating_point!.level.sla_checks).toEqual(r.sla.checks);
  });
});
