/**
 * One served model: its replicas, router and metrics. Turns per-replica counters
 * into the aggregated stats and scrape-time gauges.
 */
import type { SimClock } from './clock.js';
import { ModelMetrics, type ModelGauges } from './metrics.js';
import { Replica } from './replica.js';
import { mulberry32, mix32 } from './rng.js';
import { Router } from './router.js';
import type { ModelStats, Profile, Routing } from './types.js';

export class ModelGroup {
  readonly replicas: Replica[];
  readonly router: Router;
  readonly metrics = new ModelMetrics();
  /** Requests seen so far; seeds each request's RNG so a seed replays a run. */
  counter = 0;

  readonly name: string;
  readonly index: number;
  readonly profile: Profile;
  readonly seed: number;

  constructor(name: string, index: number, profile: Profile, replicas: number, routing: Routing, seed: number, speedup: number, clock: SimClock) {
    this.name = name;
    this.index = index;
    this.profile = profile;
    this.seed = seed;
    this.replicas = Array.from({ length: replicas }, (_, i) => new Replica(i, profile, speedup, clock));
    this.router = new Router(routing, this.replicas, mulberry32(mix32(seed, 0x524f5554 + index)), () => clock.now());
  }

  /** A fresh RNG for the next request of this model. */
  nextRequestRand(): () => number {
    return mulberry32(mix32(mix32(this.seed, this.index + 1), this.counter++));
  }

  gauges(): ModelGauges {
    let running = 0;
    let waiting = 0;
    let kv = 0;
    let q = 0;
    let h = 0;
    for (const r of this.replicas) {
      running += r.numRunning;
      waiting += r.numWaiting;
      kv += r.kv.usage;
      q += r.prefixQueryTokens;
      h += r.prefixHitTokens;
    }
    return { running, waiting, kvUsage: kv / this.replicas.length, prefixQueries: q, prefixHits: h };
  }

  stats(): ModelStats {
    const g = this.gauges();
    const m = this.metrics;
    return {
      model: this.name,
      profile: this.profile.name,
      replicas: this.replicas.map((r) => ({
        index: r.index,
        up: r.up,
        running: r.numRunning,
        waiting: r.numWaiting,
        kvUsage: r.kv.usage,
        steps: r.steps,
        prefixQueryTokens: r.prefixQueryTokens,
        prefixHitTokens: r.prefixHitTokens,
        crashes: r.crashes,
        lostInCrash: r.lostInCrash,
        refusedDown: r.refusedDown,
      })),
      requests: m.requests,
      completed: m.completed,
      rejected: m.rejected,
      failed: m.failed,
      lostInCrash: this.replicas.reduce((n, r) => n + r.lostInCrash, 0),
      refusedDown: this.replicas.reduce((n, r) => n + r.refusedDown, 0),
      promptTokens: m.promptTokens,
      generationTokens: m.generationTokens,
      prefixQueryTokens: g.prefixQueries,
      prefixHitTokens: g.prefixHits,
      prefixHitRate: g.prefixQueries > 0 ? g.prefixHits / g.prefixQueries : 0,
    };
  }
}
