/**
 * Short text for a server window in a level's report row, e.g.
 * "KV 42% (max 80%) · prefix hit 63% · running 7.2 (max 8) · waiting 0.4 (max 3) · GPU 97%".
 * Fields the engine does not export are left out; no window (or no samples) gives "—".
 */
import type { GaugeStats, ServerWindow } from './observer.js';

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
  gauge('waiting', w.requests_waiting, num);
  gauge('GPU', w.gpu_utilization, pct);
  if (w.scrape_errors > 0) parts.push(`${w.scrape_errors} scrape errors`);
  return parts.length ? parts.join(' · ') : '—';
}
