/**
 * Maps what the transports throw (client/h1.ts, undici, the system) and what the server answers
 * to the stable error kinds of metrics/record.ts. Kept apart from the client so the mapping reads
 * as one table.
 */
import type { ErrorKind } from '../metrics/record.js';

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'UND_ERR_INVALID_ARG',
  'H1_INVALID_ARG',
]);

/** HTTP status → error kind; 429 is kept apart because it means "back off", not "broken". */
export function classifyStatus(status: number): ErrorKind {
  if (status === 429) return 'http_429';
  if (status >= 300 && status < 400) return 'http_3xx';
  if (status >= 500) return 'http_5xx';
  return 'http_4xx';
}

/**
 * A thrown error → error kind. `gotHead` says whether the response head had arrived: a reset
 * before it means the server never answered; after it, the stream was cut.
 */
export function classifyThrown(err: unknown, gotHead: boolean): ErrorKind {
  const code = errorCode(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'H1_CONNECT_TIMEOUT') return 'timeout_connect';
  if (code !== undefined && CONNECT_CODES.has(code)) return 'connect_error';
  return gotHead ? 'reset_after_first_byte' : 'reset_before_first_byte';
}

/**
 * True for a body that could not be decompressed (zlib's Z_* codes, brotli's and zstd's decoder
 * errors): the server sent bytes that do not match its Content-Encoding, a malformed response.
 */
export function isDecodeError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && /^(Z_|ERR__ERROR|ERR_BROTLI|ERR_ZSTD|ERR_ZLIB)/.test(code);
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.code === 'string' && e.code !== 'UND_ERR_SOCKET') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return typeof e?.code === 'string' ? e.code : undefined;
}
