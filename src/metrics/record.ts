/**
 * The one place where a request's measured quantities are defined.
 *
 * Every request the engine sends ends in exactly one RequestRecord with exactly one Outcome, so
 * counts by outcome always add up to requests sent. Times are milliseconds on the monotonic clock
 * (performance.now()), relative to nothing in particular: only differences are meaningful.
 */

/** Every way a request can end. Error kinds are stable identifiers used in results.json. */
export const OUTCOMES = [
  'ok',
  'connect_error',
  'timeout_connect',
  'timeout_first_byte',
  'timeout_idle',
  'timeout_total',
  'http_3xx',
  'http_429',
  'http_4xx',
  'http_5xx',
  'reset_before_first_byte',
  'reset_after_first_byte',
  'malformed_stream',
  'empty_completion',
  'overlong_stream',
  'incomplete',
  'cancelled',
] as const;

export type Outcome = (typeof OUTCOMES)[number];
export type ErrorKind = Exclude<Outcome, 'ok'>;

/**
 * The abort reason the runner uses when a level's drain bound expires: a request still open then
 * ends as `incomplete` (its own outcome, never lost), not `cancelled` (which means the user
 * stopped the run). Any other abort reason on SendContext.signal means `cancelled`.
 */
export const DRAIN_EXPIRED = 'llm-loadgate:drain-expired';

export interface RequestRecord {
  /** Sequence number within the run (0-based, in send order). */
  id: number;
  /** Name of the phase or level the request belongs to. */
  phase: string;
  /** When the pacer wanted the request to go out. */
  scheduledAt: number;
  /** When the request was actually handed to the HTTP client. */
  sentAt: number;
  /** When the request ended, whatever its outcome. */
  endedAt: number;
  outcome: Outcome;
  /** HTTP status, when a response head arrived. */
  status?: number;
  /** Short human-readable reason for an error outcome (never contains request headers). */
  error?: string;
  /** Model named in the request. */
  requestedModel: string;
  /** Model named by the response (first chunk that carried one). */
  responseModel?: string;
  /** Send → first chunk carrying generated text (reasoning included). */
  ttftMs?: number;
  /** Send → first chunk carrying non-reasoning content. */
  ttfcMs?: number;
  /** Send → last chunk carrying generated text. */
  e2eMs?: number;
  /** Gaps between successive chunks that carried generated text. */
  itlMs: number[];
  /** (e2e − ttft) / (outputTokens − 1); undefined with fewer than 2 output tokens. */
  tpotMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** True when outputTokens was counted from chunks because the server sent no usage. */
  tokensEstimated: boolean;
  /** Chunks that carried generated text. */
  contentChunks: number;
  /** Prompt tokens the workload asked for and output tokens it requested (max_tokens). */
  requestedInputTokens?: number;
  requestedOutputTokens?: number;
  /** Generated content text; only when the request asked for it (RequestSpec.captureText) and succeeded. */
  text?: string;
  /**
   * True when a streaming request got one whole JSON answer instead of a stream: taken as a
   * non-streamed completion, so its TTFT equals its E2E and it has no ITL.
   */
  nonStreamed?: boolean;
  /** Same-origin 307/308 redirects followed before the final response (absent when none). */
  redirects?: number;
}

/**
 * A fresh record for a request about to be sent (outcome `ok` until something says otherwise):
 * the one shape the HTTP client and the in-process simulator sender both fill in.
 */
export function newRecord(spec: { model: string; maxTokens?: number; requestedInputTokens?: number }, ctx: { id: number; phase: string; scheduledAt: number }): RequestRecord {
  return {
    id: ctx.id,
    phase: ctx.phase,
    scheduledAt: ctx.scheduledAt,
    sentAt: 0,
    endedAt: 0,
    outcome: 'ok',
    requestedModel: spec.model,
    itlMs: [],
    tokensEstimated: false,
    contentChunks: 0,
    requestedInputTokens: spec.requestedInputTokens,
    requestedOutputTokens: spec.maxTokens,
  };
}

/** Lag between the pacer's schedule and the real send: client-side queueing made visible. */
export function sendLagMs(r: RequestRecord): number {
  return Math.max(0, r.sentAt - r.scheduledAt);
}

/** TTFT measured from the scheduled time, so client or server queueing cannot hide. */
export function ttftFromScheduleMs(r: RequestRecord): number | undefined {
  return r.ttftMs === undefined ? undefined : r.ttftMs + sendLagMs(r);
}

/** E2E measured from the scheduled time. */
export function e2eFromScheduleMs(r: RequestRecord): number | undefined {
  return r.e2eMs === undefined ? undefined : r.e2eMs + sendLagMs(r);
}

/** TPOT as defined by the issue: (E2E − TTFT) / (output_tokens − 1). */
export function computeTpot(e2eMs: number, ttftMs: number, outputTokens: number): number | undefined {
  if (outputTokens < 2) return undefined;
  return (e2eMs - ttftMs) / (outputTokens - 1);
}

/** Per-request output rate in tokens per second over the whole request (send → last token). */
export function requestTokensPerSecond(r: RequestRecord): number | undefined {
  if (r.outcome !== 'ok' || !r.outputTokens || !r.e2eMs || r.e2eMs <= 0) return undefined;
  return (r.outputTokens * 1000) / r.e2eMs;
}

/** Latency limits a request must meet to count toward goodput. Undefined limits are not checked. */
export interface GoodputLimits {
  ttftMs?: number;
  tpotMs?: number;
}

/** A request counts toward goodput when it succeeded and met every given limit. */
export function meetsGoodput(r: RequestRecord, limits: GoodputLimits): boolean {
  if (r.outcome !== 'ok') return false;
  if (limits.ttftMs !== undefined && (r.ttftMs === undefined || ttftFromScheduleMs(r)! > limits.ttftMs)) return false;
  if (limits.tpotMs !== undefined && r.tpotMs !== undefined && r.tpotMs > limits.tpotMs) return false;
  return true;
}
