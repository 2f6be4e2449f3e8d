/**
 * The floor under bench/paced.ts: what Node itself costs per read, with no HTTP client at all.
 * Each of `streams` users holds one keep-alive socket to the paced server (bench/paced-server.ts)
 * and sends raw HTTP/1.1 requests; the answer is read with net's `onread` (one reused buffer, no
 * stream, no allocation) and only scanned for its end. No parsing, no timing, no records: any
 * client's CPU per chunk at this server is this plus its own work.
 *
 *   node bench/paced-floor.ts [--runs 3] [--streams 32,256] [--tokens 128] [--interval 10]
 */
import { fork } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
/** The last chunk of a chunked body. */
const END = Buffer.from('\r\n0\r\n\r\n');

async function level(port: number, streams: number, requests: number, tokens: number): Promise<{ cpuUs: number; reads: number }> {
  let left = requests;
  let reads = 0;
  const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: tokens, stream: true, bench_id: 0 });
  const req = `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const user = (): Promise<void> =>
    new Promise((resolve, reject) => {
      // The last bytes seen, so an end marker split over two reads is still found.
      let tail = Buffer.alloc(0);
      const buffer = Buffer.alloc(64 * 1024);
      const next = (s: Socket): void => {
        if (left <= 0) {
          s.end();
          return resolve();
        }
        left--;
        s.write(req);
      };
      const s: Socket = connect({
        port,
        host: '127.0.0.1',
        onread: {
          buffer,
          callback: (n: number, buf: Uint8Array): boolean => {
            reads++;
            const view = Buffer.from(buf.buffer, buf.byteOffset, n);
            const last = n >= END.length ? view.subarray(n - END.length) : Buffer.concat([tail, view]).subarray(-END.length);
            tail = Buffer.from(last);
            if (last.equals(END)) next(s);
            return true;
          },
        },
      });
      s.setNoDelay(true);
      s.on('error', reject);
      s.on('connect', () => next(s));
    });
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: streams }, user));
  const d = process.cpuUsage(c0);
  return { cpuUs: d.user + d.system, reads };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      streams: { type: 'string', default: '32,256' },
      tokens: { type: 'string', default: '128' },
      interval: { type: 'string', default: '10' },
    },
  });
  const tokens = Number(values.tokens);
  const child = fork(fileURLToPath(new URL('./paced-server.ts', import.meta.url)), [values.interval], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((res) => child.once('message', (m) => res((m as { port: number }).port)));
  const ask = (): void => void child.send('logs');
  child.on('message', () => undefined);
  await level(port, 32, 64, 32); // warm-up
  ask();
  const rows = [];
  for (const streams of values.streams.split(',').map(Number)) {
    const requests = Math.max(2 * streams, 128);
    const us: number[] = [];
    const readsPerChunk: number[] = [];
    for (let i = 0; i < Number(values.runs); i++) {
      const r = await level(port, streams, requests, tokens);
      ask();
      us.push(r.cpuUs / (requests * tokens));
      readsPerChunk.push(r.reads / (requests * tokens));
    }
    rows.push({ streams, cpu_us_per_chunk: r3(median(us)), runs: us.map(r3), reads_per_chunk: r3(median(readsPerChunk)) });
  }
  child.send('exit');
  console.log(JSON.stringify({ node: process.version, rows }));
  for (const r of rows)
    console.log(
      `floor (raw socket, onread, no HTTP parsing) @ ${r.streams} streams: ${r.cpu_us_per_chunk} µs CPU per chunk (runs ${r.runs.join(', ')}; ${r.reads_per_chunk} reads per chunk)`,
    );
}

await main();
