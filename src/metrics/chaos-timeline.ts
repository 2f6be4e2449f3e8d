/**
 * The chaos phase's per-second timeline and the figures read from it. Pure: records in, seconds
 * and figures out. Memory is bounded per second (counters and two small log-bucket histograms),
 * never per request, so a long phase at a high rate stays small.
 *
 * Seconds count from the phase start. A request is counted in the second it was sent (`sent`),
 * the second it ended (ok, errors, streams cut), the second its first token came (TTFT) and the
 * seconds its later tokens came (ITL), so a latency rise shows when it happened, not when the
 * request finally ended.
 */
import type { ErrorKind, RequestRecord } from '../metrics/record.js';

/** Outcomes of requests that started and never completed: streams cut mid-way, drained. */
const LOST_KINDS: readonly ErrorKind[] = ['reset_after_first_byte', 'incomplete', 'timeout_idle'];

/** A histogram of positive values in ~1 % log buckets: percentiles within 1 %, memory ≤ a few hundred buckets. */
export class LogHistogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  private static readonly K = 1 / Math.log(1.02);
  add(v: number): void {
    const i = Math.floor(Math.log(Math.max(v, 1e-3)) * LogHistogram.K);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + 1);
    this.count++;
  }
  /** The value at percentile p (0-100), the geometric middle of its bucket; null when empty. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const k of keys) {
      seen += this.buckets.get(k)!;
      if (seen >= rank) return Math.round(Math.exp((k + 0.5) / LogHistogram.K) * 1000) / 1000;
    }
    return null;
  }
}

export interface ChaosSecond {
  /** Start of the second, in seconds from the phase start. */
  t: number;
  sent: number;
  ok: number;
  /** Failed requests that ended in this second, by kind (cancelled excluded: the user stopped them). */
  errors: Partial<Record<ErrorKind, number>>;
  /** Of those, streams cut mid-way (LOST_KINDS). */
  cut: number;
  ttft_p50_ms: number | null;
  ttft_p99_ms: number | null;
  itl_p50_ms: number | null;
  itl_p99_ms: number | null;
}

interface Bucket {
  sent: number;
  ok: number;
  errors: Partial<Record<ErrorKind, number>>;
  cut: number;
  ttft: LogHistogram;
  itl: LogHistogram;
}

export class ChaosTimeline {
  private readonly b: Bucket[] = [];
  constructor(readonly start: number) {}

  private at(time: number): Bucket {
    const i = Math.max(0, Math.floor((time - this.start) / 1000));
    while (this.b.length <= i) this.b.push({ sent: 0, ok: 0, errors: {}, cut: 0, ttft: new LogHistogram(), itl: new LogHistogram() });
    return this.b[i]!;
  }

  add(r: RequestRecord): void {
    this.at(r.sentAt).sent++;
    const end = this.at(r.endedAt);
    if (r.outcome === 'ok') end.ok++;
    else if (r.outcome !== 'cancelled') {
      end.errors[r.outcome] = (end.errors[r.outcome] ?? 0) + 1;
      if (LOST_KINDS.includes(r.outcome)) end.cut++;
    }
    if (r.ttftMs !== undefined) {
      let t = r.sentAt + r.ttftMs;
      this.at(t).ttft.add(r.ttftMs);
      for (const gap of r.itlMs) {
        t += gap;
        this.at(t).itl.add(gap);
      }
    }
  }

  seconds(): ChaosSecond[] {
    return this.b.map((x, i) => ({
      t: i,
      sent: x.sent,
      ok: x.ok,
      errors: { ...x.errors },
      cut: x.cut,
      ttft_p50_ms: x.ttft.percentile(50),
      ttft_p99_ms: x.ttft.percentile(99),
      itl_p50_ms: x.itl.percentile(50),
      itl_p99_ms: x.itl.percentile(99),
    }));
  }
}

export const errorCount = (s: ChaosSecond): number => Object.values(s.errors).reduce<number>((a, n) => a + (n ?? 0), 0);
export const errorRate = (s: ChaosSecond): number => {
  const e = errorCount(s);
  return e + s.ok > 0 ? e / (e + s.ok) : 0;
};

export interface ChaosTolerance {
  throughput: number;
  ttftP99: number;
  errorRate: number;
}

export interface ChaosFigures {
  /** Seconds from the phase start. */
  injected_at_s: number;
  /** The reference: whole seconds of the pre-fault window after the fill, with their mean and spread. */
  pre_fault: { from_s: number; to_s: number; throughput_rps: number; throughput_sd: number; ttft_p99_ms: number; ttft_p99_sd: number; error_rate: number; error_rate_sd: number };
  detected: boolean;
  /** Injection → the end of the first second that departs from the pre-fault window beyond its noise (1 s resolution). */
  detect_s: number | null;
  /** What departed in that second: throughput, ttft_p99, errors. */
  detected_by: string[];
  recovered: boolean;
  /** Injection → the start of the first of N consecutive seconds back within tolerance. */
  recovery_s: number | null;
  /** Failed requests that ended between the injection and the recovery (the end of the held load when none). */
  error_burst: { count: number; kinds: Partial<Record<ErrorKind, number>> };
  /** Requests started and never completed (streams cut, drained), from the injection to the end of the phase. */
  lost_requests: number;
  /** Lowest per-second throughput from the injection to the recovery, over the pre-fault mean. */
  throughput_dip: number | null;
  /** Seconds (from the phase start) of held load judged: sending went on through the whole second. */
  held_s: number;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const sd = (xs: number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export interface FigureInput {
  seconds: ChaosSecond[];
  /** Injection, in ms from the phase start. */
  injectedMs: number;
  /** Whole seconds of the phase start that were under held load through their end (before sending stopped). */
  heldS: number;
  /** Seconds of the pre-fault window to skip as fill (at least 1). */
  fillS: number;
  tolerance: ChaosTolerance;
  recoverySeconds: number;
  /** Only seconds below this index are final (every request that could land in them has ended). */
  settledS?: number;
}

/** The figures of a chaos phase from its timeline; null when the pre-fault window has no usable second. */
export function chaosFigures(x: FigureInput): ChaosFigures | null {
  const injS = x.injectedMs / 1000;
  const injSecond = Math.floor(injS);
  const from = Math.min(x.fillS, Math.max(0, injSecond - 1));
  const pre = x.seconds.slice(from, injSecond);
  if (pre.length === 0) return null;
  const thr = pre.map((s) => s.ok);
  const ttft = pre.map((s) => s.ttft_p99_ms).filter((v): v is number => v !== null);
  const err = pre.map(errorRate);
  const ref = { thr: mean(thr), thrSd: sd(thr), ttft: mean(ttft), ttftSd: sd(ttft), err: mean(err), errSd: sd(err) };
  const last = Math.min(x.heldS, x.settledS ?? Infinity, x.seconds.length);

  const departs = (s: ChaosSecond): string[] => {
    const why: string[] = [];
    if (ref.thr - s.ok >= 3 * ref.thrSd + Math.max(1, 0.05 * ref.thr)) why.push('throughput');
    if (s.ttft_p99_ms !== null && s.ttft_p99_ms > ref.ttft + 3 * ref.ttftSd + Math.max(1, 0.1 * ref.ttft)) why.push('ttft_p99');
    if (errorCount(s) > 0 && errorRate(s) > ref.err + 3 * ref.errSd) why.push('errors');
    return why;
  };
  const within = (s: ChaosSecond): boolean =>
    s.ok >= (1 - x.tolerance.throughput) * ref.thr &&
    s.ttft_p99_ms !== null &&
    s.ttft_p99_ms <= ref.ttft + Math.max(x.tolerance.ttftP99 * ref.ttft, 5) &&
    errorRate(s) <= ref.err + x.tolerance.errorRate;

  let detect: number | undefined;
  let by: string[] = [];
  for (let i = injSecond; i < last; i++) {
    const why = departs(x.seconds[i]!);
    if (why.length) {
      detect = i;
      by = why;
      break;
    }
  }
  let recoveredAt: number | undefined;
  if (detect === undefined) recoveredAt = undefined;
  else
    for (let i = detect; i + x.recoverySeconds <= last; i++) {
      let ok = true;
      for (let j = i; j < i + x.recoverySeconds && ok; j++) ok = within(x.seconds[j]!);
      if (ok) {
        recoveredAt = i;
        break;
      }
    }
  const noEffect = detect === undefined;
  const recovered = noEffect || recoveredAt !== undefined;
  // The burst runs from the injection to the recovery (or the end of the held load).
  const burstEnd = recoveredAt ?? (noEffect ? injSecond : last);
  const kinds: Partial<Record<ErrorKind, number>> = {};
  let count = 0;
  let lost = 0;
  let dip = Infinity;
  for (let i = injSecond; i < x.seconds.length; i++) {
    const s = x.seconds[i]!;
    lost += s.cut;
    if (i < burstEnd) {
      for (const [k, n] of Object.entries(s.errors)) {
        kinds[k as ErrorKind] = (kinds[k as ErrorKind] ?? 0) + (n ?? 0);
        count += n ?? 0;
      }
    }
    if (i < Math.max(burstEnd, injSecond + 1) && i < last && ref.thr > 0) dip = Math.min(dip, s.ok / ref.thr);
  }
  return {
    injected_at_s: r3(injS),
    pre_fault: {
      from_s: from,
      to_s: injSecond,
      throughput_rps: r3(ref.thr),
      throughput_sd: r3(ref.thrSd),
      ttft_p99_ms: r3(ref.ttft),
      ttft_p99_sd: r3(ref.ttftSd),
      error_rate: r3(ref.err),
      error_rate_sd: r3(ref.errSd),
    },
    detected: !noEffect,
    detect_s: detect === undefined ? null : r3(detect + 1 - injS),
    detected_by: by,
    recovered,
    recovery_s: noEffect ? 0 : recoveredAt === undefined ? null : r3(Math.max(0, recoveredAt - injS)),
    error_burst: { count, kinds },
    lost_requests: lost,
    throughput_dip: Number.isFinite(dip) ? r3(dip) : null,
    held_s: x.heldS,
  };
}
