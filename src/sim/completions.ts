/**
 * POST /v1/chat/completions and /v1/completions: validate, draw faults and output
 * length from the request's seeded RNG, route to a replica, and stream the result.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SimContext, readJson, sendError } from './context.js';
import { drawFaults } from './faults.js';
import type { ModelGroup } from './group.js';
import { type Kind, Responder } from './respond.js';
import { normal } from './rng.js';
import { WORDS, blockHashes, chatPromptText, countTokens } from './tokens.js';
import type { Profile } from './types.js';

type Body = Record<string, unknown>;

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
  if (arrival < ctx.readyAt) return sendError(res, 503, 'model is still loading; retry later');
  if (typeof body.model !== 'string') return sendError(res, 400, 'model is required', 'model');
  const group = ctx.models.get(body.model);
  if (!group) return sendError(res, 404, `The model \`${body.model}\` does not exist.`, 'model');
  const text = promptText(kind, body);
  if (typeof text !== 'string') return sendError(res, 400, text.error, kind === 'chat' ? 'messages' : 'prompt');
  const limits = outputLimits(body, group.profile);
  if ('error' in limits) return sendError(res, 400, limits.error, limits.param);
  const p = group.profile;
  const promptTokens = countTokens(text);
  if (promptTokens + limits.max > p.maxModelLen || Math.ceil((promptTokens + limits.max) / p.blockSize) > p.kvBlocks) {
    return sendError(res, 400, `This model's maximum context length is ${p.maxModelLen} tokens; the request needs ${promptTokens} prompt + ${limits.max} output tokens.`, 'max_tokens');
  }
  const rand = group.nextRequestRand();
  const faults = drawFaults(ctx.faults, rand);
  const outputTokens = outputLength(p, limits, rand);
  const wordStart = Math.floor(rand() * WORDS.length);
  if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs / ctx.speedup);
  if (res.destroyed || req.socket.destroyed) return; // client gave up before we started
  const m = group.metrics;
  if (faults.errorStatus !== null) {
    m.failed++;
    return sendError(res, faults.errorStatus, `injected fault: status ${faults.errorStatus}`);
  }
  const hashes = blockHashes(text, p.blockSize);
  const replica = group.router.pick(hashes);
  if (!replica) {
    m.rejected++;
    return sendError(res, 503, 'no healthy replica');
  }
  m.requests++;
  const so = body.stream_options as { include_usage?: unknown } | undefined;
  let cancel: () => void = () => {};
  const responder = new Responder({
    res,
    kind,
    id: `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-sim${ctx.nextId()}`,
    model: body.model,
    stream: body.stream === true,
    includeUsage: so?.include_usage === true,
    promptTokens,
    outputTokens,
    maxTokens: limits.max,
    wordStart,
    faults,
    reasoningTokens: ctx.faults.reasoningTokens,
    tokensPerChunk: ctx.faults.tokensPerChunk,
    stallRealMs: ctx.faults.stallMs / ctx.speedup,
    onTokenMetric: (first) => {
      m.generationTokens++;
      if (first) m.ttft.observe((ctx.now() - arrival) / 1000);
    },
    onEnd: (ok, reason) => {
      if (ok) m.finished(reason, promptTokens, (ctx.now() - arrival) / 1000);
      else {
        m.failed++;
        cancel();
      }
    },
  });
  const result = replica.submit({
    promptTokens,
    hashes,
    outputTokens,
    onToken: () => responder.onToken(),
    onFinish: () => responder.onFinish(),
    onAbort: () => responder.onAbort(),
  });
  if (!result.ok) {
    m.requests--;
    if (result.reason === 'down') {
      m.failed++;
      res.destroy();
      return;
    }
    m.rejected++;
    return sendError(res, p.rejectStatus, 'server overloaded: waiting queue is full; retry later');
  }
  cancel = result.cancel;
  responder.open();
  res.on('close', () => {
    if (!responder.finished) responder.onAbort();
  });
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
