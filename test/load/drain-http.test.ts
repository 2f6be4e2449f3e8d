/**
 * Every level ends, through real HTTP (issue 9): after its last send, requests still open on a
 * real socket — an endless stream, a server that never sends headers — get a bounded drain, then
 * the client really closes them and counts them `incomplete`. Levels are 0.5 s with a 0.5 s drain.
 * The rest of the drain and sizing rules, to the millisecond, are in drain.test.ts (virtual time).
 *
 * The servers are real HTTP servers on 127.0.0.1 that log what they did (requests received,
 * responses cut by the client), and the assertions compare the client's figures with those logs;
 * the only time bound is the drain's lower bound (nothing is cut early), which load cannot break.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIClient } from '../../src/client/openai.js';
import { runLevelDetailed } from '../../src/load/runner.js';
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
  cleanups.push(
    () => srv.close(),
    () => client.close(),
  );
  return { srv, client };
}

const workload = new FixedWorkload({ model: 'm', prompt: 'p', maxTokens: 1_000_000 });
const sum = (o: Partial<Record<string, number>>): number => Object.values(o).reduce<number>((a, b) => a + (b ?? 0), 0);

describe('every level ends', () => {
  it.each([
    { what: 'an unbounded stream', mode: 'endless-stream' as const },
    { what: 'a server that never sends headers', mode: 'no-headers' as const },
  ])('open loop: $what ends a 0.5 s level within its drain bound, counts adding up', async ({ mode }) => {
    const { srv, client } = await setup(() => mode);
    const records: RequestRecord[] = [];
    const drainMs = 500;
    const stage: Stage = { kind: 'rate', rate: 8, arrival: 'constant', durationS: 0.5 };
    const run = await runLevelDetailed('d', stage, { sender: client, workload, drainMs, onRecord: (r) => records.push(r) });
    const s = run.summary;
    expect(s.requests.sent).toBe(4);
    expect(srv.received).toBe(4);
    expect(s.requests.ok).toBe(0);
    expect(s.requests.errors).toEqual({ incomplete: 4 });
    expect(s.requests.ok + sum(s.requests.errors)).toBe(s.requests.sent);
    expect(run.drainExpired).toBe(4);
    expect(records).toHaveLength(4);
    // The drain is a bound, not a guess: nothing was cut before it ran out, and the client really
    // closed every response (the server saw each one cut).
    const lastSend = Math.max(...records.map((r) => r.sentAt));
    for (const r of records) expect(r.endedAt - lastSend).toBeGreaterThanOrEqual(drainMs - 1);
    await waitFor(() => srv.cutByClient === 4);
    expect(records.every((r) => r.error !== undefined && /drain/i.test(r.error))).toBe(true);
  });

  it('closed loop: users stuck on a silent server are cut after the end time plus the drain', async () => {
    const { srv, client } = await setup(() => 'no-headers');
    const stage: Stage = { kind: 'concurrency', users: 3, thinkMs: 0, durationS: 0.5 };
    const run = await runLevelDetailed('c', stage, { sender: client, workload, drainMs: 500 });
    expect(run.summary.requests.sent).toBe(3);
    expect(srv.received).toBe(3);
    expect(run.summary.requests.errors).toEqual({ incomplete: 3 });
    expect(run.drainExpired).toBe(3);
    // Nothing was sent after the level stopped sending (the stuck users did not start another).
    await waitFor(() => srv.cutByClient === 3);
    expect(srv.received).toBe(3);
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(cond()).toBe(true);
}
