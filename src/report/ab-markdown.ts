/**
 * The A/B report: the headline sentence, then one row per level with both sides side by side and
 * each side's breakpoint marked, then the verdict of B against A. Pure strings.
 */
import { markdownTable } from 'markdown-table';
import type { AbResult, AbSideResult } from '../results/types.js';
import type { LevelResult } from '../results/types.js';
import type { SlaRule } from '../config/types.js';
import { metricsTable } from './compare-markdown.js';
import { escapeMd } from './table.js';

/** The latency the table shows: the first latency SLA rule's metric and percentile, else TTFT p95. */
export function shownLatency(rules: SlaRule[]): {
  metric: 'ttft_ms' | 'ttfc_ms' | 'itl_ms' | 'tpot_ms' | 'e2e_ms';
  stat: 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'mean';
  label: string;
} {
  const r = rules.find((x) => x.kind === 'latency');
  if (r && r.kind === 'latency') return { metric: r.metric, stat: r.stat, label: `${r.metric.replace('_ms', '').toUpperCase()} ${r.stat}` };
  return { metric: 'ttft_ms', stat: 'p95', label: 'TTFT p95' };
}

function cell(level: LevelResult | undefined, side: AbSideResult, value: number, show: ReturnType<typeof shownLatency>): string {
  if (!level) return '—';
  const s = level.summary;
  const v = `${s[show.metric][show.stat].toFixed(0)} ms`;
  const mark = !level.valid ? ' (invalid)' : level.saturated ? ' ✗' : ' ✓';
  const bp = side.breakpoint === value ? ' ◀ breaks' : side.capacity === value ? ' ◀ capacity' : '';
  return `${v}${mark}${bp}`;
}

export function abMarkdown(r: AbResult, rules: SlaRule[], kvHitRate?: (side: 0 | 1, level: string) => number | undefined): string {
  const show = shownLatency(rules);
  const [a, b] = r.sides;
  const values = [...new Set([...a.levels, ...b.levels].map((l) => l.summary.offered.value))].sort((x, y) => x - y);
  const find = (side: AbSideResult, v: number): LevelResult | undefined => side.levels.find((l) => l.summary.offered.value === v);
  const head = [
    r.load === 'concurrency' ? 'concurrency' : 'req/s',
    `${escapeMd(a.label)} ${show.label}`,
    `${escapeMd(b.label)} ${show.label}`,
    `${escapeMd(a.label)} ok %`,
    `${escapeMd(b.label)} ok %`,
  ];
  if (kvHitRate) head.push(`${escapeMd(a.label)} KV hit`, `${escapeMd(b.label)} KV hit`);
  const rows = values.map((v) => {
    const la = find(a, v);
    const lb = find(b, v);
    const row = [
      String(v),
      cell(la, a, v, show),
      cell(lb, b, v, show),
      la ? (la.summary.success_rate * 100).toFixed(1) : '—',
      lb ? (lb.summary.success_rate * 100).toFixed(1) : '—',
    ];
    if (kvHitRate) {
      const pct = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(0)} %`);
      row.push(pct(la && kvHitRate(0, la.summary.name)), pct(lb && kvHitRate(1, lb.summary.name)));
    }
    return row;
  });
  return [
    `## llm-loadgate A/B · ${escapeMd(r.name)}`,
    '',
    `**${escapeMd(r.headline, 400)}**`,
    '',
    'Levels ran interleaved (A B, B A, …) so drift hits both sides alike. ✓ holds, ✗ breaks (the reasons are in results.json).',
    '',
    markdownTable([head, ...rows]),
    '',
    `### ${escapeMd(b.label)} judged against ${escapeMd(a.label)}: ${r.verdict}`,
    '',
    escapeMd(r.sentence, 400),
    '',
    metricsTable(r.metrics),
    '',
    `<sub>${r.load_minutes.toFixed(2)} load-minutes${r.status === 'cancelled' ? ' · cancelled: partial results' : ''}</sub>`,
    '',
  ].join('\n');
}
