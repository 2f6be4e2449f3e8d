/**
 * The chaos: section and the chaos rules of sla: → typed config, with the problems a schema cannot
 * see (exactly one way to inject, a command line that would need a shell, rules without a phase).
 */
import { parseCommand } from '../target/command.js';
import { parseDuration } from '../util/duration.js';
import type { ChaosAction, ChaosConfig, ChaosSla } from './types.js';

// The document the schema has validated, loosely typed (as in parse.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

/** The chaos config, or undefined when the section is absent; problems are pushed, never thrown. */
export function parseChaos(raw: Raw | undefined, problems: string[]): ChaosConfig | undefined {
  if (!raw) return undefined;
  const sec = (t: string | undefined, d: number): number => (t === undefined ? d : (parseDuration(t) ?? d));
  const tol = raw.tolerance ?? {};
  if (raw.rate !== undefined && raw.concurrency !== undefined)
    problems.push("chaos.rate and chaos.concurrency exclude each other: pick one (or neither, to hold the gate's operating point)");
  const fault = chaosAction(raw.fault, 'chaos.fault', problems) ?? {};
  const restore = raw.restore !== undefined ? chaosAction(raw.restore, 'chaos.restore', problems) : undefined;
  if (raw.restore_after !== undefined && raw.restore === undefined) problems.push('chaos.restore_after needs chaos.restore: what to run to undo the fault');
  const c: ChaosConfig = {
    enabled: raw.enabled === true,
    load: raw.rate !== undefined ? { kind: 'rate', value: raw.rate } : raw.concurrency !== undefined ? { kind: 'concurrency', value: raw.concurrency } : undefined,
    preFaultS: sec(raw.pre_fault, 10),
    fault,
    restore,
    restoreAfterS: raw.restore_after !== undefined ? sec(raw.restore_after, 0) : undefined,
    maxDurationS: sec(raw.max_duration, 60),
    actionTimeoutS: sec(raw.action_timeout, 60),
    tolerance: { throughput: tol.throughput ?? 0.1, ttftP99: tol.ttft_p99 ?? 0.5, errorRate: tol.error_rate ?? 0.01 },
    recoverySeconds: raw.recovery_seconds ?? 3,
  };
  if (c.preFaultS < 3) problems.push(`chaos.pre_fault ${raw.pre_fault}: at least 3s, so the pre-fault window has seconds enough to measure its own noise (default 10s)`);
  if (c.maxDurationS <= 0) problems.push('chaos.max_duration must be longer than 0 (e.g. 60s)');
  if (c.actionTimeoutS <= 0) problems.push('chaos.action_timeout must be longer than 0 (e.g. 60s)');
  return c;
}

function chaosAction(raw: Raw | undefined, where: string, problems: string[]): ChaosAction | undefined {
  if (!raw) return undefined;
  const set = (['command', 'http', 'sim'] as const).filter((k) => raw[k] !== undefined);
  if (set.length !== 1) {
    problems.push(
      `${where}: give exactly one of command (run without a shell), http (a call such as POST /admin/faults) or sim (the built-in simulator's faults)${set.length ? `, not ${set.join(' and ')}` : ''}`,
    );
    return undefined;
  }
  if (raw.command !== undefined) {
    if (Array.isArray(raw.command)) return { command: raw.command as string[] };
    try {
      return { command: parseCommand(String(raw.command), `${where}.command`) };
    } catch (e) {
      problems.push((e as Error).message);
      return undefined;
    }
  }
  if (raw.http !== undefined) {
    const h = raw.http as Raw;
    const body = h.body === undefined ? undefined : typeof h.body === 'string' ? h.body : JSON.stringify(h.body);
    if (body !== undefined && h.method === 'GET') problems.push(`${where}.http: a GET request cannot carry a body: use method: POST (or drop body)`);
    try {
      new URL(h.url);
    } catch {
      problems.push(`${where}.http.url ${JSON.stringify(String(h.url).split(/[?#]/)[0])}: not a valid URL (e.g. http://127.0.0.1:8000/admin/faults)`);
    }
    const headers: Record<string, string> = { ...(h.body !== undefined && typeof h.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...(h.headers ?? {}) };
    return { http: { method: h.method ?? (body !== undefined ? 'POST' : 'GET'), url: h.url, ...(body !== undefined ? { body } : {}), headers } };
  }
  return { sim: raw.sim as Record<string, unknown> };
}

/** recovery_s, lost_requests, error_burst from sla: (undefined when none is given). */
export function parseChaosSla(sla: Raw | undefined, hasChaos: boolean, problems: string[]): ChaosSla | undefined {
  const s = sla ?? {};
  const out: ChaosSla = {};
  if (s.recovery_s !== undefined) out.recoveryS = s.recovery_s;
  if (s.lost_requests !== undefined) out.lostRequests = s.lost_requests;
  if (s.error_burst !== undefined) out.errorBurst = s.error_burst;
  const keys = Object.keys(out);
  if (keys.length === 0) return undefined;
  if (!hasChaos)
    problems.push(
      `sla.${['recovery_s', 'lost_requests', 'error_burst'].filter((k) => s[k] !== undefined).join(', sla.')}: judged by the chaos phase, which this config does not have (add a chaos: section, or remove the rule)`,
    );
  return out;
}
