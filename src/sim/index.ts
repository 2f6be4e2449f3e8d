/**
 * llm-loadgate endpoint simulator: an OpenAI-compatible server backed by a model of
 * continuous batching, KV-cache pressure and prefix caching, with injectable faults.
 * Self-contained: imports nothing from the rest of src/.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realSimClock, type SimClock, type SimTimer } from './clock.js';
import type { SimContext } from './context.js';
import { defaultFaults, validateFaults } from './faults.js';
import { ModelGroup } from './group.js';
import { resolveOptions } from './options.js';
import { handle, statsOf } from './server.js';
import type { CrashFault, FaultConfig, RunningSim, SimOptions, SimStats } from './types.js';

export { PROFILES, DEFAULT_PROFILE, estimateCapacity, resolveProfile, type CapacityEstimate } from './profiles.js';
export { loadSimConfig } from './config.js';
export { DEFAULT_OPTIONS } from './options.js';
export type * from './types.js';
export { realSimClock, type SimClock, type SimTimer } from './clock.js';
export { prepareCompletion, startCompletion, type PreparedCompletion, type SimError, type StartResult } from './completions.js';
export type { ChunkEvent, Kind, ResponseSink, Usage as SimUsage } from './respond.js';
export type { SimContext } from './context.js';

/** The simulator without its HTTP front: engines, routers, faults and counters on one clock. */
export interface SimCore {
  ctx: SimContext;
  options: SimOptions;
  setFaults(f: Partial<FaultConfig>): void;
  stats(): SimStats;
  /** Cancels scheduled crashes and crashes every replica (aborting what is in flight). */
  close(): void;
}

/**
 * Builds the simulator's model on `clock` (the real clock by default). Throws on invalid options.
 * startSim puts HTTP in front of it; load/sim-sender.ts serves requests from it in process.
 */
export function createSimCore(options: Partial<SimOptions> = {}, clock: SimClock = realSimClock): SimCore {
  const { options: o, models } = resolveOptions(options);
  const now = () => clock.now();
  const startedAt = now();
  const timers = new Set<SimTimer>();
  const groups = new Map(models.map((m, i) => [m.name, new ModelGroup(m.name, i, m.profile, m.replicas, m.routing, o.seed, o.speedup, clock)]));
  let idCounter = 0;
  const ctx: SimContext = {
    models: groups,
    faults: defaultFaults(),
    speedup: o.speedup,
    now,
    clock,
    startedAt,
    readyAt: startedAt + o.startupDelayMs / o.speedup,
    modelsReadyBeforeCompletions: o.modelsReadyBeforeCompletions,
    nextId: () => ++idCounter,
    setFaults(f) {
      const valid = validateFaults(f);
      for (const c of valid.crashes ?? []) checkCrash(groups, c);
      ctx.faults = { ...ctx.faults, ...valid };
      for (const c of valid.crashes ?? []) scheduleCrash(groups, c, o.speedup, clock, timers);
    },
  };
  ctx.setFaults(o.faults);
  return {
    ctx,
    options: o,
    setFaults: (f) => ctx.setFaults(f),
    stats: () => statsOf(ctx),
    close: () => {
      for (const t of timers) t.cancel();
      timers.clear();
      for (const g of groups.values()) for (const r of g.replicas) r.crash();
    },
  };
}

/** Starts the simulator; resolves once it listens. Throws on invalid options. */
export async function startSim(options: Partial<SimOptions> = {}): Promise<RunningSim> {
  const core = createSimCore(options);
  const { ctx, options: o } = core;
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => handle(ctx, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    port,
    setFaults: core.setFaults,
    stats: core.stats,
    close: async () => {
      core.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function checkCrash(groups: Map<string, ModelGroup>, c: CrashFault): void {
  const g = c.model !== undefined ? groups.get(c.model) : groups.values().next().value;
  if (!g) throw new Error(`faults.crashes: unknown model "${c.model}"`);
  if (c.replica >= g.replicas.length)
    throw new Error(`faults.crashes: model "${g.name}" has ${g.replicas.length} replicas (indexes 0-${g.replicas.length - 1}), got replica ${c.replica}`);
}

/** Crash at atMs (simulated, from now), optionally recover; times are divided by speedup. */
function scheduleCrash(groups: Map<string, ModelGroup>, c: CrashFault, speedup: number, clock: SimClock, timers: Set<SimTimer>): void {
  const g = (c.model !== undefined ? groups.get(c.model) : groups.values().next().value)!;
  const r = g.replicas[c.replica]!;
  const later = (ms: number, fn: () => void) => {
    const t = clock.setTimer(() => {
      timers.delete(t);
      fn();
    }, ms / speedup);
    timers.add(t);
  };
  later(c.atMs, () => {
    r.detectionMs = (c.detectionMs ?? 1000) / speedup;
    r.crash();
    if (c.recoverAfterMs !== undefined) later(c.recoverAfterMs, () => r.recover());
  });
}

export type { FaultConfig };
