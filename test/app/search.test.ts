/**
 * The saturation search as pure functions: nextSearchLevel proposes, updateBracket folds the
 * verdict in. A "pure endpoint" (saturated above a capacity C, achieving C when saturated) drives
 * whole searches so the sequences below are the exact levels a run would apply.
 */
import { describe, expect, it } from 'vitest';
import { bracketPrecision, nextSearchLevel, updateBracket, type Bracket } from '../../src/app/saturation.js';
import { searchConfig } from '../helpers/level-summary.js';
import type { Config } from '../../src/config/types.js';

/** Runs a search against an endpoint that saturates strictly above `capacity` and then serves `capacity`. */
function search(capacity: number, s: Config['saturation'], achievedWhenSaturated = capacity): { levels: number[]; bracket: Bracket } {
  let b: Bracket = {};
  const levels: number[] = [];
  for (let i = 0; i < s.maxLevels; i++) {
    const next = nextSearchLevel(b, s);
    if (next === undefined) break;
    levels.push(next);
    const saturated = next > capacity;
    b = updateBracket(b, next, saturated, saturated ? achievedWhenSaturated : next);
  }
  return { levels, bracket: b };
}

describe('nextSearchLevel + updateBracket: whole searches', () => {
  const cases = [
    {
      // Doubling from 1 until 64 saturates (it serves 50); the first probe inside [32, 64] goes to
      // the achieved 50 (good): the endpoint held what it said its limit was, so the next probe goes
      // just inside the precision above it, 50 × 1.095 = 54.75 (sat) → 9.5 % ≤ 10 %, done.
      name: 'exponential probe, hint, a probe just above the held hint',
      capacity: 50,
      s: searchConfig(),
      levels: [1, 2, 4, 8, 16, 32, 64, 50, 54.75],
      bracket: [50, 54.75],
    },
    {
      // Same endpoint, precision 0.3: after the hint [50, 64] is 28 % wide, so it stops there.
      name: 'coarser precision stops earlier',
      capacity: 50,
      s: searchConfig({ precision: 0.3 }),
      levels: [1, 2, 4, 8, 16, 32, 64, 50],
      bracket: [50, 64],
    },
    {
      // Starts at 5: 5, 10, 20 (sat, serves 12) → hint 12 is inside (11, 19) → good → just above
      // it, 13.14 (good: the hint was low) → bisection: 16.57 (sat), 14.855 (sat), 13.998 (sat) → 6.5 %.
      name: 'start 5, a hint below the capacity',
      capacity: 13.2,
      s: searchConfig({ start: 5 }),
      achieved: 12,
      levels: [5, 10, 20, 12, 13.14, 16.57, 14.855, 13.998],
      bracket: [13.14, 13.998],
    },
    {
      // Never saturates: doubles to the max (capped at 20, not 32), then stops with no upper end.
      name: 'capped at max',
      capacity: 1e9,
      s: searchConfig({ max: 20 }),
      levels: [1, 2, 4, 8, 16, 20],
      bracket: [20, undefined],
    },
    {
      // Saturated at the first level (8): halves downwards until a level is good (2), then
      // bisects [2, 4]: the hint (achieved 3 at level 4) → 3 (good), then 3 × 1.095 = 3.285 (sat) → 9.5 %.
      name: 'saturated at the first level probes down',
      capacity: 3.1,
      s: searchConfig({ start: 8 }),
      achieved: 3,
      levels: [8, 4, 2, 3, 3.285],
      bracket: [3, 3.285],
    },
    {
      // Concurrency: whole users, no hint (achieved req/s is not in users): 1…16 (sat), 12, 14, 13.
      name: 'concurrency levels are integers',
      capacity: 13,
      s: searchConfig({ load: 'concurrency' }),
      achieved: 9.5,
      levels: [1, 2, 4, 8, 16, 12, 14, 13],
      bracket: [13, 14],
    },
    {
      // Concurrency bracket [3, 4] is 33 % wide but holds no whole user: the search stops.
      name: 'concurrency stops when no integer is left',
      capacity: 3,
      s: searchConfig({ load: 'concurrency' }),
      levels: [1, 2, 4, 3],
      bracket: [3, 4],
    },
    {
      // max_levels bounds the run whatever the precision.
      name: 'max levels',
      capacity: 500,
      s: searchConfig({ maxLevels: 5 }),
      levels: [1, 2, 4, 8, 16],
      bracket: [16, undefined],
    },
  ];
  it.each(cases)('$name', (c) => {
    const r = search(c.capacity, c.s, c.achieved);
    expect(r.levels).toEqual(c.levels);
    expect([r.bracket.lastGood, r.bracket.firstSaturated]).toEqual(c.bracket);
    if (c.s.load === 'concurrency') expect(r.levels.every(Number.isInteger)).toBe(true);
  });

  // Property over capacities from far below the start to near the max: the search always ends with
  // lastGood ≤ C < firstSaturated, within the precision, in at most max_levels levels.
  it.each([0.3, 0.7, 3, 48.5, 97, 333, 999])('brackets capacity %f within 10 %%', (capacity) => {
    const s = searchConfig();
    const r = search(capacity, s);
    expect(r.bracket.lastGood).toBeLessThanOrEqual(capacity);
    expect(r.bracket.firstSaturated).toBeGreaterThan(capacity);
    expect(bracketPrecision(r.bracket)).toBeLessThanOrEqual(s.precision);
    expect(r.levels.length).toBeLessThanOrEqual(s.maxLevels);
    // Rate levels carry at most 3 decimals.
    for (const l of r.levels) expect(Math.round(l * 1000) / 1000).toBe(l);
  });
});

describe('nextSearchLevel: single steps', () => {
  const s = searchConfig();
  const cases: Array<{ name: string; b: Bracket; s?: Config['saturation']; next: number | undefined }> = [
    // Empty bracket: the configured start.
    { name: 'first level is start', b: {}, next: 1 },
    // Open bracket: double the last good level.
    { name: 'doubles', b: { lastGood: 24 }, next: 48 },
    // Doubling past max is capped at max…
    { name: 'caps at max', b: { lastGood: 600 }, next: 1000 },
    // …and at max with no saturation the search ends.
    { name: 'ends at max', b: { lastGood: 1000 }, next: undefined },
    // Closed at exactly the precision (110−100)/100 = 10 %: done.
    { name: 'stops at the precision', b: { lastGood: 100, firstSaturated: 110 }, next: undefined },
    // 11 % wide: one more, the midpoint 105.5.
    { name: 'bisects above the precision', b: { lastGood: 100, firstSaturated: 111 }, next: 105.5 },
    // First probe inside [32, 64]: the achieved throughput of the saturated level (50).
    { name: 'hint used for the first probe inside', b: { lastGood: 32, firstSaturated: 64, saturatedAchieved: 50 }, next: 50 },
    // Once a level has run inside the bracket (inside = 1) the hint is ignored: midpoint.
    { name: 'hint not used for later probes', b: { lastGood: 50, firstSaturated: 64, saturatedAchieved: 50.5, inside: 1 }, next: 57 },
    // A hint within 10 % of the gap of either end is not informative: midpoint (gap 32, so 35.2…60.8).
    { name: 'hint too close to the good end', b: { lastGood: 32, firstSaturated: 64, saturatedAchieved: 35 }, next: 48 },
    { name: 'hint too close to the saturated end', b: { lastGood: 32, firstSaturated: 64, saturatedAchieved: 61 }, next: 48 },
    // Concurrency never uses the req/s hint.
    { name: 'no hint for concurrency', b: { lastGood: 4, firstSaturated: 8, saturatedAchieved: 5 }, s: searchConfig({ load: 'concurrency' }), next: 6 },
    // Rates are rounded to 3 decimals: (1 + 1.2345) / 2 = 1.11725 → 1.117.
    { name: 'rate rounding', b: { lastGood: 1, firstSaturated: 1.2345 }, next: 1.117 },
    // Saturated at the first level: half of it.
    { name: 'probes down', b: { firstSaturated: 8, saturatedAchieved: 3 }, next: 4 },
    // Rate probe-down floor: below start / 64 the search gives up (0.016 → 0.008 < 1/64).
    { name: 'probe-down floor (rate)', b: { firstSaturated: 0.016 }, next: undefined },
    // Concurrency probe-down ends at 1 user.
    { name: 'probe-down floor (concurrency)', b: { firstSaturated: 1 }, s: searchConfig({ load: 'concurrency' }), next: undefined },
  ];
  it.each(cases)('$name', (c) => expect(nextSearchLevel(c.b, c.s ?? s)).toBe(c.next));
});

describe('updateBracket', () => {
  it('keeps the highest good and the lowest saturated level, counting levels inside', () => {
    let b: Bracket = {};
    b = updateBracket(b, 32, false, 31.9);
    expect(b).toEqual({ lastGood: 32, lastGoodAchieved: 31.9 });
    expect(bracketPrecision(b)).toBeUndefined(); // open: no precision yet
    b = updateBracket(b, 64, true, 50);
    expect(b).toEqual({ lastGood: 32, lastGoodAchieved: 31.9, firstSaturated: 64, saturatedAchieved: 50 });
    expect(bracketPrecision(b)).toBe(1); // (64 − 32) / 32
    // The bracket was closed before this level: it counts as inside (1).
    b = updateBracket(b, 50, false, 49.8);
    expect(b).toMatchObject({ lastGood: 50, lastGoodAchieved: 49.8, firstSaturated: 64, inside: 1 });
    b = updateBracket(b, 57, true, 51);
    expect(b).toMatchObject({ lastGood: 50, firstSaturated: 57, saturatedAchieved: 51, inside: 2 });
    // A good level below lastGood, or a saturated one above firstSaturated (noise), moves nothing but the count.
    const noisy = updateBracket(updateBracket(b, 40, false, 40), 60, true, 50);
    expect(noisy).toMatchObject({ lastGood: 50, lastGoodAchieved: 49.8, firstSaturated: 57, saturatedAchieved: 51, inside: 4 });
  });

  it('never inverts: a good level at or above the first saturated one leaves the bracket alone', () => {
    // Steps 4, 8, 16, 24 without stop_at_first_saturated, where only 8 saturated (a transient):
    // the knee stays [4, 8], not [24, 8] (which would give a negative precision).
    let b: Bracket = {};
    for (const [level, sat] of [
      [4, false],
      [8, true],
      [16, false],
      [24, false],
    ] as const)
      b = updateBracket(b, level, sat, level);
    expect([b.lastGood, b.firstSaturated]).toEqual([4, 8]);
    expect(bracketPrecision(b)).toBe(1);
    // At exactly the first saturated level, too.
    expect(updateBracket({ lastGood: 4, firstSaturated: 8 }, 8, false, 8)).toMatchObject({ lastGood: 4, firstSaturated: 8 });
  });
});

describe('the defaults these cases assume', () => {
  it('are the parser defaults', () => {
    // If a default changes, the sequences above change with it: fail here first, with the reason.
    expect(searchConfig()).toMatchObject({ strategy: 'search', load: 'rate', start: 1, max: 1000, precision: 0.1, maxLevels: 14 });
  });
});
