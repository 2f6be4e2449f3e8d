/**
 * A fast OpenAI-style SSE server for bench/engine.ts, run in a child process so its CPU is not
 * charged to the load generator. Each request streams `max_tokens` chat chunks (one token each),
 * a usage chunk and `data: [DONE]`; every chunk is written in its own event-loop turn, so chunks
 * leave as separate writes the way a real server's tokens do. No delays: the server is as fast as
 * one core allows. Reports its port and, on request, its own CPU time over IPC.
 *
 * Plain erasable TypeScript: Node runs it directly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const chunkOf = (i: number): string =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{"content":" tok${i}"},"logprobs":null,"finish_reason":null}]}\n\n`;
const CHUNKS = Array.from({ length: 4096 }, (_, i) => chunkOf(i));
const usage = (p: number, c: number): string =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[],"usage":{"prompt_tokens":${p},"completion_tokens":${c},"total_tokens":${p + c}}}\n\n`;

function stream(res: ServerResponse, n: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const step = (): void => {
    if (res.destroyed) return;
    if (i < n) {
      res.write(CHUNKS[i++ % CHUNKS.length]!);
      setImmediate(step);
      return;
    }
    res.write(usage(8, n));
    res.end('data: [DONE]\n\n');
  };
  step();
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d: string) => (body += d));
  req.on('end', () => {
    const m = /"max_tokens":(\d+)/.exec(body);
    stream(res, m ? Number(m[1]) : 16);
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
  } else if (m === 'exit') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
