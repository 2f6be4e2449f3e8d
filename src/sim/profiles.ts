/**
 * Named engine profiles and the closed-form capacity estimate derived from the
 * same step-time model the engine runs (see docs/simulator.md for the figures).
 */
import type { Profile, ProfileInput } from './types.js';

export const DEFAULT_PROFILE = 'llama-8b-h100';

const natural = { median: 180, sigma: 0.7 };

export const PROFILES: Readonly<Record<string, Profile>> = {
  'llama-8b-h100': {
    name: 'llama-8b-h100',
    description: 'Llama-3.1-8B bf16 on one H100 80GB (vLLM defaults, 0.9 memory utilisation)',
    servedModelName: 'meta-llama/Llama-3.1-8B-Instruct',
    maxNumSeqs: 256,
    maxBatchedTokens: 8192,
    kvBlocks: 26000,
    blockSize: 16,
    maxModelLen: 131072,
    stepOverheadMs: 6,
    prefillMsPerToken: 0.06,
    decodeMsPerSeq: 0.08,
    maxWaiting: 256,
    rejectStatus: 503,
    naturalOutput: natural,
    defaultMaxTokens: 1024,
  },
  'llama-70b-2xh100-tp2': {
    name: 'llama-70b-2xh100-tp2',
    description: 'Llama-3.1-70B bf16, tensor-parallel over two H100 80GB; little room left for KV cache',
    servedModelName: 'meta-llama/Llama-3.1-70B-Instruct',
    maxNumSeqs: 256,
    maxBatchedTokens: 8192,
    kvBlocks: 820,
    blockSize: 16,
    maxModelLen: 8192,
    stepOverheadMs: 25,
    prefillMsPerToken: 0.25,
    decodeMsPerSeq: 0.3,
    maxWaiting: 128,
    rejectStatus: 503,
    naturalOutput: natural,
    defaultMaxTokens: 1024,
  },
  tiny: {
    name: 'tiny',
    description: 'Toy engine for fast tests: 8 slots, 128 KV blocks, millisecond steps',
    servedModelName: 'tiny',
    maxNumSeqs: 8,
    maxBatchedTokens: 256,
    kvBlocks: 128,
    blockSize: 16,
    // The default workload's longest prompt (768 o200k tokens ≈ 1,011 at 4 characters per token)
    // plus max_tokens 128 must fit; a request that long still fits the 128 × 16 KV blocks.
    maxModelLen: 2048,
    stepOverheadMs: 2,
    prefillMsPerToken: 0.02,
    decodeMsPerSeq: 0.25,
    maxWaiting: 16,
    rejectStatus: 503,
    naturalOutput: { median: 16, sigma: 0.5 },
    defaultMaxTokens: 32,
  },
};

/** Resolves a profile name or override object; throws a one-line Error naming the problem. */
export function resolveProfile(input: ProfileInput | undefined): Profile {
  if (input === undefined) return { ...PROFILES[DEFAULT_PROFILE]! };
  if (typeof input === 'string') {
    const p = PROFILES[input];
    if (!p) throw new Error(`unknown profile "${input}"; known profiles: ${Object.keys(PROFILES).join(', ')}`);
    return { ...p };
  }
  const { base, ...over } = input;
  const merged: Profile = { ...resolveProfile(base ?? DEFAULT_PROFILE), ...over };
  if (over.name === undefined) merged.name = base ? `${base}+custom` : 'custom';
  validateProfile(merged);
  return merged;
}

function validateProfile(p: Profile): void {
  const positive: (keyof Profile)[] = ['maxNumSeqs', 'maxBatchedTokens', 'kvBlocks', 'blockSize', 'maxModelLen', 'defaultMaxTokens'];
  for (const k of positive) {
    const v = p[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new Error(`profile field ${k} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  for (const k of ['stepOverheadMs', 'prefillMsPerToken', 'decodeMsPerSeq', 'maxWaiting'] as const) {
    if (typeof p[k] !== 'number' || !(p[k] >= 0)) throw new Error(`profile field ${k} must be a number >= 0, got ${JSON.stringify(p[k])}`);
  }
  if (p.stepOverheadMs + p.decodeMsPerSeq <= 0) throw new Error('profile needs stepOverheadMs or decodeMsPerSeq > 0');
}

export interface CapacityEstimate {
  rps: number;
  outputTokensPerS: number;
  totalTokensPerS: number;
  concurrencyAtSaturation: number;
}

/**
 * The model's own prediction of saturation throughput (at speedup 1; multiply by
 * speedup otherwise) for a steady stream of identical requests, so gate tests can
 * check that the knee lands where it should.
 *
 * B = min(maxNumSeqs, floor(kvBlocks / ceil((P·(1−h) + O) / blockSize))) sequences fit;
 * at saturation every step emits B tokens, so steps/s = X·O/B and the busy-time
 * balance 1 s = X·(O·overhead/B + prefill·P·(1−h) + decode·O) gives
 * X = 1 / (O·overhead/B + prefill·P·(1−h) + decode·O). If the per-step token budget
 * cannot carry the prefill that needs (P·(1−h)·B/O + B > budget), X is capped by it.
 */
export function estimateCapacity(profile: Profile | string, workload: { promptTokens: number; outputTokens: number; prefixHitRate?: number }, replicas = 1): CapacityEstimate {
  const p = typeof profile === 'string' ? resolveProfile(profile) : profile;
  const P = workload.promptTokens;
  const O = Math.max(1, workload.outputTokens);
  const h = Math.min(1, Math.max(0, workload.prefixHitRate ?? 0));
  const prefill = Math.max(1, P * (1 - h));
  const blocksPerReq = Math.ceil((prefill + O) / p.blockSize);
  const B = Math.max(1, Math.min(p.maxNumSeqs, Math.floor(p.kvBlocks / blocksPerReq)));
  const secondsPerReq = (O * p.stepOverheadMs) / B + p.prefillMsPerToken * prefill + p.decodeMsPerSeq * O;
  let rps = 1000 / secondsPerReq;
  const prefillPerStep = (prefill * B) / O;
  if (prefillPerStep + B > p.maxBatchedTokens) {
    const room = Math.max(1, p.maxBatchedTokens - B);
    const stepMs = p.stepOverheadMs + p.prefillMsPerToken * room + p.decodeMsPerSeq * B;
    rps = Math.min(rps, ((1000 / stepMs) * room) / prefill);
  }
  rps *= replicas;
  return {
    rps,
    outputTokensPerS: rps * O,
    totalTokensPerS: rps * (P + O),
    concurrencyAtSaturation: B * replicas,
  };
}
