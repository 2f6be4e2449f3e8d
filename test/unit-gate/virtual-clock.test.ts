import { describe, expect, it } from 'vitest';
import { VirtualClock, VirtualTimeError } from '../../src/util/virtual-clock.js';
import { realClock } from '../../src/util/clock.js';

describe('VirtualClock', () => {
  it('fires timers in order of due time, then creation order, at their due instants', async () => {
    const c = new VirtualClock(1000);
    const seen: string[] = [];
    c.setTimer(() => seen.push(`b@${c.now()}`), 20);
    c.setTimer(() => seen.push(`a@${c.now()}`), 10);
    c.setTimer(() => seen.push(`c@${c.now()}`), 20);
    c.setTimer(() => seen.push(`z@${c.now()}`), -5);
    await c.advanceBy(20);
    expect(seen).toEqual(['z@1000', 'a@1010', 'b@1020', 'c@1020']);
    expect(c.now()).toBe(1020);
    expect(c.pending).toBe(0);
  });

  it('does not move while code runs, and lets promise chains settle before the next timer', async () => {
    const c = new VirtualClock();
    const log: number[] = [];
    const result = await c.run(async () => {
      const t0 = c.now();
      for (let i = 0; i < 50; i++) await Promise.resolve(); // a long chain of microtasks
      log.push(c.now() - t0);
      await c.sleep(5);
      log.push(c.now() - t0);
      // A timer set by a timer callback at the same instant runs after this one's promise work.
      await c.sleepUntil(c.now());
      await Promise.all([c.sleep(3), c.sleep(1), c.sleep(2)]);
      return c.now() - t0;
    });
    expect(log).toEqual([0, 5]);
    expect(result).toBe(8);
  });

  it('cancelled timers never fire and sleepUntil ends early on abort', async () => {
    const c = new VirtualClock();
    const fired: string[] = [];
    const h = c.setTimer(() => fired.push('cancelled'), 5);
    c.setTimer(() => fired.push('kept'), 6);
    h.cancel();
    h.cancel(); // twice is harmless
    expect(c.pending).toBe(1);
    const ac = new AbortController();
    const out = await c.run(async () => {
      c.setTimer(() => ac.abort(), 100);
      await c.sleepUntil(10_000, ac.signal);
      return c.now();
    });
    expect(out).toBe(100);
    expect(fired).toEqual(['kept']);
    // the aborted sleep's timer is gone: nothing is left to fire
    expect(c.pending).toBe(0);
    // an already-aborted signal resolves at once
    await c.sleepUntil(1e9, ac.signal);
    expect(c.now()).toBe(100);
  });

  it('gives the same timeline for the same inputs', async () => {
    const scenario = async (): Promise<number[]> => {
      const c = new VirtualClock();
      const ends: number[] = [];
      await c.run(async () => {
        await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            for (let k = 0; k < 5; k++) await c.sleep(((i * 7 + k * 3) % 11) + 0.25);
            ends.push(i * 1e6 + c.now());
          }),
        );
      });
      return ends;
    };
    const a = await scenario();
    expect(await scenario()).toEqual(a);
    expect(a).toHaveLength(20);
  });

  it('rethrows the error of the driven function', async () => {
    const c = new VirtualClock();
    await expect(
      c.run(async () => {
        await c.sleep(10);
        throw new Error('boom at 10');
      }),
    ).rejects.toThrow('boom at 10');
    expect(c.now()).toBe(10);
  });

  it('stops a run that goes past its virtual deadline', async () => {
    const c = new VirtualClock();
    const forever = (): void => void c.setTimer(forever, 1000);
    forever();
    const err = await c.run(() => new Promise<never>(() => {}), { maxVirtualMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtualTimeError);
    expect((err as Error).message).toMatch(/did not settle within 60000 virtual ms/);
    expect(c.now()).toBeLessThanOrEqual(60_000);
  });

  it('reports a deadlock when nothing is pending and the function never settles', async () => {
    const c = new VirtualClock();
    const err = await c.run(() => new Promise<never>(() => {}), { idleRealMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtualTimeError);
    expect((err as Error).message).toMatch(/no timer is pending/);
  });

  it('waits for real outside work when no timer is pending', async () => {
    const c = new VirtualClock();
    const v = await c.run(async () => {
      await c.sleep(3);
      await new Promise((r) => setTimeout(r, 15)); // real I/O stand-in
      await c.sleep(4);
      return c.now();
    });
    expect(v).toBe(7);
  });

  it('rejects bad construction and advance arguments with a clear message', async () => {
    expect(() => new VirtualClock(Number.NaN)).toThrow(/startMs must be a finite number/);
    expect(() => new VirtualClock(0, 0)).toThrow(/settleTurns must be an integer >= 1/);
    await expect(new VirtualClock().advanceBy(-1)).rejects.toThrow(/ms must be >= 0/);
  });

  it('is a Clock like the real one', () => {
    const c = new VirtualClock();
    expect(c.virtual).toBe(true);
    expect(realClock.virtual).toBeUndefined();
  });

  it('drives thousands of timers quickly', async () => {
    const c = new VirtualClock();
    const n = 5000;
    await c.run(async () => {
      for (let i = 0; i < n; i++) await c.sleep(1);
    });
    expect(c.now()).toBe(n);
    expect(c.firedCount).toBe(n);
  });
});
