/**
 * This machine's clock against a reference every shard can reach: the HTTP `Date` header of the
 * endpoint (or any URL given). The header has a resolution of one second, but the instant it
 * ticks can be found by asking repeatedly: when two consecutive answers differ by one second, the
 * tick happened after the earlier request was sent and before the later answer arrived, so the
 * offset is known to within half that window (about one round trip).
 */
import type { ShardClock } from './shard.js';

export interface DateSample {
  /** Local wall clock (epoch ms) when the request was sent and when its answer arrived. */
  sentMs: number;
  recvMs: number;
  /** The answer's Date header, epoch ms (a whole second), or undefined when there was none. */
  dateMs?: number;
}

/**
 * The offset (reference − local, ms) from samples in the order taken: the first pair of
 * consecutive samples one second apart. Undefined when no tick was seen.
 */
export function offsetFromSamples(samples: DateSample[]): { offsetMs: number; uncertaintyMs: number } | undefined {
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a.dateMs === undefined || b.dateMs === undefined || b.dateMs - a.dateMs !== 1000) continue;
    // The tick (reference time b.dateMs) lies in (a.sentMs, b.recvMs] on the local clock.
    const tick = (a.sentMs + b.recvMs) / 2;
    return { offsetMs: Math.round(b.dateMs - tick), uncertaintyMs: Math.ceil((b.recvMs - a.sentMs) / 2) };
  }
  return undefined;
}

export interface MeasureOptions {
  signal?: AbortSignal;
  /** Give up after this long (a second's tick must fall inside). Default 2500 ms. */
  budgetMs?: number;
  /** At least this long between two requests' starts. Default 4 ms. */
  intervalMs?: number;
  /** The target's headers: give them only when `url` is the target's own (never to another host). */
  headers?: Record<string, string>;
  /** What is recorded as the reference (a redacted URL). */
  label?: string;
}

/** Asks `url` until its Date ticks; never throws (an unreachable reference is recorded as such). */
export async function measureClockOffset(url: string, opts: MeasureOptions = {}): Promise<ShardClock> {
  const budget = opts.budgetMs ?? 2500;
  const interval = opts.intervalMs ?? 4;
  const reference = opts.label ?? url;
  if (budget < 1100)
    return {
      source: 'none',
      offset_ms: null,
      uncertainty_ms: null,
      reference,
      note: `no time to measure before the start (${Math.max(0, Math.round(budget))} ms left; a tick takes up to 1 s to come)`,
    };
  const samples: DateSample[] = [];
  const t0 = Date.now();
  let lastError: string | undefined;
  while (Date.now() - t0 < budget && !opts.signal?.aborted) {
    const sentMs = Date.now();
    try {
      const res = await fetch(url, { method: 'GET', headers: opts.headers, signal: AbortSignal.timeout(Math.max(100, budget - (sentMs - t0))) });
      const recvMs = Date.now();
      await res.body?.cancel();
      const d = res.headers.get('date');
      const dateMs = d ? Date.parse(d) : NaN;
      samples.push({ sentMs, recvMs, dateMs: Number.isFinite(dateMs) ? dateMs : undefined });
      if (!Number.isFinite(dateMs)) return { source: 'none', offset_ms: null, uncertainty_ms: null, reference, note: 'the reference sends no Date header' };
    } catch (e) {
      lastError = (e as Error).message;
      samples.push({ sentMs, recvMs: Date.now() });
    }
    const found = offsetFromSamples(samples.slice(-2));
    if (found) return { source: 'http-date', offset_ms: found.offsetMs, uncertainty_ms: found.uncertaintyMs, reference };
    const wait = interval - (Date.now() - sentMs);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return { source: 'none', offset_ms: null, uncertainty_ms: null, reference, note: lastError ? `the reference did not answer (${lastError})` : 'no tick of its Date seen in time' };
}
