/**
 * POST /v1/chat/completions and /v1/completions: validate, draw faults and output
 * length from the request's seeded RNG, route to a replica, and stream the result.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SimContext, readJson, sendError } from './context.js';
import { drawFaults, type RequestFaults } from './faults.js';
import type { ModelGroup } from './group.js';
import { HttpSink, type Kind, Responder, type ResponseSink } from './respond.js';
import { normal } from './rng.js';
import { WORDS, blockHashes, chatPromptText, countTokens } from './tokens.js';
import type { Profile } from './types.js';

export type { Kind } from './respond.js';

type Body = Record<string, unknown>;

/** A refusal: the HTTP status and message an OpenAI-compatible server would answer with. */
export interface SimError {
  status: number;
  message: string;
  param?: string | null;
}

/** A valid completion request with its seeded draws (faults, output length, words). */
export interface PreparedCompletion {
  kind: Kind;
  group: ModelGroup;
  model: string;
  stream: boolean;
  includeUsage: boolean;
  promptTokens: number;
  outputTokens: number;
  maxTokens: number;
  wordStart: number;
  faults: RequestFaults;
  hashes: number[];
}

export type StartResult =
  | { started: true; responder: Responder }
  /** Refused before the engine: answer with this status. */
  | { started: false; error: SimError }
  /** Sent to a crashed replica the router still believes healthy: the connection just dies. */
  | { started: false; error: null };

export async function handleCompletion(ctx: SimContext, kind: Kind, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrival = ctx.now();
  let body: Body;
  try {
    const parsed = await readJson(req);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('request body must be a JSON object');
    body = parsed as Body;
  } catch (e) {
    return sendError(res, 400, (e as Error).message);
  }
  const prepared = prepareCompletion(ctx, kind, body, arrival);
  if ('status' in prepared) return sendError(res, prepared.status, prepared.message, prepared.param ?? null);
  if (ctx.faults.latencyMs > 0) await sleep(ctx, ctx.faults.latencyMs / ctx.speedup);
  if (res.destroyed || req.socket.destroyed) return; // client gave up before we started
  const id = `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-sim${ctx.nextId()}`;
  const started = startCompletion(ctx, prepared, new HttpSink(res, kind, id, prepared.model), arrival);
  if (!started.started) {
    if (started.error) return sendError(res, started.error.status, started.error.message);
    res.destroy();
    return;
  }
  const { responder } = started;
  res.on('close', () => {
    if (!responder.finished) responder.onAbort();
  });
}

/**
 * Validates a completion body and draws the request's faults and output length from the model's
 * next seeded RNG. `arrival` (ctx.now()) decides whether startup has ended.
 */
export function prepareCompletion(ctx: SimContext, kind: Kind, body: Body, arrival: number): PreparedCompletion | SimError {
  if (arrival < ctx.readyAt) return { status: 503, message: 'model is still loading; retry later' };
  if (typeof body.model !== 'string') return { status: 400, message: 'model is required', param: 'model' };
  const group = ctx.models.get(body.model);
  if (!group) return { status: 404, message: `The model \`${body.model}\` does not exist.`, param: 'model' };
  const text = promptText(kind, body);
  if (typeof text !== 'string') return { status: 400, message: text.error, param: kind === 'chat' ? 'messages' : 'prompt' };
  const limits = outputLimits(body, group.profile);
  if ('error' in limits) return { status: 400, message: limits.error, param: limits.param };
  const p = group.profile;
  const promptTokens = countTokens(text);
  if (promptTokens + limits.max > p.maxModelLen || Math.ceil((promptTokens + limits.max) / p.blockSize) > p.kvBlocks) {
    return {
      status: 400,
      message: `This model's maximum context length is ${p.maxModelLen} tokens; the request needs ${promptTokens} prompt + ${limits.max} output tokens.`,
      param: 'max_tokens',
    };
  }
  const rand = group.nextRequestRand();
  const faults = drawFaults(ctx.faults, rand);
  const outputTokens = outputLength(p, limits, rand);
  const wordStart = Math.floor(rand() * WORDS.length);
  const so = body.stream_options as { include_usage?: unknown } | undefined;
  return {
    kind,
    group,
    model: body.model,
    stream: body.stream === true,
    includeUsage: so?.include_usage === true,
    promptTokens,
    outputTokens,
    maxTokens: limits.max,
    wordStart,
    faults,
    hashes: blockHashes(text, p.blockSize),
  };
}

/**
 * Applies the error fault, routes to a replica and submits to its engine; the responder then
 * drives `sink` from the engine's callbacks. The caller aborts the responder when the client goes.
 */
export function startCompletion(ctx: SimContext, c: PreparedCompletion, sink: ResponseSink, arrival: number): StartResult {
  const { group, faults } = c;
  const m = group.metrics;
  if (faults.errorStatus !== null) {
    m.failed++;
    return { started: false, error: { status: faults.errorStatus, message: `injected fault: status ${faults.errorStatus}` } };
  }
  const replica = group.router.pick(c.hashes);
  if (!replica) {
    m.rejected++;
    return { started: false, error: { status: 503, message: 'no healthy replica' } };
  }
  m.requests++;
  let cancel: () => void = () => {};
  const responder = new Responder({
    sink,
    clock: ctx.clock,
    kind: c.kind,
    stream: c.stream,
    includeUsage: c.includeUsage,
    promptTokens: c.promptTokens,
    outputTokens: c.outputTokens,
    maxTokens: c.maxTokens,
    wordStart: c.wordStart,
    faults,
    reasoningTokens: ctx.faults.reasoningTokens,
    tokensPerChunk: ctx.faults.tokensPerChunk,
    stallRealMs: ctx.faults.stallMs / ctx.speedup,
    onTokenMetric: (first) => {
      m.generationTokens++;
      if (first) m.ttft.observe((ctx.now() - arrival) / 1000);
    },
    onEnd: (ok, reason) => {
      if (ok) m.finished(reason, c.promptTokens, (ctx.now() - arrival) / 1000);
      else {
        m.failed++;
        cancel();
      }
    },
  });
  const result = replica.submit({
    promptTokens: c.promptTokens,
    hashes: c.hashes,
    outputTokens: c.outputTokens,
    onToken: () => responder.onToken(),
    onFinish: () => responder.onFinish(),
    onAbort: () => responder.onAbort(),
  });
  if (!result.ok) {
    m.requests--;
    if (result.reason === 'down') {
      m.failed++;
      return { started: false, error: null };
    }
    m.rejected++;
    return { started: false, error: { status: group.profile.rejectStatus, message: 'server overloaded: waiting queue is full; retry later' } };
  }
  cancel = result.cancel;
  responder.open();
  return { started: true, responder };
}

function promptText(kind: Kind, body: Body): string | { error: string } {
  if (kind === 'chat') {
    if (!Array.isArray(body.messages) || body.messages.length === 0) return { error: 'messages must be a non-empty array' };
    return chatPromptText(body.messages as { role?: unknown; content?: unknown }[]);
  }
  const p = body.prompt;
  if (typeof p === 'string') return p;
  if (Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === 'string')) return p.join('');
  return { error: 'prompt must be a string or an array of strings' };
}

interface Limits {
  max: number;
  min: number;
  exact: boolean;
}

function outputLimits(body: Body, p: Profile): Limits | { error: string; param: string } {
  const param = body.max_completion_tokens !== undefined && body.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens';
  const raw = body[param] ?? p.defaultMaxTokens;
  if (!Number.isInteger(raw) || (raw as number) < 1) return { error: `${param} must be a positive integer`, param };
  const max = raw as number;
  const minRaw = body.min_tokens ?? 0;
  if (!Number.isInteger(minRaw) || (minRaw as number) < 0) return { error: 'min_tokens must be an integer >= 0', param: 'min_tokens' };
  return { max, min: Math.min(max, minRaw as number), exact: body.ignore_eos === true };
}

/** ignore_eos → exactly max; otherwise a natural (log-normal) length clamped to [max(1,min_tokens), max]. */
function outputLength(p: Profile, l: Limits, rand: () => number): number {
  const z = normal(rand);
  if (l.exact || !p.naturalOutput) return l.max;
  const natural = Math.round(p.naturalOutput.median * Math.exp(p.naturalOutput.sigma * z));
  return Math.min(l.max, Math.max(1, l.min, natural));
}

function sleep(ctx: SimContext, ms: number): Promise<void> {
  return new Promise((r) => ctx.clock.setTimer(r, ms));
}
