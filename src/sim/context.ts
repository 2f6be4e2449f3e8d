/** Shared state of a running simulator, passed to the HTTP handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock.js';
import type { ModelGroup } from './group.js';
import type { FaultConfig } from './types.js';

export interface SimContext {
  models: Map<string, ModelGroup>;
  faults: FaultConfig;
  speedup: number;
  now: () => number;
  /** The time source of the engines, stalls and injected latency (now() reads it). */
  clock: SimClock;
  /** now() at which startup ends. */
  readyAt: number;
  modelsReadyBeforeCompletions: boolean;
  startedAt: number;
  setFaults(f: Partial<FaultConfig>): void;
  nextId(): number;
}

/** Sends an OpenAI-style error body. */
export function sendError(res: ServerResponse, status: number, message: string, param: string | null = null, type?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { message, type: type ?? errorType(status), param, code: status } });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 429 || status === 503) headers['retry-after'] = '1';
  res.writeHead(status, headers);
  res.end(body);
}

function errorType(status: number): string {
  if (status === 400) return 'BadRequestError';
  if (status === 404) return 'NotFoundError';
  if (status === 429) return 'RateLimitError';
  if (status === 503) return 'ServiceUnavailableError';
  return status >= 500 ? 'InternalServerError' : 'BadRequestError';
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const MAX_BODY = 16 * 1024 * 1024;

/** Reads and parses a JSON body; rejects with a message suited to a 400 error. */
export function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body larger than 16 MiB'));
        req.destroy();
      } else parts.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
      } catch (e) {
        reject(new Error(`invalid JSON body: ${(e as Error).message}`));
      }
    });
  });
}
