/**
 * Coordinated omission in the load generator itself: when its event loop is blocked, requests due
 * meanwhile go out late, and that lateness must show as send lag and in TTFT from the schedule,
 * not vanish. Needs the real clock and a real server (test/helpers/script-server.ts); the server's
 * own queue is tested exactly on virtual time in coordinated-omission.test.ts.
 *
 * Bounds are relative to the block as measured (a busy machine may start it late or stretch it),
 * never fixed wall-clock figures: nothing can be sent while the loop is blocked, so every request
 * due inside the block went out after it, whatever else the machine was doing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { OpenAIClient } from '../../src/client/openai.js';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { sendLagMs, ttftFromScheduleMs, type RequestRecord } from '../../src/metrics/record.js';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

describe('coordinated omission (real clock)', () => {
  let srv: ScriptServer;
  let client: OpenAIClient;
  beforeAll(async () => {
    srv = await startScriptServer(() => ({
      chunks: [
        { delayMs: 1, data: chatChunk('a') },
        { delayMs: 0, data: chatChunk('b') },
        { delayMs: 0, data: usageChunk(1, 2) },
      ],
    }));
    client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
  });
  afterAll(async () => {
    await client.close();
    await srv.close();
  });
  const workload = new FixedWorkload({ model: 'm', prompt: 'p' });

  it('a blocked event loop: late sends show as send lag and in TTFT from schedule', async () => {
    const records: RequestRecord[] = [];
    let blockStart = 0;
    let blockEnd = 0;
    const block = setTimeout(() => {
      blockStart = performance.now();
      const until = blockStart + 200;
      while (performance.now() < until) {
        /* busy-wait: nothing else in this process runs */
      }
      blockEnd = performance.now();
    }, 300);
    const s = await runLevel('blocked', { kind: 'rate', rate: 100, arrival: 'constant', durationS: 1 }, { sender: client, workload, onRecord: (r) => records.push(r) });
    clearTimeout(block);

    expect(s.requests.sent).toBe(100);
    expect(s.requests.ok).toBe(100);
    expect(blockEnd).toBeGreaterThan(0); // the block ran inside the level
    const blockMs = blockEnd - blockStart;
    // Every request due inside the block (10 ms apart: about 20 of them) went out after it.
    const dueInBlock = records.filter((r) => r.scheduledAt >= blockStart && r.scheduledAt < blockEnd);
    expect(dueInBlock.length).toBeGreaterThanOrEqual(Math.floor(blockMs / 10) - 1);
    expect(dueInBlock.length).toBeLessThanOrEqual(Math.ceil(blockMs / 10) + 1);
    for (const r of dueInBlock) expect(r.sentAt).toBeGreaterThanOrEqual(blockEnd);
    // The first of them waited about the whole block: the send lag shows it, and TTFT from schedule carries it.
    expect(s.send_lag_ms.max).toBeGreaterThanOrEqual(blockMs - 10 - 1);
    expect(s.ttft_from_schedule_ms.max).toBeGreaterThanOrEqual(s.send_lag_ms.max);
    // Their TTFT from send hides the lag; from the schedule it carries all of it.
    for (const r of dueInBlock) expect(ttftFromScheduleMs(r)! - r.ttftMs!).toBeCloseTo(sendLagMs(r), 6);
    // Outside the block most sends kept to schedule: the median lag is small beside the block.
    expect(s.send_lag_ms.p50).toBeLessThan(blockMs / 10);
  });
});
