/** Seeded randomness keyed by request sequence number, so a request's draws do not depend on send order. */
import { seededRandom } from '../util/random.js';

/** A 32-bit hash of (seed, seq, salt) (murmur3 finaliser over a simple mix). */
export function hash3(seed: number, seq: number, salt = 0): number {
  let h = (seed ^ Math.imul(seq + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A fresh PRNG for one request (seed, seq) and purpose (salt). */
export function requestRandom(seed: number, seq: number, salt = 0): () => number {
  return seededRandom(hash3(seed, seq, salt));
}

/** Picks a key by weight with one uniform draw u ∈ [0, 1). Weights need not sum to 1. */
export class WeightedPicker<T> {
  private readonly items: T[];
  private readonly cum: number[];
  constructor(entries: Array<[T, number]>) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('at least one weight must be > 0');
    this.items = kept.map(([k]) => k);
    let total = 0;
    this.cum = kept.map(([, w]) => (total += w));
    for (let i = 0; i < this.cum.length; i++) this.cum[i]! /= total;
  }
  pick(u: number): T {
    for (let i = 0; i < this.cum.length; i++) if (u < this.cum[i]!) return this.items[i]!;
    return this.items[this.items.length - 1]!;
  }
}

/** Standard normal draw (Box–Muller). */
export function gaussian(rand: () => number): number {
  let u = rand();
  while (u <= Number.EPSILON) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
