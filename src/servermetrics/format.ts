/**
 * Short text for a server window in a level's report row, e.g.
 * "KV 42% (max 80%) · prefix hit 63% · running 7.2 (max 8) · waiting 0.4 (max 3) · GPU 97%".
 * Fields the engine does not export are left out; no window (or no samples) gives "—".
 */
import type { Bottleneck } from './bottleneck.js';
import type { GaugeStats, ServerWindow } from './observer.js';

/** How a resource reads in a sentence: "batch slots", "KV cache", "compute (decode step)". */
export const RESOURCE_LABELS: Readonly<Record<Bottleneck['resource'], string>> = {
  batch_slots: 'batch slots',
  kv_cache: 'KV cache',
  compute: 'compute (decode step)',
  gpu_compute: 'GPU compute',
  queue: 'queue',
  client: 'client (load generator)',
  unknown: 'unknown',
};

/** One log line for the CLI and the action: "bottleneck: batch slots — At level … ." */
export function bottleneckLine(b: Bottleneck): string {
  return `bottleneck: ${RESOURCE_LABELS[b.resource]} — ${b.evidence}`;
}

export function formatServerWindow(w: ServerWindow | undefined): string {
  if (!w || w.samples === 0) return w && w.scrape_errors > 0 ? `— (${w.scrape_errors} scrape errors)` : '—';
  const parts: string[] = [];
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const gauge = (label: string, g: GaugeStats | undefined, f: (x: number) => string) => {
    if (g) parts.push(`${label} ${f(g.mean)}${g.max !== g.mean ? ` (max ${f(g.max)})` : ''}`);
  };
  gauge('KV', w.kv_cache_usage, pct);
  if (w.prefix_cache_hit_rate !== undefined) parts.push(`prefix hit ${pct(w.prefix_cache_hit_rate)}`);
  gauge('running', w.requests_running, num);
  if (w.batch_slots !== undefined) parts.push(`${w.batch_slots} slots`);
  gauge('waiting', w.requests_waiting, num);
  gauge('GPU', w.gpu_utilization, pct);
  if (w.preemptions) parts.push(`${num(w.preemptions)} preempted`);
  if (w.scrape_errors > 0) parts.push(`${w.scrape_errors} scrape errors`);
  return parts.length ? parts.join(' · ') : '—';
}
