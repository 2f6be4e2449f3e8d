/**
 * The level's per-request bookkeeping in bounded memory (src/load/level-memory.ts) gives exactly
 * what the unbounded one gave: the steady-window rate of every ok end, the distinct prompt count.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DistinctCounter, SteadyWindow } from '../../src/load/level-memory.js';
import { steadyRate } from '../../src/load/runner.js';
import { seededRandom } from '../../src/util/random.js';

describe('SteadyWindow', () => {
  it.each([1, 2, 3, 4, 5, 6])('equals steadyRate over all ends (seed %i: ends out of order, long tails, errors)', (seed) => {
    const rnd = seededRandom(seed);
    const w = new SteadyWindow();
    const okEnds: number[] = [];
    let lastSend = -Infinity;
    // Requests as the runner records them: at each end, its send time then (if ok) its end time.
    const n = 200 + Math.floor(rnd() * 3000);
    const recs = Array.from({ length: n }, (_, i) => {
      const sentAt = i * (0.5 + rnd() * 20);
      return { sentAt, endedAt: sentAt + rnd() ** 3 * 5000, ok: rnd() > 0.1 };
    });
    // Recorded in end order, with some jitter so ends are not always ascending.
    recs.sort((a, b) => a.endedAt + rnd() * 3 - (b.endedAt + rnd() * 3));
    for (const r of recs) {
      w.sent(r.sentAt);
      if (r.sentAt > lastSend) lastSend = r.sentAt;
      if (r.ok) {
        w.ok(r.endedAt);
        okEnds.push(r.endedAt);
      }
    }
    const expected = steadyRate(okEnds, lastSend);
    expect(expected).toBeDefined();
    expect(w.rate(lastSend)).toBe(expected);
  });

  it('keeps only the ends after the latest send, not one per request', () => {
    const w = new SteadyWindow();
    // A closed loop of 4 users for 100k requests: each ends 40 ms after its send.
    for (let i = 0; i < 100_000; i++) {
      const sentAt = i * 10;
      w.sent(sentAt);
      w.ok(sentAt + 40);
    }
    // The queue's array: the ≤ 4 ends still waiting plus at most ~1k folded ones before compaction.
    expect((w as unknown as { waiting: number[] }).waiting.length).toBeLessThan(1100);
    expect(w.rate(99_999 * 10)).toBe(
      steadyRate(
        Array.from({ length: 100_000 }, (_, i) => i * 10 + 40),
        99_999 * 10,
      ),
    );
  });

  it('no send, or fewer than 3 ends in the window: undefined, as steadyRate', () => {
    const w = new SteadyWindow();
    expect(w.rate(-Infinity)).toBeUndefined();
    w.sent(0);
    w.ok(10);
    w.ok(20);
    expect(w.rate(30)).toBeUndefined();
    expect(steadyRate([10, 20], 30)).toBeUndefined();
  });
});

describe('DistinctCounter', () => {
  const digest = (s: string): Buffer => createHash('sha1').update(s).digest();

  it('counts distinct keys exactly through many growths, repeats included', () => {
    const c = new DistinctCounter();
    const seen = new Set<string>();
    const rnd = seededRandom(3);
    for (let i = 0; i < 50_000; i++) {
      const key = `prompt ${Math.floor(rnd() * 30_000)}`;
      seen.add(key);
      c.add(digest(key));
    }
    expect(c.size).toBe(seen.size);
  });

  it('one repeated prompt is one; a digest of zeros is a key like any other', () => {
    const c = new DistinctCounter();
    for (let i = 0; i < 1000; i++) c.add(digest('same'));
    expect(c.size).toBe(1);
    c.add(new Uint8Array(20));
    c.add(new Uint8Array(20));
    expect(c.size).toBe(2);
  });
});
