/**
 * Coordinated omission: delays the load generator or the server introduces must show up in the
 * latency figures measured from the schedule, not vanish because requests went out late.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient } from '../../src/client/openai.js';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { sendLagMs, ttftFromScheduleMs, type RequestRecord } from '../../src/metrics/record.js';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

describe('coordinated omission', () => {
  let srv: ScriptServer;
  let client: OpenAIClient;
  /** When set, the server handles one request at a time, `serviceMs` each (a stalled server). */
  let serviceMs = 0;
  let busyUntil = 0;
  beforeAll(async () => {
    srv = await startScriptServer(() => {
      const now = performance.now();
      let head = 0;
      if (serviceMs > 0) {
        busyUntil = Math.max(now, busyUntil) + serviceMs;
        head = busyUntil - now - 1;
      }
      return { headDelayMs: head, chunks: [{ delayMs: 1, data: chatChunk('a') }, { delayMs: 0, data: chatChunk('b') }, { delayMs: 0, data: usageChunk(1, 2) }] };
    });
    client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });
  const workload = new FixedWorkload({ model: 'm', prompt: 'p' });

  it('a stalling server: open loop sees the queue a closed loop hides', async () => {
    serviceMs = 30; // capacity 33 req/s
    const records: RequestRecord[] = [];
    const open = await runLevel('open', { kind: 'rate', rate: 50, arrival: 'constant', durationS: 1 }, { sender: client, workload, onRecord: (r) => records.push(r) });
    busyUntil = 0;
    const closed = await runLevel('closed', { kind: 'concurrency', users: 1, thinkMs: 0, durationS: 0.6 }, { sender: client, workload });
    serviceMs = 0;

    expect(open.requests.ok).toBe(50);
    for (const r of records) expect(ttftFromScheduleMs(r)!).toBeGreaterThanOrEqual(r.ttftMs!);
    expect(open.send_lag_ms.count).toBe(50);
    // The client itself kept to schedule: its lateness is small beside the server's queue (a busy
    // 2-core machine can add a few ms of send lag, never the ~500 ms the queue adds).
    expect(open.send_lag_ms.p99).toBeLessThan(open.ttft_ms.max / 10);
    expect(open.ttft_from_schedule_ms.p50).toBeGreaterThanOrEqual(open.ttft_ms.p50);
    // 50 requests × 30 ms = 1.5 s of work offered in 1 s: the last waits ≈ 0.5 s.
    expect(open.ttft_ms.max).toBeGreaterThan(400);
    expect(open.ttft_from_schedule_ms.max).toBeGreaterThan(400);
    // One closed-loop user never queues behind itself: TTFT stays near the service time.
    expect(closed.ttft_ms.max).toBeLessThan(45);
    expect(closed.ttft_ms.p50).toBeGreaterThan(25);
  });

  it('a blocked event loop: late sends show as send lag and in TTFT from schedule', async () => {
    const records: RequestRecord[] = [];
    const block = setTimeout(() => {
      const until = performance.now() + 200;
      while (performance.now() < until) {
        /* busy-wait: nothing else in this process runs */
      }
    }, 300);
    const s = await runLevel('blocked', { kind: 'rate', rate: 100, arrival: 'constant', durationS: 1 }, { sender: client, workload, onRecord: (r) => records.push(r) });
    clearTimeout(block);

    expect(s.requests.sent).toBe(100);
    expect(s.requests.ok).toBe(100);
    expect(s.send_lag_ms.max).toBeGreaterThanOrEqual(150);
    expect(s.send_lag_ms.max).toBeLessThan(260);
    expect(s.ttft_from_schedule_ms.max).toBeGreaterThanOrEqual(s.send_lag_ms.max);
    // About 20 requests fell due during the 200 ms block; all of them went out late.
    const late = records.filter((r) => sendLagMs(r) > 50);
    expect(late.length).toBeGreaterThanOrEqual(15);
    expect(late.length).toBeLessThanOrEqual(22);
    // Their TTFT from send looks fine; from schedule it carries the lag.
    for (const r of late) expect(ttftFromScheduleMs(r)! - r.ttftMs!).toBeCloseTo(sendLagMs(r), 6);
    expect(Math.min(...late.map((r) => r.ttftMs!))).toBeLessThan(20);
    // Outside the block the schedule was kept.
    expect(s.send_lag_ms.p50).toBeLessThan(3);
  });
});
