/**
 * Every level ends: after its last send, requests still open get a bounded drain, then are cut and
 * counted as `incomplete`. And levels sized by samples: a level stops sending once it has the
 * completions it needs (and its minimum time), never later than its duration.
 *
 * The servers are real HTTP servers on 127.0.0.1 that log what they did (requests received,
 * responses cut by the client), and the assertions compare the client's figures with those logs.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIClient, type RequestSpec } from '../../src/client/openai.js';
import { runLevelDetailed, steadyRate, type Workload } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import type { Stage } from '../../src/load/pacer.js';

type Mode = 'endless-stream' | 'no-headers' | 'fast';

interface LoggedServer {
  url: string;
  received: number;
  /** Responses the client closed before the server ended them. */
  cutByClient: number;
  close(): Promise<void>;
}

const chunk = (s: string): string => `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content: s } }] })}\n\n`;

/** A server whose behaviour is chosen per request by `modeOf(arrival number)`. */
async function startServer(modeOf: (n: number) => Mode): Promise<LoggedServer> {
  const open = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const log = { received: 0, cutByClient: 0 };
  const server: Server = createServer((req, res) => {
    const n = log.received++;
    req.resume();
    req.on('end', () => {
      const mode = modeOf(n);
      open.add(res);
      res.on('close', () => {
        if (!res.writableEnded) log.cutByClient++;
        open.delete(res);
      });
      if (mode === 'no-headers') return; // never answers
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (mode === 'fast') {
        res.end(`${chunk('a')}${chunk('b')}data: [DONE]\n\n`);
        return;
      }
      // A stream that never finishes (a server ignoring max_tokens), one token every 50 ms.
      const t = setInterval(() => {
        if (res.destroyed) {
          clearInterval(t);
          timers.delete(t);
          return;
        }
        res.write(chunk('x'));
      }, 50);
      timers.add(t);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get received() {
      return log.received;
    },
    get cutByClient() {
      return log.cutByClient;
    },
    async close() {
      for (const t of timers) clearInterval(t);
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(modeOf: (n: number) => Mode): Promise<{ srv: LoggedServer; client: OpenAIClient }> {
  const srv = await startServer(modeOf);
  // max_tokens large, so nothing but the drain bound ends the endless stream.
  const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
  cleanups.push(() => srv.close(), () => client.close());
  return { srv, client };
}

const workload = new FixedWorkload({ model: 'm', prompt: 'p', maxTokens: 1_000_000 });
const sum = (o: Partial<Record<string, number>>): number => Object.values(o).reduce<number>((a, b) => a + (b ?? 0), 0);

describe('every level ends', () => {
  it.each([
    { what: 'an unbounded stream', mode: 'endless-stream' as const },
    { what: 'a server that never sends headers', mode: 'no-headers' as const },
  ])('open loop: $what ends a 3 s level within its drain bound, counts adding up', async ({ mode }) => {
    const { srv, client } = await setup(() => mode);
    const records: RequestRecord[] = [];
    const drainMs = 1000;
    const stage: Stage = { kind: 'rate', rate: 2, arrival: 'constant', durationS: 3 };
    const run = await runLevelDetailed('d', stage, { sender: client, workload, drainMs, onRecord: (r) => records.push(r) });
    const s = run.summary;
    expect(s.requests.sent).toBe(6);
    expect(srv.received).toBe(6);
    expect(s.requests.ok).toBe(0);
    expect(s.requests.errors).toEqual({ incomplete: 6 });
    expect(s.requests.ok + sum(s.requests.errors)).toBe(s.requests.sent);
    expect(run.drainExpired).toBe(6);
    expect(records).toHaveLength(6);
    // The drain is a bound, not a guess: nothing was cut before it ran out, and the client really
    // closed every response (the server saw each one cut).
    const lastSend = Math.max(...records.map((r) => r.sentAt));
    for (const r of records) expect(r.endedAt - lastSend).toBeGreaterThanOrEqual(drainMs - 1);
    await waitFor(() => srv.cutByClient === 6);
    expect(records.every((r) => r.error !== undefined && /drain/i.test(r.error))).toBe(true);
  });

  it('closed loop: users stuck on a silent server are cut after the end time plus the drain', async () => {
    const { srv, client } = await setup(() => 'no-headers');
    const stage: Stage = { kind: 'concurrency', users: 3, thinkMs: 0, durationS: 3 };
    const run = await runLevelDetailed('c', stage, { sender: client, workload, drainMs: 500 });
    expect(run.summary.requests.sent).toBe(3);
    expect(srv.received).toBe(3);
    expect(run.summary.requests.errors).toEqual({ incomplete: 3 });
    expect(run.drainExpired).toBe(3);
    // Nothing was sent after the level stopped sending (the stuck users did not start another).
    await waitFor(() => srv.cutByClient === 3);
    expect(srv.received).toBe(3);
  });

  it('a mixed level: the fast requests are ok, the stuck ones incomplete, every one counted once', async () => {
    const { srv, client } = await setup((n) => (n % 3 === 0 ? 'no-headers' : n % 3 === 1 ? 'endless-stream' : 'fast'));
    const stage: Stage = { kind: 'rate', rate: 10, arrival: 'constant', durationS: 1.2 };
    const run = await runLevelDetailed('m', stage, { sender: client, workload, drainMs: 400 });
    const s = run.summary;
    expect(s.requests.sent).toBe(12);
    expect(srv.received).toBe(12);
    expect(s.requests.ok).toBe(4);
    expect(s.requests.errors).toEqual({ incomplete: 8 });
    expect(run.drainExpired).toBe(8);
  });

  it("the user's cancel during the drain counts as cancelled, not incomplete", async () => {
    const { client } = await setup(() => 'no-headers');
    const ac = new AbortController();
    const stage: Stage = { kind: 'rate', rate: 5, arrival: 'constant', durationS: 0.6 };
    // Cancel once every request is open on the server (the sends are done, the drain is running).
    const sender = {
      sent: 0,
      send(spec: RequestSpec, ctx: Parameters<OpenAIClient['send']>[1]): Promise<RequestRecord> {
        if (++this.sent === 3) setTimeout(() => ac.abort(), 300);
        return client.send(spec, ctx);
      },
    };
    const run = await runLevelDetailed('x', stage, { sender, workload, drainMs: 60_000, signal: ac.signal });
    expect(run.summary.requests.sent).toBe(3);
    expect(run.summary.requests.errors).toEqual({ cancelled: 3 });
    expect(run.drainExpired).toBe(0);
    // Sending had ended at the level's duration; the cancel came during the drain.
    expect(run.stoppedBy).toBe('duration');
  });

  it('a drain that is not needed costs nothing: all requests end, drainExpired 0', async () => {
    const { client } = await setup(() => 'fast');
    const run = await runLevelDetailed('f', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 0.5 }, { sender: client, workload, drainMs: 60_000 });
    expect(run.summary.requests.ok).toBe(10);
    expect(run.drainExpired).toBe(0);
  });
});

describe('levels sized by samples', () => {
  it('stops sending once it has its completions and its minimum time, well before its duration', async () => {
    const { srv, client } = await setup(() => 'fast');
    const stage: Stage = { kind: 'rate', rate: 50, arrival: 'constant', durationS: 30, sizing: { minS: 0.5, minCompletions: 40 } };
    const run = await runLevelDetailed('s', stage, { sender: client, workload });
    expect(run.stoppedBy).toBe('samples');
    const s = run.summary;
    // 40 completions at 50 req/s take ~0.8 s; the level sent for about that long, not 30 s.
    expect(s.requests.ok).toBeGreaterThanOrEqual(40);
    expect(s.requests.sent).toBeLessThan(200);
    expect(srv.received).toBe(s.requests.sent);
    expect(run.sendingS).toBeGreaterThanOrEqual(0.5 - 0.001);
  });

  it('never stops before its minimum time, even with the completions in hand', async () => {
    const { client } = await setup(() => 'fast');
    const records: RequestRecord[] = [];
    const stage: Stage = { kind: 'rate', rate: 50, arrival: 'constant', durationS: 30, sizing: { minS: 1, minCompletions: 5 } };
    const run = await runLevelDetailed('t', stage, { sender: client, workload, onRecord: (r) => records.push(r) });
    expect(run.stoppedBy).toBe('samples');
    // Scheduled times are exact: the last send was due at or after the 1 s floor.
    const sched = records.map((r) => r.scheduledAt).sort((a, b) => a - b);
    expect(sched.at(-1)! - sched[0]!).toBeGreaterThanOrEqual(1000 - 20 - 1e-6);
    expect(records.length).toBeGreaterThanOrEqual(50);
  });

  it('stops at its duration when the completions do not come; the summary shows how few there were', async () => {
    const { client } = await setup(() => 'fast');
    const stage: Stage = { kind: 'rate', rate: 10, arrival: 'constant', durationS: 0.5, sizing: { minS: 0.2, minCompletions: 50 } };
    const run = await runLevelDetailed('u', stage, { sender: client, workload });
    expect(run.stoppedBy).toBe('duration');
    expect(run.summary.requests.sent).toBe(5);
  });

  it('closed loop: the same rule, users stop when the level has its samples', async () => {
    const { srv, client } = await setup(() => 'fast');
    const stage: Stage = { kind: 'concurrency', users: 2, thinkMs: 0, durationS: 30, sizing: { minS: 0.2, minCompletions: 30 } };
    const run = await runLevelDetailed('cl', stage, { sender: client, workload });
    expect(run.stoppedBy).toBe('samples');
    expect(run.summary.requests.ok).toBeGreaterThanOrEqual(30);
    expect(srv.received).toBe(run.summary.requests.sent);
    expect(run.summary.requests.sent).toBeLessThanOrEqual(run.summary.requests.ok + 2);
  });
});

describe('per-level distinct prompts', () => {
  it('counts distinct prompt texts (prompt or messages), not requests', async () => {
    const { client } = await setup(() => 'fast');
    const texts = ['a', 'b', 'c'];
    const w: Workload = { next: (seq): RequestSpec => ({ model: 'm', messages: [{ role: 'user', content: texts[seq % 3]! }], maxTokens: 2 }) };
    const run = await runLevelDetailed('p', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 0.5 }, { sender: client, workload: w });
    expect(run.summary.requests.sent).toBe(10);
    expect(run.summary.requests.distinct_prompts).toBe(3);
    const fixed = await runLevelDetailed('q', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 0.2 }, { sender: client, workload });
    expect(fixed.summary.requests.distinct_prompts).toBe(1);
  });
});

describe('steady-window throughput', () => {
  it('an evenly paced level reads its rate exactly; the drain tail is left out', () => {
    // Sends every 100 ms from 0 to 900; each takes 250 ms: ends 250..1150. Window [250, 850]
    // (the last completion at or before the last send at 900): 7 completions, 6 intervals, 600 ms.
    const ends = Array.from({ length: 10 }, (_, i) => 250 + 100 * i);
    expect(steadyRate(ends, 900)).toBeCloseTo(10, 9);
    // 4 req/s for 1 s, 100 ms each: ends 100, 350, 600, 850 → 4 req/s, not 3 / 0.9 s.
    expect(steadyRate([100, 350, 600, 850], 750)).toBeCloseTo(4, 9);
    expect(steadyRate([100, 350, 600, 850], 850)).toBeCloseTo(4, 9);
  });
  it('a saturated level reads the service rate, not the offered one, and not the burst after the last send', () => {
    // Offered 20 req/s for 1 s, served one every 100 ms; after the last send (950) the queue
    // drains in a burst every 10 ms (as if the load fell away) — excluded.
    const ends = [...Array.from({ length: 10 }, (_, i) => 100 + 100 * i).filter((e) => e <= 950), 960, 970, 980, 990, 1000];
    expect(steadyRate(ends, 950)).toBeCloseTo(10, 9);
  });
  it('undefined when the window is too short to say (a level shorter than a request)', () => {
    expect(steadyRate([500, 600], 400)).toBeUndefined();
    expect(steadyRate([], 400)).toBeUndefined();
    expect(steadyRate([100, 150], 200)).toBeUndefined();
    expect(steadyRate([100, 150, 180], -Infinity)).toBeUndefined();
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(cond()).toBe(true);
}
