/**
 * A paced OpenAI-style SSE server for bench/paced.ts, run in a child process so its CPU is not
 * charged to the load generator. Like a real engine it sends each token as it is decoded: the
 * first `interval` ms after the request arrived, then one every `interval` ms (default 10), each
 * event in its own write, so each event reaches the client as its own read. It logs, per request,
 * the arrival time and the time each token event was written, on CLOCK_MONOTONIC (hrtime, the same
 * clock in every process), so the client's TTFT/ITL can be compared with the server's own sends.
 *
 *   argv: [intervalMs]      IPC: 'cpu' → {cpuS}, 'logs' → {logs} (and clears them), 'exit'
 *
 * The request's body carries `"bench_id":N` (the client's record id) to match the logs.
 * Plain erasable TypeScript: Node runs it directly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const interval = Number(process.argv[2] ?? 10);
const mono = (): number => Number(process.hrtime.bigint()) / 1e6;

const chunkOf = (i: number): string =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{"content":" tok${i}"},"logprobs":null,"finish_reason":null}]}\n\n`;
const CHUNKS = Array.from({ length: 4096 }, (_, i) => chunkOf(i));
const tail = (p: number, c: number): string =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[],"usage":{"prompt_tokens":${p},"completion_tokens":${c},"total_tokens":${p + c}}}\n\ndata: [DONE]\n\n`;

/** id → [arrival, send time of token 0, token 1, …] (monotonic ms). */
let logs: Record<string, number[]> = {};

function stream(res: ServerResponse, id: string, n: number, arrival: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const log = [arrival];
  logs[id] = log;
  let i = 0;
  const step = (): void => {
    if (res.destroyed) return;
    log.push(mono());
    res.write(CHUNKS[i % CHUNKS.length]!);
    i++;
    if (i === n) {
      res.end(tail(8, n));
      return;
    }
    // Paced on the schedule, not on the previous send: timer lateness does not accumulate.
    setTimeout(step, Math.max(0, arrival + (i + 1) * interval - mono()));
  };
  setTimeout(step, interval);
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const arrival = mono();
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d: string) => (body += d));
  req.on('end', () => {
    const m = /"max_tokens":(\d+)/.exec(body);
    const id = /"bench_id":(\d+)/.exec(body)?.[1] ?? 'none';
    stream(res, id, m ? Number(m[1]) : 16, arrival);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('message', (m: unknown) => {
  if (m === 'cpu') {
    const u = process.cpuUsage();
    process.send!({ cpuS: (u.user + u.system) / 1e6 });
  } else if (m === 'logs') {
    process.send!({ logs });
    logs = {};
  } else if (m === 'exit') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
