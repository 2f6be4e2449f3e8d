/**
 * Coordinated omission: delays the server introduces must show up in the latency figures measured
 * from the schedule, not vanish because requests went out late or waited for each other. On
 * virtual time against a one-slot server (VirtualServer), so the queue an open loop builds is
 * exact. The load generator's own delays (a blocked event loop) need the real clock: blocked-loop.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { sendLagMs, ttftFromScheduleMs, type RequestRecord } from '../../src/metrics/record.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { VirtualServer } from '../helpers/virtual-server.js';

const workload = new FixedWorkload({ model: 'm', prompt: 'p' });

describe('coordinated omission', () => {
  it('a stalling server: open loop sees the queue a closed loop hides', async () => {
    const clock = new VirtualClock();
    // One request at a time, 30 ms each: capacity 33 req/s.
    const srv = new VirtualServer(clock, 30, 1);
    const records: RequestRecord[] = [];
    const open = await clock.run(() =>
      runLevel('open', { kind: 'rate', rate: 50, arrival: 'constant', durationS: 1 }, { sender: srv, workload, clock, onRecord: (r) => records.push(r) }),
    );
    const closed = await clock.run(() => runLevel('closed', { kind: 'concurrency', users: 1, thinkMs: 0, durationS: 0.6 }, { sender: srv, workload, clock }));

    expect(open.requests.ok).toBe(50);
    // The open loop kept to its schedule (sent every 20 ms, whatever the server did) ...
    expect(records.map((r) => sendLagMs(r))).toEqual(Array(50).fill(0));
    for (const r of records) expect(ttftFromScheduleMs(r)!).toBeGreaterThanOrEqual(r.ttftMs!);
    // ... so request k, sent at 20k ms, waits for the k before it: it ends at 30k + 30 ms, a
    // TTFT of 10k + 30 ms. 50 requests × 30 ms = 1.5 s of work offered in 1 s: the last waits 520 ms.
    expect(records.map((r) => r.ttftMs)).toEqual(Array.from({ length: 50 }, (_, k) => 10 * k + 30));
    expect(open.ttft_ms.max / 520).toBeCloseTo(1, 2);
    expect(open.ttft_from_schedule_ms.max / 520).toBeCloseTo(1, 2);
    // One closed-loop user never queues behind itself: its TTFT is the service time, 20 requests in 0.6 s.
    expect(closed.requests.ok).toBe(20);
    expect(closed.ttft_ms.max / 30).toBeCloseTo(1, 2);
    expect(closed.ttft_ms.p50 / 30).toBeCloseTo(1, 2);
  });
});
