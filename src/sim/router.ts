/**
 * Picks a replica for a request. Replicas that crashed are still eligible until their
 * detection delay has passed (requests sent there fail), as with a real health check.
 *
 * kv-aware (after Dynamo's KV router), in KV blocks so it is scale-free:
 *   cost = KV_PREFILL_WEIGHT · (prompt blocks not cached on the replica) + blocks held or
 *          needed by the replica's running and waiting requests
 * the lowest wins, ties go to the lowest index. The load term keeps a hot prefix
 * (e.g. a shared system prompt) from piling everything onto one replica.
 */
import type { Replica } from './replica.js';
import type { Routing } from './types.js';

const KV_PREFILL_WEIGHT = 4;

export class Router {
  private rr = 0;
  private readonly routing: Routing;
  private readonly replicas: readonly Replica[];
  private readonly rand: () => number;
  private readonly now: () => number;

  constructor(routing: Routing, replicas: readonly Replica[], rand: () => number, now: () => number) {
    this.routing = routing;
    this.replicas = replicas;
    this.rand = rand;
    this.now = now;
  }

  /** Replicas the router believes healthy (up, or down but not yet detected). */
  candidates(): Replica[] {
    const t = this.now();
    return this.replicas.filter((r) => r.up || t - r.downSince < r.detectionMs);
  }

  /** Returns the chosen replica, or null when none is believed healthy. */
  pick(hashes: readonly number[]): Replica | null {
    const c = this.candidates();
    if (c.length === 0) return null;
    switch (this.routing) {
      case 'round-robin':
        return c[this.rr++ % c.length]!;
      case 'random':
        return c[Math.floor(this.rand() * c.length)]!;
      case 'least-loaded':
        return c.reduce((a, b) => (b.load < a.load ? b : a));
      case 'kv-aware':
        return this.kvAware(c, hashes);
    }
  }

  private kvAware(c: Replica[], hashes: readonly number[]): Replica {
    let best = c[0]!;
    let bestCost = Infinity;
    for (const r of c) {
      const cached = r.up ? r.kv.matchPrefix(hashes) : 0;
      const cost = KV_PREFILL_WEIGHT * (hashes.length + 1 - cached) + r.activeBlocks;
      if (cost < bestCost) {
        best = r;
        bestCost = cost;
      }
    }
    return best;
  }
}
