/**
 * Sharding, pure: flags, splitting a level over N generators, the slot grid, and the merge's
 * checks (missing or duplicate shard, a different plan, start skew, send lag), on hand-built
 * shard results. The 3-process run against the simulator is test/cli/shard-processes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { arrivalOffsets, type RateStage, type Stage } from '../../src/load/pacer.js';
import {
  levelSlots,
  mergeShards,
  parseShard,
  parseStartAt,
  phaseMs,
  planHash,
  shardProblems,
  shardSeed,
  shardVariant,
  SLOT_GUARD_MS,
  splitCount,
  splitStage,
  shardStage,
  ShardRun,
  clockBudgetMs,
  type ShardRecord,
  type ShardResults,
} from '../../src/load/shard.js';
import { measureClockOffset, offsetFromSamples } from '../../src/load/clock-offset.js';
import { LATENCY_METRICS, type LevelSummary } from '../../src/metrics/aggregate.js';
import { encodeHistogram, newHistogram, recordMs } from '../../src/metrics/histogram.js';
import { stats, summary } from '../helpers/level-summary.js';
import { parseLoadArgs } from '../../src/cli/load.js';
import { UsageError } from '../../src/util/errors.js';

describe('parseShard / parseStartAt', () => {
  it('reads i/N numbered from 1', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1/1 ')).toEqual({ index: 1, count: 1 });
  });
  it.each(['0/3', '4/3', '3', 'a/b', '1/0', '-1/2'])('refuses %s with what to give', (t) => {
    expect(parseShard(t)).toMatch(/^--shard .*(i\/N|1 ≤ i ≤ N)/);
  });
  it('reads ISO-8601 with a zone and epoch milliseconds, nothing else', () => {
    expect(parseStartAt('2026-11-29T04:00:00Z')).toBe(Date.UTC(2026, 10, 29, 4));
    expect(parseStartAt('2026-11-29T05:00:00.500+01:00')).toBe(Date.UTC(2026, 10, 29, 4, 0, 0, 500));
    expect(parseStartAt('1795921940950')).toBe(1795921940950);
    for (const bad of ['2026-11-29T04:00:00', 'tomorrow', '', '12345']) expect(parseStartAt(bad)).toMatch(/--start-at .*zone/);
  });
});

describe('splitStage', () => {
  const shards = (n: number) => Array.from({ length: n }, (_, i) => ({ index: i + 1, count: n }));
  it('divides the rate (and a ramp end) by N', () => {
    const s = splitStage({ kind: 'rate', rate: 30, rateEnd: 60, arrival: 'poisson', durationS: 5 }, { index: 2, count: 3 });
    expect(s).toMatchObject({ kind: 'rate', rate: 10, rateEnd: 20, arrival: 'poisson', durationS: 5 });
  });
  it('splits users and a request budget evenly, the remainder to the lowest shards; the parts add up', () => {
    const stage: Stage = { kind: 'concurrency', users: 11, thinkMs: 0, durationS: 5, maxRequests: 100 };
    const parts = shards(3).map((sh) => splitStage(stage, sh) as Extract<Stage, { kind: 'concurrency' }>);
    expect(parts.map((p) => p.users)).toEqual([4, 4, 3]);
    expect(parts.map((p) => p.maxRequests)).toEqual([34, 33, 33]);
    expect(parts.reduce((a, p) => a + p.users, 0)).toBe(11);
    expect([1, 2, 3, 4].map((i) => splitCount(2, { index: i, count: 4 }))).toEqual([1, 1, 0, 0]);
  });
  it('refuses fewer users than shards, saying what would work', () => {
    expect(() => splitStage({ kind: 'concurrency', users: 2, thinkMs: 0, durationS: 1 }, { index: 1, count: 3 })).toThrow(
      /2 users cannot be split over 3 shards .* at least 3 users/,
    );
  });
  it('constant arrivals interleave: the shards together send exactly the single generator schedule', () => {
    const full: RateStage = { kind: 'rate', rate: 30, arrival: 'constant', durationS: 2 };
    const merged = shards(3)
      .flatMap((sh) => [...arrivalOffsets(shardStage(full, sh) as RateStage)].map((t) => t + phaseMs(full, sh)))
      .sort((a, b) => a - b);
    const single = [...arrivalOffsets(full)];
    expect(merged).toHaveLength(single.length);
    merged.forEach((t, i) => expect(t).toBeCloseTo(single[i]!, 6));
    expect(phaseMs({ ...full, arrival: 'poisson' }, { index: 3, count: 3 })).toBe(0);
  });
  it("gives each shard its own seed and prompt variant, shard 1 keeping the plan's", () => {
    const seeds = shards(4).map((sh) => shardSeed(1, sh));
    expect(seeds[0]).toBe(1);
    expect(new Set(seeds).size).toBe(4);
    expect(shardVariant({ index: 1, count: 4 })).toBeUndefined();
    expect(new Set(shards(4).map(shardVariant)).size).toBe(4);
  });
});

describe('slot grid', () => {
  it("starts each level after the earlier ones' duration + drain + guard", () => {
    const stages: Stage[] = [
      { kind: 'rate', rate: 1, arrival: 'constant', durationS: 2 },
      { kind: 'rate', rate: 2, arrival: 'constant', durationS: 3 },
      { kind: 'rate', rate: 4, arrival: 'constant', durationS: 1 },
    ];
    const g = SLOT_GUARD_MS;
    expect(levelSlots(stages, 1000).map((s) => s.offsetMs)).toEqual([0, 3000 + g, 7000 + 2 * g]);
  });
  it('ShardRun waits for each level (at once when late) and records planned and actual starts', async () => {
    let now = 10_000;
    const stages: Stage[] = [
      { kind: 'rate', rate: 10, arrival: 'constant', durationS: 0.01 },
      { kind: 'rate', rate: 10, arrival: 'constant', durationS: 0.01 },
    ];
    const run = new ShardRun({
      spec: { index: 2, count: 2 },
      stages,
      startAtMs: 10_020,
      drainMs: 10,
      clock: { source: 'none', offset_ms: null, uncertainty_ms: null },
      seed: 7,
      now: () => now,
      wait: async (ms) => {
        now += ms + 2; // a timer fires a little late
      },
    });
    await run.waitFor(0, 'level-1', new AbortController().signal);
    now = 99_999; // far past level 2's slot: it starts at once and records how late
    await run.waitFor(1, 'level-2', new AbortController().signal);
    const rec = run.record();
    expect(rec.levels[0]).toMatchObject({ name: 'level-1', planned_start_ms: 10_120, phase_ms: 100 });
    expect(rec.levels[0]!.actual_start_ms).toBe(10_122);
    expect(rec.levels[0]!.start_lag_ms).toBe(2);
    expect(rec.levels[1]!.start_lag_ms).toBeGreaterThan(80_000);
    expect(rec.plan_hash).toBe(planHash(stages, 10, 10_020, 2));
    expect(run.stage(0)).toMatchObject({ rate: 5 });
  });
});

describe('offsetFromSamples', () => {
  it('places the tick between the earlier send and the later answer', () => {
    const s = [
      { sentMs: 1000, recvMs: 1002, dateMs: 50_000 },
      { sentMs: 1004, recvMs: 1006, dateMs: 50_000 },
      { sentMs: 1008, recvMs: 1010, dateMs: 51_000 },
    ];
    // Tick at local (1004 + 1010) / 2 = 1007 is reference 51 000: offset 49 993 ± 3.
    expect(offsetFromSamples(s)).toEqual({ offsetMs: 49_993, uncertaintyMs: 3 });
  });
  it('never measures into the first level: too little time left means unknown, said why', async () => {
    expect(clockBudgetMs(10_000, 9_000)).toBe(800);
    expect(clockBudgetMs(100_000, 0)).toBe(2500);
    const c = await measureClockOffset('http://127.0.0.1:1/never', { budgetMs: clockBudgetMs(10_000, 9_000) });
    expect(c).toMatchObject({ source: 'none', offset_ms: null, note: expect.stringMatching(/no time to measure before the start \(800 ms left/) });
  });
  it('needs consecutive answers exactly one second apart', () => {
    expect(
      offsetFromSamples([
        { sentMs: 0, recvMs: 1, dateMs: 0 },
        { sentMs: 2, recvMs: 2500, dateMs: 2000 },
      ]),
    ).toBeUndefined();
    expect(
      offsetFromSamples([
        { sentMs: 0, recvMs: 1 },
        { sentMs: 2, recvMs: 3, dateMs: 1000 },
      ]),
    ).toBeUndefined();
  });
});

const HIST = Object.fromEntries(
  [...LATENCY_METRICS, 'request_tokens_per_s'].map((m) => {
    const h = newHistogram();
    recordMs(h, 20);
    return [m, encodeHistogram(h)];
  }),
) as LevelSummary['histograms'];

const STAGES: Stage[] = [
  { kind: 'rate', rate: 30, arrival: 'constant', durationS: 2 },
  { kind: 'rate', rate: 60, arrival: 'constant', durationS: 2 },
];

/** Shard i of n's results: two levels begun `lateMs[level]` after due, clock `offset` ms off. */
function shard(
  i: number,
  n: number,
  o: { lateMs?: number[]; offset?: number | null; uncertainty?: number; lagP99?: number; levels?: number; hash?: string; status?: string } = {},
): ShardResults {
  const levels = o.levels ?? 2;
  const rec: ShardRecord = {
    index: i,
    count: n,
    start_at: new Date(1e12).toISOString(),
    start_at_ms: 1e12,
    plan_hash: o.hash ?? planHash(STAGES, 1000, 1e12, n),
    drain_ms: 1000,
    seed: shardSeed(1, { index: i, count: n }),
    clock:
      o.offset === null || o.offset === undefined
        ? { source: 'none', offset_ms: null, uncertainty_ms: null }
        : { source: 'http-date', offset_ms: o.offset, uncertainty_ms: o.uncertainty ?? 1 },
    levels: Array.from({ length: levels }, (_, l) => {
      const planned = 1e12 + l * 3250 + (i - 1) * (1000 / (30 * (l + 1)));
      const late = o.lateMs?.[l] ?? 0;
      // A clock `offset` ahead of the reference... the shard's own clock reads local = reference − offset.
      return { name: `level-${l + 1}`, planned_start_ms: planned, actual_start_ms: planned + late, start_lag_ms: late, phase_ms: (i - 1) * (1000 / (30 * (l + 1))) };
    }),
  };
  return {
    file: `shard-${i}/results.json`,
    status: o.status ?? 'complete',
    shard: rec,
    levels: Array.from({ length: levels }, (_, l) =>
      summary({
        name: `level-${l + 1}`,
        offered: { kind: 'rate', value: 10 * (l + 1) },
        requests: { sent: 20 * (l + 1) },
        send_lag_ms: stats({ p50: 1, p99: o.lagP99 ?? 2 }),
        histograms: HIST,
      }),
    ),
  };
}

describe('mergeShards', () => {
  const limits = { maxSkewMs: 250, maxSendLagMs: 50 };
  it('all shards on time: valid, counts and rates added, skews reported', () => {
    const m = mergeShards([shard(1, 3), shard(2, 3, { lateMs: [30, 10] }), shard(3, 3)], limits);
    expect(m.valid).toBe(true);
    expect(shardProblems(m)).toEqual([]);
    expect(m.levels.map((l) => l.start_skew_ms)).toEqual([30, 10]);
    expect(m.levels.map((l) => l.start_skew_corrected_ms)).toEqual([null, null]);
    expect(m.summaries.map((s) => s.requests.sent)).toEqual([60, 120]);
    expect(m.summaries.map((s) => s.offered.value)).toEqual([30, 60]);
    expect(m.summaries[0]!.ttft_ms.count).toBe(3);
  });
  it('a missing shard makes every level invalid and says which one and why', () => {
    const m = mergeShards([shard(1, 3), shard(3, 3)], limits);
    expect(m.valid).toBe(false);
    expect(m.levels.every((l) => !l.valid)).toBe(true);
    expect(m.problems).toEqual([expect.stringMatching(/^shard 2\/3 is missing: .*under-loaded by 1\/3.*invalid/)]);
  });
  it('refuses a shard given twice, counts that differ, a different plan, an incomplete shard', () => {
    expect(mergeShards([shard(1, 2), shard(1, 2)], limits).problems.join('\n')).toMatch(/shard 1\/2 given 2 times[\s\S]*shard 2\/2 is missing/);
    expect(mergeShards([shard(1, 2), shard(2, 3)], limits).problems.join('\n')).toMatch(/different counts/);
    expect(mergeShards([shard(1, 2), shard(2, 2, { hash: 'other' })], limits).problems.join('\n')).toMatch(/shard 2\/2 \(shard-2\/results.json\) ran a different plan/);
    expect(mergeShards([shard(1, 2), shard(2, 2, { status: 'cancelled', levels: 1 })], limits).levels[1]!.problems.join('\n')).toMatch(
      /shard 2\/2 .* has no level 2 \(level-2\): its run stopped early/,
    );
  });
  it('a late shard makes that level invalid, naming it; the other level stays valid', () => {
    const m = mergeShards([shard(1, 3), shard(2, 3, { lateMs: [0, 400] }), shard(3, 3)], limits);
    expect(m.levels[0]!.valid).toBe(true);
    expect(m.levels[1]!.valid).toBe(false);
    expect(m.levels[1]!.problems[0]).toMatch(/start skew 400 ms > 250 ms in level-2: shard 2\/3 \(shard-2\/results.json\) began 400 ms after/);
  });
  it('corrects starts by the measured offsets: a shard whose clock runs behind started late in fact', () => {
    // Both began on their own clocks on time, but shard 2's clock is 300 ms behind the endpoint's.
    const m = mergeShards([shard(1, 2, { offset: 0 }), shard(2, 2, { offset: 300 })], limits);
    expect(m.levels[0]).toMatchObject({ start_skew_ms: 0, start_skew_corrected_ms: 300, skew_ms: 300, skew_uncertainty_ms: 2, valid: false });
    // Within what the offsets' own uncertainty explains: not invalid.
    const near = mergeShards([shard(1, 2, { offset: 0, uncertainty: 40 }), shard(2, 2, { offset: 300, uncertainty: 40 })], limits);
    expect(near.levels[0]!.valid).toBe(true);
  });
  it('a lagging shard makes the level invalid, naming it', () => {
    const m = mergeShards([shard(1, 2), shard(2, 2, { lagP99: 120 })], limits);
    expect(m.valid).toBe(false);
    expect(m.levels[0]!.problems[0]).toMatch(/^shard 2\/2 lagged: P99 send lag 120.0 ms > 50 ms in level-1/);
  });
  it('an unsharded results file among shards is named', () => {
    const { shard: _s, ...plain } = shard(2, 2);
    expect(mergeShards([shard(1, 2), { ...plain, file: 'plain.json' }], limits).problems.join('\n')).toMatch(/plain.json is not a shard's results[\s\S]*shard 2\/2 is missing/);
  });
});

describe('load flags', () => {
  const base = ['--target', 'http://127.0.0.1:1', '--model', 'm'];
  it('reads --shard, --start-at, --drain and --clock-ref into the plan', () => {
    const p = parseLoadArgs([...base, '--rate', '30', '--shard', '2/3', '--start-at', '2026-11-29T04:00:00Z', '--drain', '2s', '--clock-ref', 'none']);
    expect(p.shard).toEqual({ spec: { index: 2, count: 3 }, startAtMs: Date.UTC(2026, 10, 29, 4), clockRef: 'none' });
    expect(p.drainS).toBe(2);
    expect(p.stages[0]).toMatchObject({ rate: 30 }); // split when run, so the plan hash is of the full plan
  });
  it.each([
    [['--rate', '30', '--shard', '2/3'], /--shard and --start-at go together/],
    [['--rate', '30', '--start-at', '2026-11-29T04:00:00Z'], /--shard and --start-at go together/],
    [['--rate', '30', '--shard', '4/3', '--start-at', '1795921940950'], /--shard 4\/3: expected 1 ≤ i ≤ N/],
    [['--rate', '30', '--shard', '1/3', '--start-at', 'soon'], /--start-at "soon": expected an ISO-8601 time/],
    [['--concurrency', '2', '--shard', '1/3', '--start-at', '1795921940950'], /--shard 1\/3: 2 users cannot be split over 3 shards/],
    [['--rate', '30', '--requests', '9', '--shard', '1/3', '--start-at', '1795921940950'], /--shard with --requests needs --duration/],
    [['--rate', '30', '--shard', '1/3', '--start-at', '1795921940950', '--clock-ref', 'ftp://x'], /--clock-ref "ftp:\/\/x": expected an http\(s\) URL or none/],
  ])('%j is refused with what to do', (args, msg) => {
    expect(() => parseLoadArgs([...base, ...args])).toThrow(UsageError);
    expect(() => parseLoadArgs([...base, ...args])).toThrow(msg);
  });
});
