/**
 * The in-process simulator sender on virtual time: records with the HTTP client's semantics,
 * timing exactly as the engine model says, every request one outcome.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimSender, type SimSenderOptions } from '../../src/load/sim-sender.js';
import type { RequestSpec, SendContext } from '../../src/client/openai.js';
import { DRAIN_EXPIRED, OUTCOMES, type RequestRecord } from '../../src/metrics/record.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import type { FaultConfig } from '../../src/sim/index.js';

const senders: SimSender[] = [];
afterEach(async () => {
  for (const s of senders.splice(0)) await s.close();
});

function setup(o: Partial<SimSenderOptions> = {}): { clock: VirtualClock; sender: SimSender } {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, sim: { profile: 'tiny', seed: 1 }, ...o });
  senders.push(sender);
  return { clock, sender };
}

const spec = (maxTokens = 8, over: Partial<RequestSpec> = {}): RequestSpec => ({
  model: 'tiny',
  messages: [{ role: 'user', content: 'hello there, how are you today?' }],
  maxTokens,
  extra: { ignore_eos: true },
  ...over,
});

let seq = 0;
const ctx = (clock: VirtualClock, over: Partial<SendContext> = {}): SendContext => ({ id: seq++, phase: 'test', scheduledAt: clock.now(), ...over });

describe('SimSender', () => {
  it('times a streamed request exactly as the engine steps: TTFT = one prefill step, then one decode step per token', async () => {
    const { clock, sender } = setup();
    const r = await clock.run(() => sender.send(spec(8, { captureText: true }), ctx(clock)));
    expect(r.outcome).toBe('ok');
    expect(r.status).toBe(200);
    expect(r.outputTokens).toBe(8);
    expect(r.tokensEstimated).toBe(false);
    expect(r.contentChunks).toBe(8);
    const P = r.inputTokens!;
    expect(P).toBeGreaterThan(0);
    // tiny: step = 2 ms overhead + 0.02 ms per prefill token + 0.25 ms per emitting sequence
    expect(r.ttftMs).toBeCloseTo(2 + 0.02 * P + 0.25, 9);
    expect(r.ttfcMs).toBe(r.ttftMs);
    expect(r.itlMs).toHaveLength(7);
    for (const g of r.itlMs) expect(g).toBeCloseTo(2.25, 9);
    expect(r.e2eMs).toBeCloseTo(r.ttftMs! + 7 * 2.25, 9);
    expect(r.tpotMs).toBeCloseTo(2.25, 9);
    expect(r.endedAt - r.sentAt).toBeCloseTo(r.e2eMs!, 9);
    expect(r.responseModel).toBe('tiny');
    expect(r.text!.trim().split(' ')).toHaveLength(8);
    expect(sender.stats().models[0]!.completed).toBe(1);
  });

  it('a non-streamed request has TTFT = E2E and no TPOT', async () => {
    const { clock, sender } = setup({ stream: false });
    const r = await clock.run(() => sender.send(spec(5), ctx(clock)));
    expect(r.outcome).toBe('ok');
    expect(r.contentChunks).toBe(1);
    expect(r.ttftMs).toBe(r.e2eMs);
    expect(r.tpotMs).toBeUndefined();
    expect(r.outputTokens).toBe(5);
  });

  it('is deterministic: the same requests give deep-equal records', async () => {
    const once = async (): Promise<RequestRecord[]> => {
      seq = 0;
      const { clock, sender } = setup({ sim: { profile: 'tiny', seed: 9 } });
      return clock.run(() => Promise.all(Array.from({ length: 30 }, (_, i) => sender.send(spec(4 + (i % 5), { extra: {} }), ctx(clock)))));
    };
    const a = await once();
    expect(await once()).toEqual(a);
    expect(new Set(a.map((r) => r.outputTokens)).size).toBeGreaterThan(1); // natural lengths drawn from the seed
  });

  it('a full waiting queue answers 503 (http_5xx), every request ends in exactly one outcome', async () => {
    const { clock, sender } = setup({ sim: { profile: { base: 'tiny', maxNumSeqs: 1, maxWaiting: 1 }, seed: 3 } });
    const rs = await clock.run(() => Promise.all([0, 1, 2, 3].map(() => sender.send(spec(4), ctx(clock)))));
    expect(rs.map((r) => r.outcome)).toEqual(['ok', 'ok', 'http_5xx', 'http_5xx']);
    expect(rs[2]!.status).toBe(503);
    expect(rs[2]!.error).toMatch(/^HTTP 503: server overloaded/);
    expect(rs[2]!.endedAt).toBe(rs[2]!.sentAt);
    for (const r of rs) expect(OUTCOMES).toContain(r.outcome);
    const st = sender.stats().models[0]!;
    expect(st.rejected).toBe(2);
    expect(st.completed).toBe(2);
  });

  it('a crash resets in-flight streams, then the dead replica resets new requests until detection, then 503', async () => {
    const { clock, sender } = setup({ sim: { profile: 'tiny', seed: 1, faults: { crashes: [{ replica: 0, atMs: 10, detectionMs: 20 }] } } });
    const out = await clock.run(async () => {
      const inflight = sender.send(spec(50), ctx(clock));
      await clock.sleep(15);
      const duringDetection = await sender.send(spec(4), ctx(clock));
      await clock.sleep(20);
      const afterDetection = await sender.send(spec(4), ctx(clock));
      return { inflight: await inflight, duringDetection, afterDetection };
    });
    expect(out.inflight.outcome).toBe('reset_after_first_byte');
    expect(out.inflight.endedAt).toBe(10);
    expect(out.inflight.contentChunks).toBeGreaterThan(0);
    expect(out.duringDetection.outcome).toBe('reset_before_first_byte');
    expect(out.afterDetection.outcome).toBe('http_5xx');
    expect(out.afterDetection.error).toMatch(/no healthy replica/);
  });

  it('an abort of ctx.signal ends the request as cancelled, and frees the engine', async () => {
    const { clock, sender } = setup();
    const ac = new AbortController();
    const r = await clock.run(async () => {
      clock.setTimer(() => ac.abort(), 7);
      return sender.send(spec(100), ctx(clock, { signal: ac.signal }));
    });
    expect(r.outcome).toBe('cancelled');
    expect(r.endedAt).toBe(7);
    expect(sender.stats().models[0]!.replicas[0]!.running).toBe(0);
    // already aborted: never sent
    const again = await clock.run(() => sender.send(spec(4), ctx(clock, { signal: ac.signal })));
    expect(again.outcome).toBe('cancelled');
    expect(again.error).toBe('cancelled before send');
    expect(again.endedAt).toBe(again.sentAt);
  });

  it('an abort with reason DRAIN_EXPIRED ends the request as incomplete', async () => {
    const { clock, sender } = setup();
    const ac = new AbortController();
    const r = await clock.run(async () => {
      clock.setTimer(() => ac.abort(DRAIN_EXPIRED), 5);
      return sender.send(spec(100), ctx(clock, { signal: ac.signal }));
    });
    expect(r.outcome).toBe('incomplete');
    expect(r.error).toMatch(/drain bound/);
    const before = await clock.run(() => sender.send(spec(4), ctx(clock, { signal: ac.signal })));
    expect(before.outcome).toBe('incomplete');
  });

  it("the client's timeouts apply on the clock: a stall longer than idle, latency longer than first byte, a long answer past total", async () => {
    const stalled = setup({ sim: { profile: 'tiny', seed: 1, faults: { stallRate: 1, stallMs: 500 } }, timeouts: { idleMs: 100 } });
    const r1 = await stalled.clock.run(() => stalled.sender.send(spec(6), ctx(stalled.clock)));
    expect(r1.outcome).toBe('timeout_idle');
    expect(r1.error).toBe('no data for 100 ms');
    expect(r1.endedAt - r1.sentAt).toBeCloseTo(r1.ttftMs! + 100, 9);

    const slow = setup({ sim: { profile: 'tiny', seed: 1, faults: { latencyMs: 300 } }, timeouts: { firstByteMs: 200 } });
    const r2 = await slow.clock.run(() => slow.sender.send(spec(6), ctx(slow.clock)));
    expect(r2.outcome).toBe('timeout_first_byte');
    expect(r2.endedAt - r2.sentAt).toBe(200);
    expect(slow.sender.stats().models[0]!.requests).toBe(0); // never reached the engine

    const long = setup({ timeouts: { totalMs: 50 } });
    const r3 = await long.clock.run(() => long.sender.send(spec(200), ctx(long.clock)));
    expect(r3.outcome).toBe('timeout_total');
    expect(r3.endedAt - r3.sentAt).toBe(50);
    expect(long.sender.stats().models[0]!.replicas[0]!.running).toBe(0);
  });

  it('stream faults: malformed chunk, missing [DONE], missing usage, reset, injected errors', async () => {
    const run = async (faults: Partial<FaultConfig>): Promise<RequestRecord> => {
      const { clock, sender } = setup({ sim: { profile: 'tiny', seed: 1, faults } });
      return clock.run(() => sender.send(spec(6), ctx(clock)));
    };
    expect((await run({ malformedRate: 1 })).outcome).toBe('malformed_stream');
    const noDone = await run({ missingDoneRate: 1 });
    expect(noDone.outcome).toBe('malformed_stream');
    expect(noDone.error).toBe('stream ended without data: [DONE]');
    const noUsage = await run({ missingUsageRate: 1 });
    expect(noUsage.outcome).toBe('ok');
    expect(noUsage.tokensEstimated).toBe(true);
    expect(noUsage.outputTokens).toBe(6);
    expect(noUsage.inputTokens).toBeUndefined();
    const reset = await run({ resetRate: 1, resetAfterChunks: 3 });
    expect(reset.outcome).toBe('reset_after_first_byte');
    expect(reset.contentChunks).toBe(3);
    const err = await run({ errorRate: 1, errorStatuses: [429] });
    expect(err.outcome).toBe('http_429');
    expect(err.status).toBe(429);
    const chunky = await run({ tokensPerChunk: 3, reasoningTokens: 0 });
    expect(chunky.contentChunks).toBe(2);
    expect(chunky.outputTokens).toBe(6);
  });

  it('reasoning tokens count for TTFT, content for TTFC', async () => {
    const { clock, sender } = setup({ sim: { profile: 'tiny', seed: 1, faults: { reasoningTokens: 2 } } });
    const r = await clock.run(() => sender.send(spec(5), ctx(clock)));
    expect(r.outcome).toBe('ok');
    expect(r.ttfcMs! - r.ttftMs!).toBeCloseTo(2 * 2.25, 9);
  });

  it('bad requests get the 4xx a server would send', async () => {
    const { clock, sender } = setup();
    const unknown = await clock.run(() => sender.send(spec(4, { model: 'nope' }), ctx(clock)));
    expect(unknown.outcome).toBe('http_4xx');
    expect(unknown.status).toBe(404);
    expect(unknown.error).toMatch(/`nope` does not exist/);
    const tooLong = await clock.run(() => sender.send(spec(5000), ctx(clock)));
    expect(tooLong.outcome).toBe('http_4xx');
    expect(tooLong.error).toMatch(/maximum context length is 2048/);
  });

  it('a startup delay answers 503 until it has passed', async () => {
    const { clock, sender } = setup({ sim: { profile: 'tiny', startupDelayMs: 100 } });
    const early = await clock.run(() => sender.send(spec(3), ctx(clock)));
    expect(early.outcome).toBe('http_5xx');
    await clock.advanceBy(100);
    expect((await clock.run(() => sender.send(spec(3), ctx(clock)))).outcome).toBe('ok');
  });

  it('invalid simulator options throw a one-line message naming the field', () => {
    expect(() => new SimSender({ clock: new VirtualClock(), sim: { profile: 'nope' } })).toThrow(/unknown profile "nope"; known profiles:/);
    expect(() => new SimSender({ clock: new VirtualClock(), sim: { replicas: 0 } })).toThrow(/replicas must be a positive integer/);
  });
});
