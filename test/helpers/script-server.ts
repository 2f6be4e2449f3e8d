/**
 * A real HTTP server on 127.0.0.1 whose every response follows a script: status, head delay, SSE
 * chunks with exact delays, raw byte pieces, and stream faults. Tests use it to check that what
 * the client measures equals what the server did: it records when each request arrived, when each
 * chunk was written, and how many responses were open at once.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createBrotliCompress, createDeflate, createGzip, type BrotliCompress, type Deflate, type Gzip } from 'node:zlib';

export interface Script {
  status?: number;
  /** Delay before the response head. */
  headDelayMs?: number;
  /** Body for non-2xx or non-stream answers. */
  body?: string;
  /** SSE chunks: each is sent `delayMs` after the previous one (or after the head). */
  chunks?: Array<{ delayMs: number; data: string }>;
  /**
   * Raw body pieces written as given (after the head, each `delayMs` after the previous one),
   * instead of `chunks`: for SSE framing tests (CRLF, comments, splits inside a UTF-8 char).
   */
  raw?: Array<{ delayMs: number; bytes: Uint8Array | string }>;
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
  /** Compress the body with this Content-Encoding, flushed after every chunk (so SSE timing holds). */
  encoding?: 'gzip' | 'deflate' | 'br';
  /** Extra response headers (e.g. `location` for a redirect, or a `content-type` that overrides ours). */
  headers?: Record<string, string>;
}

export interface ScriptServer {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  /** performance.now() at which each request's body had fully arrived, by request number. */
  received: number[];
  /** Wall times (performance.now()) at which each chunk was written, per request, for accuracy checks. */
  writes: number[][];
  /** Responses open right now (request arrived, response not yet ended or aborted). */
  readonly open: number;
  /** Most responses ever open at once. */
  readonly maxOpen: number;
  /** Every change of `open`: [performance.now(), open after the change]. */
  openTimeline: Array<[number, number]>;
  /** TCP connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Chat chunk payload carrying `content` (or reasoning) in OpenAI's delta format. */
export function chatChunk(content: string, opts: { reasoning?: boolean; model?: string } = {}): string {
  const delta = opts.reasoning ? { reasoning_content: content } : { content };
  return JSON.stringify({ id: 'x', object: 'chat.completion.chunk', model: opts.model ?? 'm', choices: [{ index: 0, delta }] });
}

/** Legacy /v1/completions chunk payload carrying `text`. */
export function textChunk(text: string, model = 'm'): string {
  return JSON.stringify({ id: 'x', object: 'text_completion', model, choices: [{ index: 0, text }] });
}

export function usageChunk(prompt: number, completion: number, model = 'm'): string {
  return JSON.stringify({
    id: 'x',
    object: 'chat.completion.chunk',
    model,
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  });
}

/** Time-weighted mean of `open` over [from, to] (ms), from the server's timeline. */
export function meanOpen(timeline: Array<[number, number]>, from: number, to: number): number {
  let level = 0;
  let last = from;
  let area = 0;
  for (const [t, v] of timeline) {
    if (t > to) break;
    if (t > from) {
      area += level * (t - last);
      last = t;
    }
    level = v;
  }
  area += level * (to - last);
  return area / (to - from);
}

export async function startScriptServer(script: (req: { body: string; n: number; url: string; headers: IncomingMessage['headers'] }) => Script): Promise<ScriptServer> {
  const sockets = new Set<Socket>();
  const requests: ScriptServer['requests'] = [];
  const received: number[] = [];
  const writes: number[][] = [];
  const openTimeline: Array<[number, number]> = [];
  let n = 0;
  let open = 0;
  let maxOpen = 0;
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    open++;
    if (open > maxOpen) maxOpen = open;
    openTimeline.push([performance.now(), open]);
    let counted = true;
    res.on('close', () => {
      if (!counted) return;
      counted = false;
      open--;
      openTimeline.push([performance.now(), open]);
    });
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(performance.now());
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const times: number[] = [];
      writes.push(times);
      void play(script({ body, n: n++, url: req.url ?? '', headers: req.headers }), req, res, times);
    });
  });
  server.on('connection', (s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received,
    writes,
    openTimeline,
    get open() {
      return open;
    },
    get maxOpen() {
      return maxOpen;
    },
    get connections() {
      return connections;
    },
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
  if (res.destroyed) return;
  const status = s.status ?? 200;
  const headers: Record<string, string> = {};
  if (s.closeConnection) headers.connection = 'close';
  if (s.encoding) headers['content-encoding'] = s.encoding;
  if (status !== 200 || (!s.chunks && !s.raw)) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers, ...s.headers });
    const out = bodyWriter(res, s.encoding);
    out.write(s.body ?? '');
    out.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers, ...s.headers });
  res.flushHeaders();
  const out = bodyWriter(res, s.encoding);
  if (s.raw) {
    for (const p of s.raw) {
      if (p.delayMs) await sleep(p.delayMs);
      if (res.destroyed) return;
      out.write(p.bytes);
      times.push(performance.now());
    }
  } else {
    for (const c of s.chunks ?? []) {
      if (c.delayMs) await sleep(c.delayMs);
      if (res.destroyed) return;
      out.write(`data: ${c.data}\n\n`);
      times.push(performance.now());
    }
  }
  if (s.hangAfterChunks) return;
  if (s.resetAtEnd) return void req.socket.destroy();
  if (s.done !== false && !s.raw) out.write('data: [DONE]\n\n');
  out.end();
}

/** Writes to the response as is, or through a compressor flushed after every write. */
function bodyWriter(res: ServerResponse, encoding: Script['encoding']): { write(b: Uint8Array | string): void; end(): void } {
  if (!encoding) return { write: (b) => void res.write(b), end: () => void res.end() };
  const z: Gzip | Deflate | BrotliCompress = encoding === 'gzip' ? createGzip() : encoding === 'deflate' ? createDeflate() : createBrotliCompress();
  z.pipe(res);
  z.on('error', () => res.destroy());
  return {
    write: (b) => {
      z.write(b);
      z.flush();
    },
    end: () => void z.end(),
  };
}
