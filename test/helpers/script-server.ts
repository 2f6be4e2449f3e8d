/**
 * A real HTTP server on 127.0.0.1 whose every response follows a script: status, head delay, SSE
 * chunks with exact delays, and stream faults. Tests use it to check that what the client measures
 * equals what the server did.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Script {
  status?: number;
  /** Delay before the response head. */
  headDelayMs?: number;
  /** Body for non-2xx or non-stream answers. */
  body?: string;
  /** SSE chunks: each is sent `delayMs` after the previous one (or after the head). */
  chunks?: Array<{ delayMs: number; data: string }>;
  /** Send `data: [DONE]` at the end (default true). */
  done?: boolean;
  /** Destroy the socket instead of ending the response, after the chunks. */
  resetAtEnd?: boolean;
  /** Destroy the socket before sending anything. */
  resetBeforeHead?: boolean;
  /** Never send anything after the chunks (for idle/total timeouts). */
  hangAfterChunks?: boolean;
  /** Close the connection after each response (`Connection: close`). */
  closeConnection?: boolean;
}

export interface ScriptServer {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  /** Wall times (performance.now()) at which each chunk was written, per request, for accuracy checks. */
  writes: number[][];
  close(): Promise<void>;
}

/** Chat chunk payload carrying `content` (or reasoning) in OpenAI's delta format. */
export function chatChunk(content: string, opts: { reasoning?: boolean; model?: string } = {}): string {
  const delta = opts.reasoning ? { reasoning_content: content } : { content };
  return JSON.stringify({ id: 'x', object: 'chat.completion.chunk', model: opts.model ?? 'm', choices: [{ index: 0, delta }] });
}

export function usageChunk(prompt: number, completion: number, model = 'm'): string {
  return JSON.stringify({ id: 'x', object: 'chat.completion.chunk', model, choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });
}

export async function startScriptServer(script: (req: { body: string; n: number }) => Script): Promise<ScriptServer> {
  const sockets = new Set<Socket>();
  const requests: ScriptServer['requests'] = [];
  const writes: number[][] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const times: number[] = [];
      writes.push(times);
      void play(script({ body, n: n++ }), req, res, times);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function play(s: Script, req: IncomingMessage, res: ServerResponse, times: number[]): Promise<void> {
  if (s.headDelayMs) await sleep(s.headDelayMs);
  if (s.resetBeforeHead) return void req.socket.destroy();
  const status = s.status ?? 200;
  const headers: Record<string, string> = {};
  if (s.closeConnection) headers.connection = 'close';
  if (status !== 200 || !s.chunks) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(s.body ?? '');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();
  for (const c of s.chunks) {
    if (c.delayMs) await sleep(c.delayMs);
    res.write(`data: ${c.data}\n\n`);
    times.push(performance.now());
  }
  if (s.hangAfterChunks) return;
  if (s.resetAtEnd) return void req.socket.destroy();
  if (s.done !== false) res.write('data: [DONE]\n\n');
  res.end();
}
