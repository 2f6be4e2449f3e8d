/**
 * A ServerObserver for gates on virtual time against a SimSender: instead of scraping the
 * simulator's /metrics page over HTTP (which a VirtualClock cannot wait for), it reads the same
 * engine counters and gauges from the sender's stats() every `intervalMs` of the clock while a
 * window is open, as the vLLM page would expose them, and summarises each window with the
 * production `summarise` (servermetrics/observer.ts) — so window math, hit rates and the
 * bottleneck rules are the real ones; only the transport is skipped.
 */
import type { SimSender } from '../../src/load/sim-sender.js';
import type { Reading } from '../../src/servermetrics/map.js';
import { summarise, type ScrapeRecord, type ServerObserver, type ServerWindow } from '../../src/servermetrics/observer.js';
import type { Clock, TimerHandle } from '../../src/util/clock.js';

/** One vLLM-style reading of the simulator's first model (what its /metrics page says, summed over replicas). */
function simReading(sender: SimSender): Reading {
  const m = sender.stats().models[0]!;
  const up = m.replicas.filter((r) => r.up);
  return {
    kv_cache_usage: Math.max(0, ...up.map((r) => r.kvUsage)),
    prefix_cache_queries_total: m.prefixQueryTokens,
    prefix_cache_hits_total: m.prefixHitTokens,
    requests_running: up.reduce((a, r) => a + r.running, 0),
    requests_waiting: up.reduce((a, r) => a + r.waiting, 0),
    prompt_tokens_total: m.promptTokens,
    generation_tokens_total: m.generationTokens,
  };
}

export function simObserver(sender: SimSender, clock: Clock, intervalMs = 100): ServerObserver & { scrapes: () => number } {
  let records: ScrapeRecord[] = [];
  const windows = new Map<string, number>();
  let tick: TimerHandle | undefined;
  let scrapes = 0;
  const scrape = (): void => {
    scrapes++;
    records.push({ at: clock.now(), reading: simReading(sender), engines: ['vllm'] });
  };
  const schedule = (): void => {
    if (windows.size === 0 || tick) return;
    tick = clock.setTimer(() => {
      tick = undefined;
      if (windows.size === 0) return;
      scrape();
      schedule();
    }, intervalMs);
  };
  return {
    beginWindow(name) {
      windows.set(name, clock.now());
      scrape();
      schedule();
    },
    async endWindow(name): Promise<ServerWindow | undefined> {
      const begin = windows.get(name);
      if (begin === undefined) return undefined;
      scrape();
      windows.delete(name);
      const w = summarise([{ kind: 'metrics', records: records.filter((r) => r.at >= begin) }]);
      const oldest = Math.min(...windows.values());
      records = windows.size ? records.filter((r) => r.at >= oldest) : [];
      if (windows.size === 0) {
        tick?.cancel();
        tick = undefined;
      }
      return w;
    },
    async stop() {
      windows.clear();
      tick?.cancel();
      tick = undefined;
    },
    scrapes: () => scrapes,
  };
}
