/**
 * What a gate run leaves on disk: a cancelled run still writes results.json and report.md with
 * the levels measured so far (counts adding up), and report.md says what the run found — the
 * headline, every level and the SLA table — in content, not just in existence.
 *
 * The gate runs on virtual time (ScriptedSender on a VirtualClock) and the run directory is
 * written by the results writer executeGate uses (gateReport + writeGateRun), so every instant,
 * count and figure is exact and the file runs in well under a second. executeGate itself, with
 * report.html, is tested against real HTTP in gate-http.test.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gateReport, saltedConfig } from '../../src/app/execute.js';
import { writeGateRun, type WrittenRun } from '../../src/app/results.js';
import type { GateDeps } from '../../src/app/gate.js';
import type { Config } from '../../src/config/types.js';
import type { GateResult } from '../../src/results/types.js';
import { exitCodeFor } from '../../src/cli/gate.js';
import { EXIT } from '../../src/cli/errors.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { ScriptedSender, type VirtualScript } from '../helpers/virtual-server.js';
import { countsAddUp, fastConfig, removeTmpOuts, schemaErrors, virtualGate } from './fixture.js';

afterAll(removeTmpOuts);

const URL = 'http://endpoint.invalid/v1';
const error500: VirtualScript = { status: 500, message: 'GPU fell off the bus' };
const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cells = (row: string): string[] =>
  row
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());

/** runGate on virtual time, then the run directory exactly as executeGate writes it (salted config, gate report). */
async function gateRun(
  unsalted: Config,
  srv: ScriptedSender,
  clock: VirtualClock,
  deps: Partial<GateDeps> = {},
): Promise<{ result: GateResult; markdown: string; written: WrittenRun; dir: string }> {
  const config = saltedConfig(unsalted);
  const result = await virtualGate(config, srv, clock, deps);
  const markdown = gateReport(config, result);
  const dir = join(config.run.out, 'run');
  const written = writeGateRun(dir, config, result, markdown, new Date());
  return { result, markdown, written, dir };
}

describe('cancellation', () => {
  it('abort mid-saturation: status cancelled, levels so far with counts adding up, run directory written', async () => {
    // Requests take 50 ms + 9 × 30 ms = 320 ms, so several are in flight whenever the signal aborts.
    const clock = new VirtualClock();
    const srv = new ScriptedSender(clock, () => ({ ttftMs: 50, tokens: 10, gapMs: 30 }));
    const config = fastConfig(URL, { saturation: { strategy: 'search', start: 5, level_duration: '1s' }, sla_validation: { enabled: true, rate: 2 } });
    const ac = new AbortController();
    // 400 ms into the third search level (5 → 10 → 20 req/s), abort.
    const run = await gateRun(config, srv, clock, { signal: ac.signal, onLevel: (l) => void (l.summary.name === 'sat-2' && clock.setTimer(() => ac.abort(), 400)) });
    const r = run.result;
    expect(r.status).toBe('cancelled');
    expect(exitCodeFor(r)).toBe(EXIT.cancelled);
    const lv = r.saturation.levels;
    expect(lv.map((l) => l.summary.offered.value)).toEqual([5, 10, 20]);
    // The interrupted level: at 20 req/s, sends at 0, 50, …, 350 ms went out (8 of its 20); those
    // sent at 0 and 50 ms had ended (320 ms each) before the abort at 400 ms: 2 ok, 6 cancelled.
    const last = lv[2]!.summary;
    expect(last.requests).toMatchObject({ sent: 8, ok: 2, errors: { cancelled: 6 } });
    // Every request ever sent ended exactly once: sent == ok + Σ errors, level by level.
    for (const l of [r.baseline!, ...lv]) expect(countsAddUp(l.summary), l.summary.name).toBe(true);
    // Nothing ran after the abort, and nothing was judged from the cut-short level.
    expect(r.operating_point).toBeUndefined();
    expect(r.sla.pass).toBeNull();
    expect(r.saturation.bracket).toEqual([null, null]);
    // The endpoint saw the cancellations: no request is left open, each ended at the abort.
    expect(srv.open).toBe(0);
    const cut = srv.log.filter((x) => x.outcome === 'cancelled');
    expect(cut).toHaveLength(6);
    expect(new Set(cut.map((x) => x.endedAt)).size).toBe(1);

    const dir = run.dir;
    expect(run.written.dir).toBe(dir);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.status).toBe('cancelled');
    expect(schemaErrors(results)).toEqual([]);
    expect(results.saturation.levels).toHaveLength(3);
    expect(results.saturation.levels[2].summary.requests).toEqual(JSON.parse(JSON.stringify(last.requests)));
    expect(results.saturation.levels[2].summary.histograms).toBeUndefined(); // moved out to histograms/
    expect(readdirSync(join(dir, 'histograms')).sort()).toEqual(['baseline.json', 'sat-1.json', 'sat-2.json', 'sat-3.json']);
    expect(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')).status).toBe('cancelled');
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toBe(run.markdown);
    expect(md).toContain('**Run cancelled: partial results.**');
    expect(md).toMatch(/^\| sat-3 +\| 20 req\/s /m);
    expect(md).toMatch(/- sat-3: cancelled:6/);
  });
});

describe('report.md', () => {
  it('has the headline, every level and the SLA table with actual vs limit', async () => {
    // Levels 2 and 4 req/s succeed; while sat-3 (8 req/s) runs the server answers 500 to everything.
    let failing = false;
    const clock = new VirtualClock();
    const srv = new ScriptedSender(clock, () => (failing ? error500 : { ttftMs: 20, tokens: 4, gapMs: 5 }));
    const config = fastConfig(URL, {
      name: 'report-check',
      // criteria.sla off: the (deliberately impossible) e2e rule is judged at the operating point only.
      saturation: { levels: [2, 4, 8], criteria: { sla: false } },
      sla_validation: { enabled: true, duration: '2s' },
      sla: { ttft_p99_ms: 500, e2e_p99_ms: 1 },
      cost: { gpus: 2, gpu_hour_usd: 2.5 },
    });
    // The server fails only while sat-3 runs: switched on when sat-2 ended good (so sat-3 follows),
    // off again after any other level, so the operating point is never served by the failing server.
    const run = await gateRun(config, srv, clock, { onLevel: (l) => void (failing = l.summary.name === 'sat-2' && l.valid && !l.saturated) });
    const r = run.result;
    expect(readdirSync(run.dir).sort()).toEqual(['histograms', 'metadata.json', 'report.md', 'results.json']);
    const md = readFileSync(join(run.dir, 'report.md'), 'utf8');
    expect(md).toBe(run.markdown);
    const lines = md.split('\n');

    // Title and headline: saturation 4 req/s, bracket [4, 8] (precision (8 − 4)/4 = 100 %), operating
    // point 0.7 × 4 = 2.8 req/s where e2e_p99_ms ≤ 1 fails, and the cost there.
    expect(lines[0]).toBe('## llm-loadgate: report-check');
    const opTtft = r.operating_point!.level.summary.ttft_ms.p99.toFixed(1);
    const cost = r.cost!.at_operating_point!.usd_per_million_tokens!;
    // Hand check of the cost: 2 × $2.50 = $5/h over (total tok/s × 3,600 / 1e6) M tokens per hour.
    expect(cost).toBeCloseTo(5 / ((r.operating_point!.level.summary.total_tokens_per_s * 3600) / 1e6), 3);
    // (Between the two, the bottleneck sentence: 'unknown' here, with no server metrics to name it.)
    expect(lines[2]).toMatch(
      new RegExp(
        `^${esc(`Saturation: **4.0 req/s** (bracket [4, 8] req/s, precision ±100%). Operating point 2.8 req/s: SLA **FAIL**, P99 TTFT ${opTtft} ms. `)}` +
          `Bottleneck: \\*\\*unknown\\*\\*\\. .*` +
          `${esc(`Cost $${cost < 1 ? cost.toFixed(4) : cost.toFixed(2)} per million tokens at the operating point.`)}$`,
      ),
    );
    expect(md).toContain(`· steps over rate · ${r.load_minutes.toFixed(2)} load-minutes ·`);

    // Levels table: one row per level, in order, with offered load, achieved rate, and status.
    const start = lines.indexOf('### Levels');
    const rows = lines.slice(start + 4, lines.indexOf('### SLA at the operating point') - 1).map(cells);
    expect(rows.map((c) => [c[0], c[1]])).toEqual([
      ['baseline', '1 req/s'],
      ['sat-1', '2 req/s'],
      ['sat-2', '4 req/s'],
      ['sat-3', '8 req/s'],
      ['operating-point', '2.8 req/s'],
    ]);
    expect(rows.map((c) => c.at(-1))).toEqual(['baseline', 'ok', 'ok', expect.stringMatching(/^saturated: error rate 100% > 0\.5%; /), 'operating point ✗']);
    // ok % column: 100 for the good levels, 0 for the failing one; $/M tok only where tokens were served.
    expect(rows.map((c) => c[3])).toEqual(['100.0', '100.0', '100.0', '0.0', '100.0']);
    expect(rows[3]![11]).toBe('—');
    expect(rows[4]![11]).toMatch(/^\$\d/);

    // SLA table: actual vs limit per rule, PASS/FAIL.
    const sla = lines.slice(lines.indexOf('### SLA at the operating point') + 4, lines.indexOf('### Errors') - 1).map(cells);
    const [ttft, e2e] = r.sla.checks;
    expect(sla).toEqual([
      ['ttft_p99_ms', String(ttft!.actual), '≤ 500', 'PASS'],
      ['e2e_p99_ms', String(e2e!.actual), '≤ 1', 'FAIL'],
    ]);
    expect(ttft!.actual).toBeCloseTo(20, 1);
    expect(e2e!.actual).toBeCloseTo(35, 1); // 20 ms TTFT + 3 × 5 ms: well over the 1 ms limit

    // Errors list and warmup line.
    expect(md).toMatch(new RegExp(`- sat-3: http_5xx:${r.saturation.levels[2]!.summary.requests.sent}\\n`));
    expect(md).toContain('Warmup: 4/4 ok.');
  });
});
