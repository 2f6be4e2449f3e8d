/**
 * Plain-text and markdown tables of level summaries. Pure functions of the summaries.
 */
import { markdownTable } from 'markdown-table';
import type { LevelSummary } from '../metrics/aggregate.js';

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** Escapes text for markdown tables and HTML, and caps its length. */
export function escapeMd(text: string, max = 200): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  // A zero-width space after @ keeps server text from mentioning (and notifying) GitHub users.
  return cut
    .replace(/[\\`*_{}[\]<>|#!]/g, (c) => `\\${c}`)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/@/g, '@\u200b');
}

/** Describes a level's offered load: "20 req/s" or "32 users". */
export function offeredLabel(s: LevelSummary): string {
  return s.offered.kind === 'rate' ? `${fmt(s.offered.value, 2).replace(/\.?0+$/, '')} req/s` : `${s.offered.value} users`;
}

export function errorsLabel(s: LevelSummary): string {
  const parts = Object.entries(s.requests.errors).map(([k, v]) => `${k}:${v}`);
  if (s.requests.dropped_overflow) parts.push(`dropped_overflow:${s.requests.dropped_overflow}`);
  return parts.length ? parts.join(' ') : '—';
}

/**
 * One row per level: load, outcomes, latency percentiles and throughput. A level checked invalid
 * (the `load` command's levels carry their check) is marked in its row and its reason listed below.
 */
export function levelsTable(levels: Array<LevelSummary & { valid?: boolean; invalid_reason?: string }>): string {
  const head = ['level', 'offered', 'sent', 'ok %', 'achieved rps', 'TTFT p50', 'TTFT p99', 'ITL p99', 'TPOT p50', 'E2E p99', 'out tok/s', 'send lag p99', 'errors'];
  const rows = levels.map((s) => [
    s.valid === false ? `${s.name} ⚠ invalid` : s.name,
    offeredLabel(s),
    String(s.requests.sent),
    fmt(s.success_rate * 100),
    fmt(s.achieved_rps, 2),
    `${fmt(s.ttft_ms.p50)} ms`,
    `${fmt(s.ttft_ms.p99)} ms`,
    `${fmt(s.itl_ms.p99)} ms`,
    `${fmt(s.tpot_ms.p50, 2)} ms`,
    `${fmt(s.e2e_ms.p99)} ms`,
    fmt(s.output_tokens_per_s, 0),
    `${fmt(s.send_lag_ms.p99, 2)} ms`,
    errorsLabel(s),
  ]);
  const table = markdownTable([head, ...rows], { align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] });
  const invalid = levels.filter((s) => s.valid === false);
  if (!invalid.length) return table;
  const why = invalid.map((s) => `- ${s.name}: ${s.invalid_reason ?? 'no reason recorded'}`);
  const they = invalid.length > 1 ? 'levels: they' : 'level: it';
  return [table, '', `⚠ Invalid ${they} measured the load generator, not the endpoint:`, ...why].join('\n');
}
