/**
 * The sharded gate: the fixed plan, and on virtual time three shards (one SimSender: one
 * simulated endpoint, one VirtualClock) judged by judgeShards against the single-runner gate
 * running the same plan as steps. Constant arrivals interleave across shards into the single
 * generator's schedule, and the prompt is fixed, so the endpoint sees the same requests at the same
 * instants: the merged levels, the saturation, the SLA and the verdict must come out the same.
 *
 * Endpoint: `tiny` at speedup 1, completions, 15 prompt tokens, exactly 20 output tokens:
 * estimateCapacity ≈ 97 req/s (see test/unit-gate/gate-virtual.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig, mergeRaw, type RawConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { workloadFor } from '../../src/app/execute.js';
import { runGate } from '../../src/app/gate.js';
import { judgeShards, runGateShard, shardGatePlan, type GateShardDoc, type ShardJudgement } from '../../src/app/shard-gate.js';
import { compareResult } from '../../src/app/compare.js';
import { toBaseline, type Baseline } from '../../src/baseline/baseline.js';
import type { GateResult } from '../../src/results/types.js';
import { SimSender } from '../../src/load/sim-sender.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { ConfigError } from '../../src/util/errors.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
process.env.LOADGATE_CHARTS = 'off';

/** The test config with `over` laid on; `drop` removes keys ("sla_validation.rate") the base sets. */
function config(over: RawConfig = {}, ...drop: string[]): Config {
  const out = mkdtempSync(join(tmpdir(), 'loadgate-shard-gate-'));
  dirs.push(out);
  const base: RawConfig = {
    name: 'sharded',
    target: { url: 'http://sim.invalid', model: 'tiny', endpoint: 'completions', timeouts: { first_byte: '5s', idle: '5s', total: '20s' } },
    workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
    warmup: { requests: 4, concurrency: 2, timeout: '5s' },
    baseline: { rate: 1, duration: '3s' },
    saturation: { strategy: 'steps', levels: [45, 90, 150], level_duration: '4s', min_requests: 20, stop_at_first_saturated: false },
    sla_validation: { rate: 60, duration: '4s' },
    sla: { ttft_p99_ms: 500 },
    run: { out, seed: 7, drain: '5s' },
  };
  const raw = mergeRaw(base, over) as Record<string, Record<string, unknown>>;
  for (const d of drop) {
    const [a, b] = d.split('.');
    delete raw[a!]![b!];
  }
  return buildConfig(raw);
}

const EPOCH = Date.UTC(2026, 10, 29, 4);
const quiet = { line: () => {}, level: () => {}, bar: () => {} };

/** Three shards on one simulated endpoint and one virtual clock. */
async function shards(cfg: Config, baseline?: Baseline): Promise<Array<{ file: string; doc: GateShardDoc }>> {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11 } });
  const plan = shardGatePlan(cfg, baseline, 3);
  try {
    const runs = await clock.run(
      () =>
        Promise.all(
          [1, 2, 3].map((index) =>
            runGateShard(
              cfg,
              plan,
              {
                spec: { index, count: 3 },
                startAtMs: EPOCH + 1000,
                clockRef: 'none',
                sender,
                clock,
                now: () => EPOCH + clock.now(),
                wait: (ms, signal) => clock.sleepUntil(clock.now() + ms, signal),
              },
              new AbortController().signal,
              quiet,
            ),
          ),
        ),
      { maxVirtualMs: 3_600_000 },
    );
    return runs.map((r) => ({ file: join(r.dir, 'results.json'), doc: r.doc }));
  } finally {
    await sender.close();
  }
}

async function single(cfg: Config): Promise<GateResult> {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11 } });
  try {
    return await clock.run(() => runGate(cfg, { sender, workload: workloadFor(cfg), signal: new AbortController().signal, log: () => {}, clock }), { maxVirtualMs: 3_600_000 });
  } finally {
    await sender.close();
  }
}

const LIMITS = { maxSkewMs: 250, maxSendLagMs: 50 };

describe('shardGatePlan', () => {
  const baseline = (load: 'rate' | 'concurrency', knee: number | null, op?: number): Baseline =>
    ({ load, saturation: { load_value: knee, bracket: [knee, null] }, operating_point: op === undefined ? null : { load, value: op } }) as unknown as Baseline;
  it("places the levels at 0.8×, 1× and 1.2× the baseline's saturation and holds the baseline's operating point", () => {
    const p = shardGatePlan(config({}, 'sla_validation.rate'), baseline('rate', 50, 35), 3);
    expect(p.source).toBe('baseline');
    expect(p.levels.map((l) => [l.name, l.value, l.only])).toEqual([
      ['warmup', undefined, undefined],
      ['baseline', undefined, 1],
      ['sat-1', 40, undefined],
      ['sat-2', 50, undefined],
      ['sat-3', 60, undefined],
      ['operating-point', 35, undefined],
    ]);
    // Warmup has a user per shard at least; its slot is bounded.
    expect(p.levels[0]!.stage).toMatchObject({ kind: 'concurrency', users: 3, maxRequests: 4, durationS: 5 });
  });
  it("without a baseline: the config's levels and operating point; users never below one per shard", () => {
    const p = shardGatePlan(config({ saturation: { load: 'concurrency', levels: [2, 8, 16] }, sla_validation: { concurrency: 6 } }, 'sla_validation.rate'), undefined, 4);
    expect(p.source).toBe('config');
    expect(p.levels.filter((l) => l.phase === 'saturation').map((l) => l.value)).toEqual([4, 8, 16]);
    expect(p.levels.at(-1)).toMatchObject({ phase: 'operating_point', value: 6 });
  });
  it('says what is missing: no levels at all, or no operating point known in advance', () => {
    expect(() => shardGatePlan(config({ saturation: { strategy: 'search' } }, 'saturation.levels'), undefined, 3)).toThrow(ConfigError);
    expect(() => shardGatePlan(config({ saturation: { strategy: 'search' } }, 'saturation.levels'), undefined, 3)).toThrow(/saturation.levels/);
    const p = shardGatePlan(config({}, 'sla_validation.rate'), undefined, 3);
    expect(p.levels.some((l) => l.phase === 'operating_point')).toBe(false);
    expect(p.notes.join('\n')).toMatch(/no SLA hold: .*sla_validation.rate/);
    expect(shardGatePlan(config(), baseline('concurrency', 8), 3).notes.join('\n')).toMatch(/baseline measured concurrency, this config rate/);
    expect(shardGatePlan(config({ server_metrics: { target: true } }), undefined, 3).notes.join('\n')).toMatch(/server_metrics: not scraped by a sharded gate/);
  });
});

describe('three shards on virtual time, judged, vs the single-runner gate', () => {
  let cfg: Config;
  let one: GateResult;
  let docs: Array<{ file: string; doc: GateShardDoc }>;
  let j: ShardJudgement;

  beforeAll(async () => {
    cfg = config();
    one = await single(cfg);
    docs = await shards(cfg);
    j = await judgeShards(cfg, docs, 'none', '', undefined, LIMITS, () => {});
  });

  it('each shard sent a third of every shared level and the baseline alone on shard 1', () => {
    for (const { doc } of docs) {
      expect(doc.kind).toBe('gate-shard');
      expect(doc.levels.some((l) => l.name === 'baseline')).toBe(doc.shard.index === 1);
      const sat = doc.levels.find((l) => l.name === 'sat-1')!;
      expect(sat.summary.offered.value).toBeCloseTo(15, 6);
      // On virtual time every level starts exactly when due.
      for (const t of doc.shard.levels) expect(t.start_lag_ms).toBe(0);
    }
  });

  it("merged levels are the single gate's levels: the same sends, the same outcomes, the same judgement", () => {
    expect(j.invalid).toBe(false);
    expect(j.problems).toEqual([]);
    const r = j.result;
    expect(r.kind).toBe('gate');
    expect(r.status).toBe('complete');
    expect(r.saturation.levels.map((l) => l.summary.name)).toEqual(one.saturation.levels.map((l) => l.summary.name));
    for (const [i, l] of r.saturation.levels.entries()) {
      const s = one.saturation.levels[i]!;
      expect(l.summary.offered.value).toBeCloseTo(s.summary.offered.value, 6);
      expect(l.summary.requests.sent).toBe(s.summary.requests.sent);
      expect(l.summary.requests.ok).toBe(s.summary.requests.ok);
      expect(l.valid, l.invalid_reason).toBe(s.valid);
      expect(l.saturated).toBe(s.saturated);
      expect(l.summary.ttft_ms.p50 / s.summary.ttft_ms.p50).toBeCloseTo(1, 1);
      expect(l.summary.achieved_rps / s.summary.achieved_rps).toBeCloseTo(1, 1);
    }
    expect(r.saturation.levels.map((l) => l.saturated)).toEqual([false, false, true]);
    expect(r.saturation.rps).toBe(one.saturation.rps);
    expect(r.saturation.bracket).toEqual(one.saturation.bracket);
    expect(r.operating_point!.value).toBe(one.operating_point!.value);
    expect(r.operating_point!.level.summary.requests.sent).toBe(one.operating_point!.level.summary.requests.sent);
    expect(r.sla.pass).toBe(one.sla.pass);
    expect(r.sla.checks.map((c) => [c.rule, c.pass])).toEqual(one.sla.checks.map((c) => [c.rule, c.pass]));
    expect(Object.keys(r).sort()).toEqual(Object.keys(one).sort());
  });

  it("writes the gate's run directory with the report, plus the shards' section and shards.json", () => {
    for (const f of ['report.md', 'summary.md', 'results.json', 'metadata.json', 'shards.json', 'report.html']) expect(existsSync(join(j.dir, f)), f).toBe(true);
    const md = readFileSync(join(j.dir, 'report.md'), 'utf8');
    expect(md).toMatch(/^## llm-loadgate: sharded/m);
    expect(md).toMatch(/### Shards\n\n3 shard results of 3 merged/);
    expect(md).toMatch(/Fixed plan from the config's saturation.levels: warmup, baseline \(shard 1 alone\), sat-1 45, sat-2 90, sat-3 150, operating-point 60\./);
    expect(md).toMatch(/\| sat-1 \| 3 \| 0 ms \| .* \| ✅ \|/);
    expect(JSON.parse(readFileSync(join(j.dir, 'shards.json'), 'utf8'))).toMatchObject({ valid: true, count: 3, problems: [] });
  });

  it('records a baseline and compares against it like the gate: the same verdict as the single runner', async () => {
    const path = join(cfg.run.out, 'baselines', 'sharded.json');
    const rec = await judgeShards(cfg, docs, 'record', path, undefined, LIMITS, () => {});
    expect(rec.baselinePath).toBe(path);
    const recorded = JSON.parse(readFileSync(path, 'utf8')) as Baseline;
    expect(recorded.saturation.load_value).toBe(one.saturation.load_value);
    // Judged against the single runner's baseline, and the single runner against the sharded one: pass both ways.
    const fromSingle = toBaseline(one, one.fingerprint);
    const cmp = await judgeShards(cfg, docs, 'compare', 'single.json', fromSingle, LIMITS, () => {});
    expect(cmp.comparison!.verdict).toBe('pass');
    expect(compareResult(recorded, one.measured, one.fingerprint, cfg).verdict).toBe('pass');
    expect(readFileSync(join(cmp.dir, 'comparison.md'), 'utf8')).toMatch(/### Shards/);
  });

  it('a missing shard: nothing judged, every level invalid, the report says which shard', async () => {
    const bad = await judgeShards(cfg, [docs[0]!, docs[2]!], 'record', join(cfg.run.out, 'never.json'), undefined, LIMITS, () => {});
    expect(bad.invalid).toBe(true);
    expect(bad.problems[0]).toMatch(/^shard 2\/3 is missing/);
    expect(bad.result.saturation.levels.every((l) => !l.valid)).toBe(true);
    expect(bad.result.sla.pass).toBeNull();
    expect(bad.baselinePath).toBeUndefined();
    expect(existsSync(join(cfg.run.out, 'never.json'))).toBe(false);
    expect(bad.markdown).toMatch(/^> ❌ \*\*Sharded run invalid: not judged.\*\* shard 2\/3 is missing/m);
    expect(bad.markdown).toMatch(/SLA \*\*not judged\*\*/);
  });

  it('judged with another config than the shards ran: invalid, saying what differs', async () => {
    const other = config({ sla: { ttft_p99_ms: 400 } });
    const res = await judgeShards(other, docs, 'none', '', undefined, LIMITS, () => {});
    expect(res.invalid).toBe(true);
    expect(res.problems.filter((p) => /ran another config than judge's --config \(sla differ\)/.test(p))).toHaveLength(3);
  });

  it('a shard late to one level makes that level invalid and names it; the rest is judged', async () => {
    const late = structuredClone(docs);
    const t = late[1]!.doc.shard.levels.find((x) => x.name === 'sat-2')!;
    t.actual_start_ms += 900;
    t.start_lag_ms += 900;
    const res = await judgeShards(cfg, late, 'none', '', undefined, LIMITS, () => {});
    expect(res.invalid).toBe(false);
    const sat2 = res.result.saturation.levels.find((l) => l.summary.name === 'sat-2')!;
    expect(sat2.valid).toBe(false);
    expect(sat2.invalid_reason).toMatch(/^shards: start skew 900 ms > 250 ms in sat-2: shard 2\/3 .* began 900 ms after its due time/);
    expect(res.result.sla.pass).toBe(one.sla.pass);
  });
});

describe('the CLI side: bad input is a clear usage error', () => {
  it('gate: --start-at without --shard, --shard without --start-at, a bad shard', async () => {
    const { gateCommand } = await import('../../src/cli/gate.js');
    const { gateShardCommand, judgeCommand } = await import('../../src/cli/shard.js');
    const { UsageError } = await import('../../src/util/errors.js');
    const t = ['--target', 'http://127.0.0.1:1/v1', '--model', 'm'];
    const signal = new AbortController().signal;
    await expect(gateCommand([...t, '--start-at', '2026-11-29T04:00:00Z'], signal)).rejects.toThrow(/--start-at and --clock-ref belong to a sharded gate: give --shard i\/N too/);
    await expect(gateShardCommand([...t, '--shard', '1/3'], signal)).rejects.toThrow(/--start-at is required with --shard/);
    await expect(gateShardCommand([...t, '--shard', '3/2', '--start-at', 'now'], signal)).rejects.toThrow(UsageError);
    await expect(gateShardCommand([...t, '--shard', '3/2', '--start-at', 'now'], signal)).rejects.toThrow(/--shard 3\/2: expected 1 ≤ i ≤ N[\s\S]*--start-at "now"/);
    await expect(judgeCommand([])).rejects.toThrow(/give the shards' results/);
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-judge-'));
    dirs.push(dir);
    await expect(judgeCommand(['--config', join(dir, 'nope.yml'), join(dir, 'missing')])).rejects.toThrow(UsageError);
    writeFileSync(join(dir, 'lg.yml'), 'target: {url: "http://127.0.0.1:1/v1", model: m}\nsaturation: {levels: [1]}\n');
    await expect(judgeCommand(['--config', join(dir, 'lg.yml'), join(dir, 'missing')])).rejects.toThrow(/judge: cannot read .*missing: ENOENT/);
    writeFileSync(join(dir, 'load.json'), JSON.stringify({ kind: 'load', levels: [] }));
    await expect(judgeCommand(['--config', join(dir, 'lg.yml'), join(dir, 'load.json')])).rejects.toThrow(/load.json is not the results.json of "llm-loadgate gate --shard i\/N"/);
  });
});
