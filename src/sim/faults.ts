/**
 * Fault configuration: defaults, validation of partial updates, and the per-request
 * draw that decides which faults hit a given request (from that request's seeded RNG).
 */
import type { FaultConfig } from './types.js';

export function defaultFaults(): FaultConfig {
  return {
    errorRate: 0,
    errorStatuses: [500],
    latencyMs: 0,
    resetRate: 0,
    resetAfterChunks: 3,
    stallRate: 0,
    stallMs: 2000,
    malformedRate: 0,
    missingDoneRate: 0,
    missingUsageRate: 0,
    reasoningTokens: 0,
    tokensPerChunk: 1,
    crashes: [],
  };
}

const RATES = ['errorRate', 'resetRate', 'stallRate', 'malformedRate', 'missingDoneRate', 'missingUsageRate'] as const;
const NON_NEGATIVE = ['latencyMs', 'resetAfterChunks', 'stallMs', 'reasoningTokens'] as const;

/**
 * Checks a partial fault update (from options, YAML or the admin endpoint) and
 * returns it typed; throws a one-line Error naming the bad field and what is allowed.
 */
export function validateFaults(input: unknown, where = 'faults'): Partial<FaultConfig> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error(`${where} must be an object`);
  const f = input as Record<string, unknown>;
  const known = new Set(Object.keys(defaultFaults()));
  for (const k of Object.keys(f)) if (!known.has(k)) throw new Error(`${where}.${k} is not a fault; known: ${[...known].join(', ')}`);
  for (const k of RATES) {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1))) throw new Error(`${where}.${k} must be a probability between 0 and 1, got ${JSON.stringify(v)}`);
  }
  for (const k of NON_NEGATIVE) {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new Error(`${where}.${k} must be a number >= 0, got ${JSON.stringify(v)}`);
  }
  if (f.tokensPerChunk !== undefined && (!Number.isInteger(f.tokensPerChunk) || (f.tokensPerChunk as number) < 1)) {
    throw new Error(`${where}.tokensPerChunk must be an integer >= 1, got ${JSON.stringify(f.tokensPerChunk)}`);
  }
  if (f.errorStatuses !== undefined) {
    const s = f.errorStatuses;
    if (!Array.isArray(s) || s.length === 0 || !s.every((c) => Number.isInteger(c) && c >= 400 && c <= 599)) {
      throw new Error(`${where}.errorStatuses must be a non-empty list of HTTP status codes 400-599, got ${JSON.stringify(s)}`);
    }
  }
  if (f.crashes !== undefined) {
    if (!Array.isArray(f.crashes)) throw new Error(`${where}.crashes must be a list`);
    f.crashes.forEach((c: unknown, i: number) => {
      const cr = c as Record<string, unknown> | null;
      if (!cr || typeof cr !== 'object') throw new Error(`${where}.crashes[${i}] must be an object`);
      if (!Number.isInteger(cr.replica) || (cr.replica as number) < 0) throw new Error(`${where}.crashes[${i}].replica must be a replica index >= 0`);
      for (const k of ['atMs', 'recoverAfterMs', 'detectionMs']) {
        const v = cr[k];
        if ((k === 'atMs' || v !== undefined) && (typeof v !== 'number' || !(v >= 0))) throw new Error(`${where}.crashes[${i}].${k} must be a number >= 0`);
      }
      if (cr.model !== undefined && typeof cr.model !== 'string') throw new Error(`${where}.crashes[${i}].model must be a string`);
    });
  }
  return f as Partial<FaultConfig>;
}

/** Which faults apply to one request. */
export interface RequestFaults {
  errorStatus: number | null;
  resetAfterChunks: number | null;
  stall: boolean;
  malformed: boolean;
  missingDone: boolean;
  missingUsage: boolean;
}

/** Draws a request's faults; always consumes the same number of random values. */
export function drawFaults(f: FaultConfig, rand: () => number): RequestFaults {
  const err = rand() < f.errorRate;
  const pick = rand();
  return {
    errorStatus: err ? (f.errorStatuses[Math.floor(pick * f.errorStatuses.length)] ?? 500) : null,
    resetAfterChunks: rand() < f.resetRate ? f.resetAfterChunks : null,
    stall: rand() < f.stallRate,
    malformed: rand() < f.malformedRate,
    missingDone: rand() < f.missingDoneRate,
    missingUsage: rand() < f.missingUsageRate,
  };
}
