/**
 * The runner (pacer + drain + cancellation) against the simulator's model on virtual time:
 * exact schedules and exact counts, where the real-time tests (test/load/) can only bound them.
 */
import { describe, expect, it } from 'vitest';
import { runLevelDetailed } from '../../src/load/runner.js';
import { SimSender } from '../../src/load/sim-sender.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import type { SimOptions } from '../../src/sim/index.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

const workload = { next: () => ({ model: 'tiny', prompt: 'x'.repeat(60), maxTokens: 20, extra: { ignore_eos: true } }) };

async function level(sim: Partial<SimOptions>, stage: Parameters<typeof runLevelDetailed>[1], opts: { drainMs?: number; abortAtMs?: number } = {}) {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 5, ...sim } });
  const records: RequestRecord[] = [];
  const ac = new AbortController();
  if (opts.abortAtMs !== undefined) clock.setTimer(() => ac.abort(), opts.abortAtMs);
  try {
    const run = await clock.run(() => runLevelDetailed('l', stage, { sender, workload, clock, drainMs: opts.drainMs, signal: ac.signal, onRecord: (r) => records.push(r) }));
    return { run, records, clock };
  } finally {
    await sender.close();
  }
}

const sum = (o: Record<string, number | undefined>) => Object.values(o).reduce<number>((a, b) => a + (b ?? 0), 0);

describe('runner on virtual time', () => {
  it('constant arrivals go out exactly on schedule, with zero send lag', async () => {
    const { run, records } = await level({}, { kind: 'rate', rate: 20, arrival: 'constant', durationS: 2 });
    expect(run.summary.requests.sent).toBe(40);
    expect(records).toHaveLength(40);
    const sends = records.map((r) => r.sentAt).sort((a, b) => a - b);
    sends.forEach((t, i) => expect(t - sends[0]!).toBeCloseTo(i * 50, 9));
    for (const r of records) expect(r.sentAt).toBe(r.scheduledAt);
    expect(run.drainExpired).toBe(0);
  });

  it('a closed loop keeps exactly C requests open', async () => {
    let open = 0;
    let most = 0;
    const clock = new VirtualClock();
    const inner = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 5 } });
    const sender = {
      send: async (...a: Parameters<SimSender['send']>) => {
        most = Math.max(most, ++open);
        try {
          return await inner.send(...a);
        } finally {
          open--;
        }
      },
    };
    const run = await clock.run(() => runLevelDetailed('c', { kind: 'concurrency', users: 3, thinkMs: 0, durationS: 1 }, { sender, workload, clock }));
    await inner.close();
    expect(most).toBe(3);
    expect(run.summary.requests.ok).toBe(run.summary.requests.sent);
    expect(run.summary.requests.sent).toBeGreaterThan(30);
  });

  it('the drain bound ends a level whose requests stall: they count as incomplete, and counts add up', async () => {
    const { run, records } = await level({ faults: { stallRate: 1, stallMs: 60_000 } }, { kind: 'rate', rate: 10, arrival: 'constant', durationS: 1 }, { drainMs: 2_000 });
    expect(run.drainExpired).toBe(10);
    expect(run.summary.requests.errors.incomplete).toBe(10);
    expect(records.every((r) => r.outcome === 'incomplete')).toBe(true);
    expect(run.summary.requests.sent).toBe(run.summary.requests.ok + sum(run.summary.requests.errors));
  });

  it('cancellation: every request sent ends, as cancelled, and the level ends at the abort', async () => {
    const { run, records, clock } = await level({}, { kind: 'rate', rate: 50, arrival: 'constant', durationS: 10 }, { abortAtMs: 1_000 });
    expect(run.stoppedBy).toBe('cancelled');
    const s = run.summary.requests;
    expect(s.sent).toBe(records.length);
    expect(s.sent).toBe(s.ok + sum(s.errors));
    expect(s.errors.cancelled ?? 0).toBeGreaterThan(0);
    expect(clock.now()).toBeLessThan(1_500);
  });
});
