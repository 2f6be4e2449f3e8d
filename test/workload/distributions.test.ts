import { describe, expect, test } from 'vitest';
import { checkDist, lengthSampler, type LengthDist } from '../../src/workload/distributions.js';
import { seededRandom } from '../../src/util/random.js';

const N = 50_000;
function draws(d: LengthDist, seed = 7): number[] {
  const s = lengthSampler(d);
  const rand = seededRandom(seed);
  return Array.from({ length: N }, () => s(rand));
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

describe('length distributions', () => {
  test('fixed (number shorthand and object)', () => {
    expect(new Set(draws(64))).toEqual(new Set([64]));
    expect(new Set(draws({ type: 'fixed', value: 9 }))).toEqual(new Set([9]));
  });

  test('uniform: integers in [min, max] inclusive, mean and sd of the discrete uniform', () => {
    const xs = draws({ type: 'uniform', min: 10, max: 20 });
    expect(Math.min(...xs)).toBe(10);
    expect(Math.max(...xs)).toBe(20);
    expect(xs.every(Number.isInteger)).toBe(true);
    expect(mean(xs)).toBeCloseTo(15, 1);
    expect(sd(xs)).toBeCloseTo(Math.sqrt((11 ** 2 - 1) / 12), 1);
  });

  test('normal: mean and sd within tolerance when clipping is far away', () => {
    const xs = draws({ type: 'normal', mean: 500, sd: 50 });
    expect(Math.abs(mean(xs) - 500)).toBeLessThan(1);
    expect(Math.abs(sd(xs) - 50) / 50).toBeLessThan(0.02);
  });

  test('normal: clipped to [min, max], mass piles up at the bounds', () => {
    const xs = draws({ type: 'normal', mean: 100, sd: 100, min: 50, max: 150 });
    expect(Math.min(...xs)).toBe(50);
    expect(Math.max(...xs)).toBe(150);
    // P(x < 50) = P(z < -0.5) ≈ 0.3085 lands on 50.
    expect(xs.filter((x) => x === 50).length / N).toBeCloseTo(0.3085, 1);
    // Without min, never below 1.
    expect(Math.min(...draws({ type: 'normal', mean: 5, sd: 20 }))).toBe(1);
  });

  test('histogram: bucket weights respected, ranges drawn uniformly', () => {
    const xs = draws({
      type: 'histogram',
      buckets: [
        { value: 100, weight: 1 },
        { value: 200, weight: 3 },
        { min: 1000, max: 1999, weight: 6 },
      ],
    });
    expect(xs.filter((x) => x === 100).length / N).toBeCloseTo(0.1, 1);
    expect(xs.filter((x) => x === 200).length / N).toBeCloseTo(0.3, 1);
    const big = xs.filter((x) => x >= 1000);
    expect(big.length / N).toBeCloseTo(0.6, 1);
    expect(Math.abs(mean(big) - 1499.5)).toBeLessThan(10);
    expect(Math.max(...big)).toBeLessThanOrEqual(1999);
  });

  test('seeded: the same seed gives the same draws, another seed others', () => {
    const d: LengthDist = { type: 'normal', mean: 300, sd: 80, min: 1, max: 1000 };
    expect(draws(d, 1).slice(0, 100)).toEqual(draws(d, 1).slice(0, 100));
    expect(draws(d, 1).slice(0, 100)).not.toEqual(draws(d, 2).slice(0, 100));
  });

  test('inconsistent distributions are one-line errors naming the field', () => {
    expect(checkDist({ type: 'uniform', min: 20, max: 10 }, 'mix.chat.input')).toEqual(['mix.chat.input: uniform needs whole numbers 1 ≤ min ≤ max, got min 20, max 10']);
    expect(checkDist({ type: 'normal', mean: 10, sd: 1, min: 9, max: 3 }, 'x')).toEqual(['x: min 9 is above max 3']);
    expect(checkDist({ type: 'histogram', buckets: [{ value: 3, weight: 0 }] }, 'h')).toEqual(['h.buckets: at least one weight must be > 0']);
    expect(checkDist(0, 'f')).toEqual(['f: a fixed length must be a whole number ≥ 1, got 0']);
    expect(() => lengthSampler({ type: 'uniform', min: 0, max: 3 }, 'u')).toThrow(/^u: uniform needs/);
  });
});
