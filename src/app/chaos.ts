/**
 * The chaos phase: hold a load, inject a fault, keep the load through the fault and after, stop
 * once the endpoint has recovered (or at max_duration), and read detection, error burst, lost
 * requests and recovery from a per-second timeline (app/chaos-timeline.ts).
 *
 * One level (load/runner.ts) carries the whole phase, so every request ends in exactly one counted
 * outcome and nothing stops between the windows. Faults come from the user's command (run without
 * a shell, without the API key or INPUT_* in its environment: target/command.ts), an HTTP call, or
 * the built-in simulator's faults (in process through `simFaults`, else POSTed to
 * <target root>/admin/faults). A fault that fails or hangs stops the phase with a clear error; the
 * timeline measured so far is kept in the result.
 */
import type { ChaosAction, ChaosConfig, Config } from '../config/types.js';
import type { RequestRecord } from '../metrics/record.js';
import type { Sender, Workload } from '../load/runner.js';
import { LevelPipeline } from './level.js';
import { stageOf } from '../load/pacer.js';
import { runCommand } from '../target/command.js';
import { realClock, type Clock } from '../util/clock.js';
import { truncate } from '../util/text.js';
import { serverRoot } from '../util/url.js';
import { UsageError } from '../util/errors.js';
import { evaluateChaosSla, slaPasses } from '../verdict/sla.js';
import { ChaosTimeline, LogHistogram, chaosFigures } from '../metrics/chaos-timeline.js';
import type { ChaosResult } from '../results/chaos.js';

export type { ChaosResult } from '../results/chaos.js';

export interface ChaosDeps {
  sender: Sender;
  workload: Workload;
  signal: AbortSignal;
  log: (line: string) => void;
  clock?: Clock;
  onRecord?: (r: RequestRecord) => void;
  /** The in-process simulator's fault setter (SimSender.setFaults); without it `sim:` faults are POSTed to the target. */
  simFaults?: (f: Record<string, unknown>) => void;
  /** Masked in command output. */
  secrets?: string[];
  /**
   * The run's level pipeline (the gate's: its requests log, server windows and load-minutes);
   * without it the phase builds its own from the fields above, `onRecord` as its requests log.
   */
  pipeline?: LevelPipeline;
}

/** The chaos phase refuses to run: what to change. */
export class ChaosRefused extends UsageError {}

/** The load to hold: the chaos section's own, else `fallback` (the gate's operating point). */
function chaosLoad(c: ChaosConfig, fallback?: { kind: 'rate' | 'concurrency'; value: number }): { kind: 'rate' | 'concurrency'; value: number } {
  const load = c.load ?? fallback;
  if (!load)
    throw new ChaosRefused('chaos: no load to hold: set chaos.rate (req/s) or chaos.concurrency (users), or run the phase after the gate, which holds its operating point');
  return load;
}

/** The chaos section and the load to hold, or a ChaosRefused saying what to change. */
export function checkChaos(config: Config, fallback?: { kind: 'rate' | 'concurrency'; value: number }): { c: ChaosConfig; load: { kind: 'rate' | 'concurrency'; value: number } } {
  const c = config.chaos;
  if (!c) throw new ChaosRefused('chaos: the config has no chaos: section (see the README, "Chaos")');
  if (!c.enabled)
    throw new ChaosRefused(`chaos: refusing to inject a fault into ${config.target.url} without chaos.enabled: true in the config (the phase breaks the target on purpose)`);
  return { c, load: chaosLoad(c, fallback) };
}

export async function runChaos(config: Config, given: ChaosDeps, fallback?: { kind: 'rate' | 'concurrency'; value: number }): Promise<ChaosResult> {
  const { c, load } = checkChaos(config, fallback);
  // The API key and header values never reach the log, whoever called us.
  const key = config.target.apiKeyEnv ? process.env[config.target.apiKeyEnv] : undefined;
  const secrets = [...(given.secrets ?? []), ...(key ? [key] : []), ...Object.values(config.target.headers)].filter((x) => x.length >= 4);
  const deps: ChaosDeps = { ...given, secrets };
  const clock = deps.clock ?? realClock;
  const start = clock.now();
  const timeline = new ChaosTimeline(start);
  const preE2e = new LogHistogram();
  let injectedAt: number | undefined;
  const stopSending = new AbortController();
  const notes: string[] = [];
  const open = new Map<number, number>();
  let lastSend = -Infinity;
  // Tracks requests still open per send-second, so the monitor knows which seconds are final.
  const sender: Sender = {
    send(spec, ctx) {
      const sec = Math.floor((clock.now() - start) / 1000);
      lastSend = Math.max(lastSend, clock.now());
      open.set(sec, (open.get(sec) ?? 0) + 1);
      return deps.sender.send(spec, ctx).finally(() => {
        const n = open.get(sec)! - 1;
        if (n === 0) open.delete(sec);
        else open.set(sec, n);
      });
    },
  };
  const stage = stageOf(load.kind, load.value, c.preFaultS + c.maxDurationS + c.actionTimeoutS, config.saturation.arrival, config.saturation.thinkMs);
  deps.log(`chaos: holding ${load.value} ${load.kind === 'rate' ? 'req/s' : 'users'}: ${c.preFaultS} s before the fault, then until recovered (at most ${c.maxDurationS} s)`);
  const pipeline =
    deps.pipeline ??
    new LevelPipeline({ sender: deps.sender, workload: deps.workload, signal: deps.signal, run: config.run, goodput: config.goodput, clock, onRecord: deps.onRecord });
  const level = pipeline.measure({
    name: 'chaos',
    stage,
    sender,
    stopSending: stopSending.signal,
    seed: config.run.seed + 7919,
    onRecord: (r) => {
      if (r.outcome === 'ok' && r.e2eMs !== undefined && (injectedAt === undefined || r.sentAt < injectedAt)) preE2e.add(r.e2eMs);
      timeline.add(r);
    },
  });
  let levelDone = false;
  void level.then(
    () => (levelDone = true),
    () => (levelDone = true),
  );
  const s = (t: number): number => Math.round(((t - start) / 1000) * 1000) / 1000;
  let restoredAt: number | undefined;
  let error: string | undefined;
  let restoreTimer: { cancel(): void } | undefined;
  let restoring: Promise<void> | undefined;
  const restore = (): Promise<void> => {
    if (!c.restore || restoring) return restoring ?? Promise.resolve();
    restoring = (async () => {
      restoredAt = clock.now();
      deps.log(`chaos: restore (${describeAction(c.restore!)}) at ${s(restoredAt)} s`);
      try {
        await runAction(c.restore!, 'chaos.restore', c, config, deps);
      } catch (e) {
        const msg = (e as Error).message;
        notes.push(msg);
        deps.log(msg);
      }
    })();
    return restoring;
  };
  // The pre-fault reference starts once the pipeline is full: after the P90 E2E latency of the
  // pre-fault requests (at least 1 s), when completions arrive at the rate requests are sent.
  const fillS = (): number => Math.max(1, Math.ceil((preE2e.percentile(90) ?? 0) / 1000));
  try {
    await clock.sleepUntil(start + c.preFaultS * 1000, deps.signal);
    if (!deps.signal.aborted && !levelDone) {
      injectedAt = clock.now();
      deps.log(`chaos: injecting ${describeAction(c.fault)} at ${s(injectedAt)} s under ${load.value} ${load.kind === 'rate' ? 'req/s' : 'users'}`);
      try {
        await runAction(c.fault, 'chaos.fault', c, config, deps);
      } catch (e) {
        error = (e as Error).message;
        deps.log(error);
        stopSending.abort();
      }
      if (!error && c.restore && c.restoreAfterS !== undefined) restoreTimer = clock.setTimer(() => void restore(), Math.max(0, injectedAt + c.restoreAfterS * 1000 - clock.now()));
      // Watch once a second: stop holding the load once recovery is confirmed on final seconds, or at the bound.
      const bound = injectedAt + c.maxDurationS * 1000;
      while (!error && !deps.signal.aborted && !levelDone && clock.now() < bound) {
        await clock.sleepUntil(Math.min(bound, clock.now() + 1000), deps.signal);
        const nowS = Math.floor((clock.now() - start) / 1000);
        const oldestOpen = open.size ? Math.min(...open.keys()) : Infinity;
        const settledS = Math.min(nowS, oldestOpen);
        const f = chaosFigures({
          seconds: timeline.seconds(),
          injectedMs: injectedAt - start,
          heldS: nowS,
          fillS: fillS(),
          tolerance: c.tolerance,
          recoverySeconds: c.recoverySeconds,
          settledS,
        });
        if (f?.detected && f.recovered && (!c.restore || c.restoreAfterS === undefined || restoredAt !== undefined)) break;
      }
      stopSending.abort();
    }
  } finally {
    stopSending.abort();
    restoreTimer?.cancel();
  }
  let run: Awaited<typeof level>;
  try {
    run = await level;
  } finally {
    // Like a teardown: whenever a fault was attempted (even one that failed half-way, or a
    // cancelled run), the restore runs, so the target is not left broken.
    if (injectedAt !== undefined) await restore();
  }
  const heldS = Number.isFinite(lastSend) ? Math.floor((lastSend - start) / 1000) : 0;
  const seconds = timeline.seconds();
  const figures =
    injectedAt === undefined || error
      ? null
      : chaosFigures({ seconds, injectedMs: injectedAt - start, heldS, fillS: fillS(), tolerance: c.tolerance, recoverySeconds: c.recoverySeconds });
  if (!run.check.valid) notes.push(`the held level is invalid (${run.check.invalid_reason}): the timeline may measure the load generator, not the endpoint`);
  const drainExpired = run.run?.drainExpired ?? 0;
  if (drainExpired > 0) notes.push(`${drainExpired} request(s) still open after the ${config.run.drainS} s drain: cut and counted as incomplete (lost)`);
  if (figures && figures.pre_fault.to_s - figures.pre_fault.from_s < 3)
    notes.push(`the pre-fault window has only ${figures.pre_fault.to_s - figures.pre_fault.from_s} whole second(s) after the fill: raise chaos.pre_fault for a steadier reference`);
  if (figures && !figures.detected) notes.push('no second departed from the pre-fault window beyond its noise: the fault had no visible effect on this load');
  if (figures) {
    const f = figures;
    deps.log(
      `chaos: ${f.detected ? `detected after ${f.detect_s} s (${f.detected_by.join(', ')})` : 'no visible effect'}; ${f.recovered ? `recovered after ${f.recovery_s} s` : `not recovered within ${c.maxDurationS} s`}; ${f.error_burst.count} failed, ${f.lost_requests} lost`,
    );
  }
  const checks = figures && !deps.signal.aborted ? evaluateChaosSla(config.chaosSla ?? {}, figures, c.maxDurationS) : [];
  const status: ChaosResult['status'] = error ? 'fault_failed' : deps.signal.aborted ? 'cancelled' : 'complete';
  return {
    kind: 'chaos',
    status,
    ...(error ? { error } : {}),
    load,
    fault: describeAction(c.fault),
    injected_at_s: injectedAt === undefined ? null : s(injectedAt),
    ...(restoredAt !== undefined ? { restored_at_s: s(restoredAt) } : {}),
    timeline: seconds,
    figures,
    sla: { checks, pass: checks.length ? slaPasses(checks) : null },
    summary: run.summary,
    notes,
  };
}

/** A fault or restore as shown in logs and reports: no headers, no URL query, no body. */
function describeAction(a: ChaosAction): string {
  if (a.command) return `command ${truncate(a.command.join(' '), 120)}`;
  if (a.http) {
    try {
      const u = new URL(a.http.url);
      return `${a.http.method} ${u.origin}${u.pathname}`;
    } catch {
      return `${a.http.method} ${truncate(a.http.url.split(/[?#]/)[0]!, 120)}`;
    }
  }
  return `simulator faults ${truncate(JSON.stringify(a.sim), 160)}`;
}

/** Runs one fault/restore action; throws an Error whose message says what failed and how to fix it. */
async function runAction(a: ChaosAction, where: string, c: ChaosConfig, config: Config, deps: ChaosDeps): Promise<void> {
  const timeoutMs = c.actionTimeoutS * 1000;
  if (a.command) {
    const tail: string[] = [];
    let res: Awaited<ReturnType<typeof runCommand>>;
    try {
      res = await runCommand(a.command, {
        timeoutMs,
        graceMs: 2000,
        unsetEnv: config.target.apiKeyEnv ? [config.target.apiKeyEnv] : [],
        secrets: deps.secrets,
        onLine: (l) => {
          deps.log(`  ${where}: ${l}`);
          tail.push(l);
          if (tail.length > 5) tail.shift();
        },
      });
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    const out = tail.length ? ` Last output: ${truncate(tail.join(' | '), 300)}` : '';
    if (res.timedOut)
      throw new Error(
        `${where}.command did not finish within ${c.actionTimeoutS} s (chaos.action_timeout): its process group was killed.${out} Make the command return once the fault is in place (start long-running faults in the background), or raise chaos.action_timeout.`,
      );
    if (res.code !== 0)
      throw new Error(
        `${where}.command exited with ${res.code === null ? `signal ${res.signal}` : `code ${res.code}`}.${out} Check that it works when run by hand from the same directory.`,
      );
    return;
  }
  if (a.sim) {
    if (deps.simFaults) {
      try {
        deps.simFaults(a.sim);
      } catch (e) {
        throw new Error(`${where}.sim: ${(e as Error).message}`);
      }
      return;
    }
    return httpAction(
      { method: 'POST', url: `${serverRoot(config.target.url)}/admin/faults`, body: JSON.stringify(a.sim), headers: { 'content-type': 'application/json' } },
      `${where}.sim`,
      timeoutMs,
    );
  }
  return httpAction(a.http!, `${where}.http`, timeoutMs);
}

async function httpAction(h: NonNullable<ChaosAction['http']>, where: string, timeoutMs: number): Promise<void> {
  const shown = describeAction({ http: h });
  let res: Response;
  try {
    res = await fetch(h.url, { method: h.method, headers: h.headers, body: h.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error;
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s (chaos.action_timeout)`
        : `${err.message}${(err.cause as Error | undefined)?.message ? ` (${(err.cause as Error).message})` : ''}`;
    throw new Error(`${where}: ${shown} failed: ${why}. Check the URL and that the service is reachable from here.`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`${where}: ${shown} answered HTTP ${res.status}: ${truncate(text.replace(/\s+/g, ' '), 200)}`);
}
