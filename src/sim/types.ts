/**
 * Public types of the endpoint simulator. All durations in options are *simulated*
 * milliseconds: real time = simulated time / speedup.
 */

export type Routing = 'round-robin' | 'random' | 'least-loaded' | 'kv-aware';
export const ROUTINGS: readonly Routing[] = ['round-robin', 'random', 'least-loaded', 'kv-aware'];

/** Engine figures for one replica (one vLLM-like server). See docs/simulator.md. */
export interface Profile {
  name: string;
  description: string;
  /** Model name served when `models` is not given. */
  servedModelName: string;
  /** Max sequences running in a batch (vLLM max_num_seqs). */
  maxNumSeqs: number;
  /** Token budget per step, decode + chunked prefill (vLLM max_num_batched_tokens). */
  maxBatchedTokens: number;
  /** KV cache size in blocks, and tokens per block. */
  kvBlocks: number;
  blockSize: number;
  /** Longest prompt + output accepted; longer requests get 400. */
  maxModelLen: number;
  /** Step time = stepOverheadMs + prefillMsPerToken * prefill tokens + decodeMsPerSeq * sequences emitting a token. */
  stepOverheadMs: number;
  prefillMsPerToken: number;
  decodeMsPerSeq: number;
  /** Waiting-queue bound per replica; beyond it requests get `rejectStatus`. */
  maxWaiting: number;
  rejectStatus: number;
  /** Natural output length (log-normal) when ignore_eos is false; null = always max_tokens. */
  naturalOutput: { median: number; sigma: number } | null;
  /** max_tokens used when the request gives none. */
  defaultMaxTokens: number;
}

/** A profile given by name, or as overrides of a base profile (default base: the default profile). */
export type ProfileInput = string | (Partial<Profile> & { base?: string });

/** Crash one replica at `atMs` after the fault is set; its in-flight requests lose their connection. */
export interface CrashFault {
  /** Model whose replica crashes; default the first model. */
  model?: string;
  replica: number;
  atMs: number;
  /** Recover this long after the crash; omitted = stays down. */
  recoverAfterMs?: number;
  /** Router keeps sending to the dead replica until this long after the crash (default 1000). */
  detectionMs?: number;
}

/** Faults; every *Rate is a per-request probability in [0, 1]. */
export interface FaultConfig {
  errorRate: number;
  /** Status codes drawn uniformly for injected errors (default [500]). */
  errorStatuses: number[];
  /** Added before the request reaches the engine (counts in TTFT). */
  latencyMs: number;
  /** Destroy the socket after `resetAfterChunks` SSE chunks. */
  resetRate: number;
  resetAfterChunks: number;
  /** Pause the stream for `stallMs` after the first token. */
  stallRate: number;
  stallMs: number;
  /** Replace one mid-stream chunk with invalid JSON. */
  malformedRate: number;
  /** End the stream without `data: [DONE]`. */
  missingDoneRate: number;
  /** Omit the usage chunk even when include_usage was asked for. */
  missingUsageRate: number;
  /** First N output tokens are sent as delta.reasoning_content (chat) before content. */
  reasoningTokens: number;
  /** Tokens per SSE chunk (>1 imitates engines that batch deltas). */
  tokensPerChunk: number;
  crashes: CrashFault[];
}

/** One served model: its own replicas, profile and routing. */
export interface ModelSpec {
  name: string;
  profile?: ProfileInput;
  replicas?: number;
  routing?: Routing;
}

export interface SimOptions {
  host: string;
  /** 0 = ephemeral port. */
  port: number;
  profile: ProfileInput;
  replicas: number;
  routing: Routing;
  /** Scales all simulated time: 10 = ten times faster than the profile's figures. */
  speedup: number;
  seed: number;
  /** Several models at once; when empty, one model named after the profile. */
  models: ModelSpec[];
  faults: Partial<FaultConfig>;
  /** /health, /v1/models and completions answer 503 until this has passed. */
  startupDelayMs: number;
  /** Readiness lie: /v1/models answers 200 at once while completions still 503 until startup ends. */
  modelsReadyBeforeCompletions: boolean;
}

export interface ReplicaStats {
  index: number;
  up: boolean;
  running: number;
  waiting: number;
  kvUsage: number;
  steps: number;
  prefixQueryTokens: number;
  prefixHitTokens: number;
  /** Times the replica crashed (fault crashes, and close()). */
  crashes: number;
  /** Requests queued or running on it when it crashed. */
  lostInCrash: number;
  /** Requests routed to it while it was down (before the router noticed). */
  refusedDown: number;
}

export interface ModelStats {
  model: string;
  profile: string;
  replicas: ReplicaStats[];
  requests: number;
  completed: number;
  rejected: number;
  failed: number;
  /** Requests queued or running on a replica when it crashed: streams cut mid-way (sum over replicas). */
  lostInCrash: number;
  /** Requests routed to a crashed replica before the router noticed: refused before any byte (sum over replicas). */
  refusedDown: number;
  promptTokens: number;
  generationTokens: number;
  prefixQueryTokens: number;
  prefixHitTokens: number;
  /** prefixHitTokens / prefixQueryTokens (0 when no queries). */
  prefixHitRate: number;
}

export interface SimStats {
  uptimeMs: number;
  models: ModelStats[];
}

export interface RunningSim {
  /** e.g. http://127.0.0.1:PORT (no /v1). */
  url: string;
  port: number;
  close(): Promise<void>;
  setFaults(f: Partial<FaultConfig>): void;
  stats(): SimStats;
}
