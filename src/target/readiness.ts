/**
 * Waits for a freshly deployed endpoint to be ready, then checks that "ready" was true.
 *
 * Many servers answer their readiness probe (/health, /v1/models) before they can serve a
 * completion: the model is still loading, warming up or compiling graphs. A load test started at
 * that moment measures startup, not capacity. So after the probe says ready, `checkHonesty` sends
 * one real completion and, if it fails, keeps trying until one works, and reports how long the
 * probe was early. The completion sender is injected so this module knows nothing of the client.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { UsageError } from '../util/errors.js';
import { serverRoot } from '../util/url.js';

/** Longest wait for one probe answer; a slow probe must not eat the whole timeout. */
const ATTEMPT_TIMEOUT_MS = 3000;
const MAX_BODY = 1 << 20;
/** No new attempt with less time than this left: it could only time out and hide the real error. */
const MIN_ATTEMPT_MS = 50;

/** waitReady's default pauses between probes: from the first to the steady one, doubling. */
const FIRST_INTERVAL_MS = 100;
const DEFAULT_INTERVAL_MS = 1000;

export interface WaitReadyOptions {
  /** Endpoint base URL, with or without a trailing /v1. */
  baseUrl: string;
  /** Probe path, default /v1/models. Paths under /v1/ join the API base; others (/health) the server root. */
  path?: string;
  timeoutMs: number;
  /**
   * Pause between attempts. Default: 100 ms after the first failed probe, doubling up to 1000 ms
   * (a server that comes up in 0.3 s is seen then, not a second later; a slow one is polled once a
   * second). Given, the pause is fixed at this value.
   */
  intervalMs?: number;
  /** Sent with every probe (e.g. authorization); never included in results. */
  headers?: Record<string, string>;
  /** With /v1/models: also wait until this model is listed. */
  model?: string;
  /** Aborting stops the wait; the result says ready:false, lastError 'cancelled'. */
  signal?: AbortSignal;
  /** Called while still waiting, at most once per progressEveryMs, with what the probe got last. */
  onProgress?: (p: ReadyProgress) => void;
  /** Default 15000 ms. */
  progressEveryMs?: number;
}

/** Where a wait stands: for a log line every ~15 s, so a long wait is not silent. */
export interface ReadyProgress {
  elapsedMs: number;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
}

export interface ReadyResult {
  ready: boolean;
  /** The probe path used (e.g. /v1/models). */
  path: string;
  /** Start of the wait → the answer that said ready; when not ready, the time spent waiting. */
  timeToReadyMs: number;
  attempts: number;
  /** HTTP status of the last answer, if any answer came. */
  lastStatus?: number;
  /** Why the last attempt did not count as ready (connection error, status, model missing). */
  lastError?: string;
}

/** Polls the probe until it answers 2xx (and lists `model`, if given) or timeoutMs passes. */
export async function waitReady(o: WaitReadyOptions): Promise<ReadyResult> {
  checkMs('waitReady timeoutMs', o.timeoutMs);
  const path = o.path ?? '/v1/models';
  const url = probeUrl(o.baseUrl, path);
  const pause = (attempt: number): number => o.intervalMs ?? Math.min(DEFAULT_INTERVAL_MS, FIRST_INTERVAL_MS * 2 ** (attempt - 1));
  const started = performance.now();
  const deadline = started + o.timeoutMs;
  const agent = new Agent({ keepAliveTimeout: 1000, connect: { timeout: ATTEMPT_TIMEOUT_MS } });
  const result: ReadyResult = { ready: false, path, timeToReadyMs: 0, attempts: 0 };
  const every = o.progressEveryMs ?? 15_000;
  let reportedAt = started;
  try {
    for (;;) {
      if (o.signal?.aborted) {
        result.lastError = 'cancelled';
        break;
      }
      const left = deadline - performance.now();
      if (result.attempts > 0 && left < MIN_ATTEMPT_MS) {
        await sleep(left, o.signal);
        break;
      }
      result.attempts++;
      const a = await probeOnce(url, agent, o, Math.ceil(Math.max(MIN_ATTEMPT_MS, Math.min(ATTEMPT_TIMEOUT_MS, left))));
      if (a.status !== undefined) result.lastStatus = a.status;
      if (a.ready) {
        result.ready = true;
        delete result.lastError;
        break;
      }
      result.lastError = a.error;
      const now = performance.now();
      if (o.onProgress && now - reportedAt >= every && deadline - now >= MIN_ATTEMPT_MS) {
        reportedAt = now;
        o.onProgress({ elapsedMs: now - started, attempts: result.attempts, lastStatus: result.lastStatus, lastError: result.lastError });
      }
      await sleep(Math.min(pause(result.attempts), deadline - performance.now()), o.signal);
    }
  } finally {
    result.timeToReadyMs = performance.now() - started;
    await agent.close().catch(() => undefined);
  }
  return result;
}

async function probeOnce(url: string, agent: Agent, o: WaitReadyOptions, timeoutMs: number): Promise<{ ready: boolean; status?: number; error?: string }> {
  const signals = [AbortSignal.timeout(timeoutMs), ...(o.signal ? [o.signal] : [])];
  try {
    const res = await request(url, { method: 'GET', headers: { accept: 'application/json', ...o.headers }, dispatcher: agent, signal: AbortSignal.any(signals) });
    const status = res.statusCode;
    const body = await readLimited(res.body);
    if (status < 200 || status >= 300) return { ready: false, status, error: `HTTP ${status}${bodyMessage(body)}` };
    if (o.model === undefined || !isModelsPath(o.path ?? '/v1/models')) return { ready: true, status };
    const listed = listedModels(body);
    if (listed === undefined) return { ready: false, status, error: `HTTP ${status} but the body is not an OpenAI model list, so model "${o.model}" cannot be checked` };
    if (!listed.includes(o.model)) return { ready: false, status, error: `model "${o.model}" is not listed yet (listed: ${listed.join(', ') || 'none'})` };
    return { ready: true, status };
  } catch (e) {
    if (o.signal?.aborted) return { ready: false, error: 'cancelled' };
    const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return { ready: false, error: `no answer within ${Math.round(timeoutMs)} ms` };
    const code = err.code ?? err.cause?.code;
    const msg = err.cause?.message ?? err.message ?? String(e);
    return { ready: false, error: code && !msg.includes(code) ? `${code}: ${msg}` : msg };
  }
}

/**
 * URL of a probe path. Paths under /v1/ are joined to the API base without doubling /v1
 * (http://h/v1 + /v1/models → http://h/v1/models); other paths such as /health live at the server
 * root, i.e. the base without its trailing /v1 (http://h/v1 + /health → http://h/health).
 */
export function probeUrl(baseUrl: string, path: string): string {
  if (!path.startsWith('/')) throw new UsageError(`readiness path "${path}" must start with "/", e.g. /v1/models or /health.`);
  return `${serverRoot(baseUrl)}${path}`;
}

function isModelsPath(path: string): boolean {
  return /^\/v1\/models\/?$/.test(path);
}

function listedModels(body: string): string[] | undefined {
  try {
    const v = JSON.parse(body) as { data?: unknown };
    if (!Array.isArray(v?.data)) return undefined;
    return v.data.map((m: { id?: unknown }) => (typeof m?.id === 'string' ? m.id : '')).filter((id) => id !== '');
  } catch {
    return undefined;
  }
}

/** ": message" from an error body (OpenAI error JSON or short text), or ''. */
function bodyMessage(body: string): string {
  let m: unknown = body;
  try {
    const v = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    m = typeof v.error === 'string' ? v.error : (v.error?.message ?? v.message ?? '');
  } catch {
    /* plain text */
  }
  const s = String(m).replace(/\s+/g, ' ').trim();
  return s ? `: ${s.length > 120 ? `${s.slice(0, 120)}…` : s}` : '';
}

async function readLimited(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    parts.push(Buffer.from(chunk));
    size += chunk.length;
    if (size >= MAX_BODY) break;
  }
  return Buffer.concat(parts).toString('utf8');
}

export interface HonestyOptions {
  /**
   * Sends one real completion. `signal` aborts when the check times out; senders should pass it on
   * so a hung request does not outlive the check.
   */
  send: (signal: AbortSignal) => Promise<{ ok: boolean; detail: string }>;
  timeoutMs: number;
  /** Pause between failed attempts, default 1000 ms. */
  intervalMs?: number;
  /** The probe that said ready, for the finding sentence (e.g. /v1/models). */
  probe?: string;
  signal?: AbortSignal;
}

export interface HonestyResult {
  /** The first completion after "ready" succeeded. */
  honest: boolean;
  firstAttemptOk: boolean;
  /**
   * Call → start of the first completion that succeeded: how long after "ready" completions
   * really worked (to within intervalMs). 0 when honest; null when none succeeded in time.
   */
  reallyReadyAfterMs: number | null;
  attempts: number;
  /** detail of the first failed completion. */
  firstError?: string;
  /** One sentence for the report, present when the probe was not honest. */
  finding?: string;
}

/** Right after the probe said ready: sends completions until one succeeds or timeoutMs passes. */
export async function checkHonesty(o: HonestyOptions): Promise<HonestyResult> {
  checkMs('checkHonesty timeoutMs', o.timeoutMs);
  const started = performance.now();
  const deadline = started + o.timeoutMs;
  const interval = o.intervalMs ?? 1000;
  const probe = o.probe ? `The readiness probe ${o.probe}` : 'The readiness probe';
  const r: HonestyResult = { honest: false, firstAttemptOk: false, reallyReadyAfterMs: null, attempts: 0 };
  let lastError = '';
  for (;;) {
    const sentAt = performance.now();
    if (o.signal?.aborted && r.attempts > 0) break;
    if (r.attempts > 0 && deadline - sentAt < MIN_ATTEMPT_MS) {
      await sleep(deadline - sentAt, o.signal);
      break;
    }
    r.attempts++;
    const a = await sendBounded(o.send, Math.max(MIN_ATTEMPT_MS, deadline - sentAt), o.signal);
    if (a.ok) {
      r.reallyReadyAfterMs = r.attempts === 1 ? 0 : sentAt - started;
      r.firstAttemptOk = r.honest = r.attempts === 1;
      if (!r.honest)
        r.finding = `${probe} said ready ${seconds(r.reallyReadyAfterMs)} before completions succeeded (first completion: "${r.firstError}"; ${r.attempts - 1} failed ${plural(r.attempts - 1, 'attempt')}).`;
      return r;
    }
    r.firstError ??= a.detail;
    lastError = a.detail;
    await sleep(Math.min(interval, deadline - performance.now()), o.signal);
  }
  const waited = performance.now() - started;
  const how = o.signal?.aborted ? 'before the check was cancelled' : `within ${seconds(waited)}`;
  r.finding = `${probe} said ready, but no completion succeeded ${how} (${r.attempts} ${plural(r.attempts, 'attempt')}; first: "${r.firstError}"${r.attempts > 1 ? `; last: "${lastError}"` : ''}).`;
  return r;
}

/** Calls send with a signal that aborts at the deadline; a throw or a hang counts as a failure. */
async function sendBounded(send: HonestyOptions['send'], ms: number, outer?: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), Math.ceil(ms));
  const gaveUp = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    ctl.signal.addEventListener('abort', () => resolve({ ok: false, detail: outer?.aborted ? 'cancelled' : `no result within ${seconds(ms)}` }), { once: true });
  });
  const onOuter = (): void => ctl.abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  if (outer?.aborted) ctl.abort();
  try {
    return await Promise.race([send(ctl.signal).catch((e: unknown) => ({ ok: false, detail: (e as Error)?.message ?? String(e) })), gaveUp]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

function checkMs(what: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`${what} must be a non-negative number of milliseconds, got ${ms}.`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, Math.ceil(ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** 2100 → "2.1 s"; 850 → "850 ms". */
function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
