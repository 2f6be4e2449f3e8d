/**
 * Token-length distributions: fixed, uniform, normal clipped to [min, max], or a weighted
 * histogram. Every draw is a whole number ≥ 1.
 */
import { WeightedPicker, gaussian } from './random.js';

export interface HistogramBucket {
  /** A single length… */
  value?: number;
  /** …or a range [min, max], drawn uniformly. */
  min?: number;
  max?: number;
  weight: number;
}

/** A plain number is shorthand for `{ type: 'fixed', value }`. */
export type LengthDist =
  | number
  | { type: 'fixed'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'normal'; mean: number; sd: number; min?: number; max?: number }
  | { type: 'histogram'; buckets: HistogramBucket[] };

export type LengthSampler = (rand: () => number) => number;

/** A sampler for `d`; throws a one-line error naming `where` when `d` is inconsistent. */
export function lengthSampler(d: LengthDist, where = 'distribution'): LengthSampler {
  const problems = checkDist(d, where);
  if (problems.length) throw new Error(problems.join('; '));
  if (typeof d === 'number') return () => d;
  switch (d.type) {
    case 'fixed':
      return () => d.value;
    case 'uniform':
      return (rand) => d.min + Math.floor(rand() * (d.max - d.min + 1));
    case 'normal': {
      const lo = Math.max(1, d.min ?? 1);
      const hi = d.max ?? Infinity;
      return (rand) => Math.min(hi, Math.max(lo, Math.round(d.mean + d.sd * gaussian(rand))));
    }
    case 'histogram': {
      const picker = new WeightedPicker(d.buckets.map((b) => [b, b.weight] as [HistogramBucket, number]));
      return (rand) => {
        const b = picker.pick(rand());
        if (b.value !== undefined) return b.value;
        return b.min! + Math.floor(rand() * (b.max! - b.min! + 1));
      };
    }
  }
}

/** Problems with a distribution (empty when valid), each naming `where`. */
export function checkDist(d: LengthDist, where: string): string[] {
  const len = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 1;
  if (typeof d === 'number') return len(d) ? [] : [`${where}: a fixed length must be a whole number ≥ 1, got ${d}`];
  switch (d.type) {
    case 'fixed':
      return len(d.value) ? [] : [`${where}.value must be a whole number ≥ 1, got ${d.value}`];
    case 'uniform':
      return len(d.min) && len(d.max) && d.min <= d.max ? [] : [`${where}: uniform needs whole numbers 1 ≤ min ≤ max, got min ${d.min}, max ${d.max}`];
    case 'normal': {
      const p: string[] = [];
      if (!(d.mean > 0)) p.push(`${where}.mean must be > 0, got ${d.mean}`);
      if (!(d.sd >= 0)) p.push(`${where}.sd must be ≥ 0, got ${d.sd}`);
      if (d.min !== undefined && !len(d.min)) p.push(`${where}.min must be a whole number ≥ 1, got ${d.min}`);
      if (d.max !== undefined && !len(d.max)) p.push(`${where}.max must be a whole number ≥ 1, got ${d.max}`);
      if (d.min !== undefined && d.max !== undefined && d.min > d.max) p.push(`${where}: min ${d.min} is above max ${d.max}`);
      return p;
    }
    case 'histogram': {
      if (!Array.isArray(d.buckets) || d.buckets.length === 0) return [`${where}.buckets: give at least one {value, weight} or {min, max, weight}`];
      const p: string[] = [];
      d.buckets.forEach((b, i) => {
        const w = `${where}.buckets[${i}]`;
        if (!(b.weight >= 0)) p.push(`${w}.weight must be ≥ 0, got ${b.weight}`);
        if (b.value !== undefined) {
          if (!len(b.value)) p.push(`${w}.value must be a whole number ≥ 1, got ${b.value}`);
          if (b.min !== undefined || b.max !== undefined) p.push(`${w}: give either value or min/max, not both`);
        } else if (!(len(b.min) && len(b.max) && b.min! <= b.max!)) p.push(`${w}: needs value, or whole numbers 1 ≤ min ≤ max`);
      });
      if (!d.buckets.some((b) => b.weight > 0)) p.push(`${where}.buckets: at least one weight must be > 0`);
      return p;
    }
    default:
      return [`${where}.type must be fixed, uniform, normal or histogram`];
  }
}

/** The distribution's mean before rounding and clipping (for descriptions; exact for fixed/uniform/histogram). */
export function distMean(d: LengthDist): number {
  if (typeof d === 'number') return d;
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'normal':
      return d.mean;
    case 'histogram': {
      const total = d.buckets.reduce((a, b) => a + b.weight, 0);
      return d.buckets.reduce((a, b) => a + b.weight * (b.value ?? (b.min! + b.max!) / 2), 0) / total;
    }
  }
}

/** Short text form: 512, uniform(64,256), normal(300±100 in [16,1024]), histogram(3 buckets). */
export function describeDist(d: LengthDist): string {
  if (typeof d === 'number') return String(d);
  switch (d.type) {
    case 'fixed':
      return String(d.value);
    case 'uniform':
      return `uniform(${d.min},${d.max})`;
    case 'normal':
      return `normal(${d.mean}±${d.sd}${d.min !== undefined || d.max !== undefined ? ` in [${d.min ?? 1},${d.max ?? '∞'}]` : ''})`;
    case 'histogram':
      return `histogram(${d.buckets.length} buckets, mean ${Math.round(distMean(d))})`;
  }
}
