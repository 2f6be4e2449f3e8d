/**
 * The pull-request report: verdict first, then the offending metrics, the rest folded away, the
 * latency-vs-load curves of baseline and PR as a mermaid chart GitHub renders, SLA checks, errors
 * and comparability notes. Pure functions; every string from outside (server messages, names) is
 * escaped and truncated before it reaches markdown.
 */
import { markdownTable } from 'markdown-table';
import type { Comparison } from '../results/types.js';
import type { GateResult } from '../results/types.js';
import type { Baseline, CurvePoint } from '../baseline/baseline.js';
import { curveOf } from '../baseline/baseline.js';
import { metricInfo, type MetricVerdict } from '../verdict/compare.js';
import { slaMarkdown, levelsMarkdown } from './gate-markdown.js';
import { errorsLabel, escapeMd } from './table.js';
import { allLevels } from '../results/types.js';

const ICON: Record<string, string> = { pass: '✅ pass', regression: '❌ regression', improvement: '🚀 improvement', inconclusive: '⚠️ inconclusive' };

function value(v: MetricVerdict['baseline'], unit: string): string {
  if (!v) return '—';
  const digits = unit === 'USD' ? 4 : unit === '' ? 4 : 1;
  return `${v.value.toFixed(digits)} ± ${v.spread.toFixed(digits)}`;
}

function delta(m: MetricVerdict): string {
  if (m.delta === null) return '—';
  const relative = metricInfo(m.metric).relative;
  const x = m.delta * 100;
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}${relative ? ' %' : ' pts'}`;
}

function tolerance(m: MetricVerdict): string {
  const info = metricInfo(m.metric);
  const sign = info.worse === 'lower' ? '−' : '+';
  return `${sign}${(m.tolerance * 100).toFixed(1)}${info.relative ? ' %' : ' pts'}`;
}

export function metricsTable(ms: MetricVerdict[]): string {
  return markdownTable([
    ['metric', 'baseline', 'this PR', 'Δ', 'tolerance', 'noise', 'status'],
    ...ms.map((m) => [
      m.label + (m.unit && m.unit !== 'USD' ? ` (${m.unit})` : m.unit === 'USD' ? ' (USD)' : ''),
      value(m.baseline, m.unit),
      value(m.current, m.unit),
      delta(m),
      tolerance(m),
      m.noise === null ? '—' : `±${(m.noise * 100).toFixed(1)}${metricInfo(m.metric).relative ? ' %' : ' pts'}`,
      ICON[m.status] + (m.remeasured ? ` — ${escapeMd(m.remeasured, 160)}` : ''),
    ]),
  ]);
}

/** A curve's measured points by offered load, sorted; a load measured twice keeps its later point. */
function measured(points: CurvePoint[]): CurvePoint[] {
  const byLoad = new Map<number, CurvePoint>();
  for (const p of points) if (Number.isFinite(p.offered) && Number.isFinite(p.ttft_p99_ms)) byLoad.set(p.offered, p);
  return [...byLoad.values()].sort((a, b) => a.offered - b.offered);
}

/**
 * Mermaid xychart(s) of P99 TTFT against offered load, measured points only: a line is never
 * drawn through a load its run did not try. When both runs measured the same loads, one chart
 * with two lines (line 1 baseline, line 2 this PR); otherwise one chart per run, each on its own
 * loads, with the same y range so the two compare by eye.
 */
export function latencyChart(base: CurvePoint[], cur: CurvePoint[], load: 'rate' | 'concurrency'): string {
  const b = measured(base);
  const c = measured(cur);
  // Four significant digits keep nearby loads (1.01, 1.04) apart on the axis; latencies to 0.1 ms.
  const r = (x: number): string => Number(x.toPrecision(4)).toString();
  const ry = (y: number): string => (Math.round(y * 10) / 10).toString();
  const unit = load === 'rate' ? 'req/s' : 'users';
  const top = Math.max(0, ...b.map((p) => p.ttft_p99_ms), ...c.map((p) => p.ttft_p99_ms));
  const yAxis = `  y-axis "P99 TTFT (ms)" 0 --> ${Math.max(1, Math.ceil(top * 1.1 - 1e-9))}`;
  const chart = (title: string, xs: number[], lines: CurvePoint[][]): string =>
    [
      '```mermaid',
      'xychart-beta',
      `  title "${title}"`,
      `  x-axis "offered load (${unit})" [${xs.map((x) => `"${r(x)}"`).join(', ')}]`,
      yAxis,
      ...lines.map((l) => `  line [${l.map((p) => ry(p.ttft_p99_ms)).join(', ')}]`),
      '```',
    ].join('\n');
  const same = b.length === c.length && b.every((p, i) => p.offered === c[i]!.offered);
  if (same)
    return b.length < 2
      ? ''
      : chart(
          'P99 TTFT vs offered load (line 1 baseline, line 2 this PR)',
          b.map((p) => p.offered),
          [b, c],
        );
  const charts: string[] = [];
  if (b.length >= 2)
    charts.push(
      chart(
        'Baseline: P99 TTFT at the loads it measured',
        b.map((p) => p.offered),
        [b],
      ),
    );
  if (c.length >= 2)
    charts.push(
      chart(
        'This PR: P99 TTFT at the loads it measured',
        c.map((p) => p.offered),
        [c],
      ),
    );
  return charts.join('\n\n');
}

export function compareMarkdown(name: string, c: Comparison, baseline: Baseline, result: GateResult): string {
  const offending = c.metrics.filter((m) => m.status === 'regression' || m.status === 'inconclusive');
  const rest = c.metrics.filter((m) => !offending.includes(m));
  const levels = allLevels(result);
  const errors = levels.filter((l) => errorsLabel(l.summary) !== '—').map((l) => `- ${escapeMd(l.summary.name)}: ${escapeMd(errorsLabel(l.summary))}`);
  const out: string[] = [`## llm-loadgate · ${escapeMd(name)}: ${ICON[c.verdict]}`, '', escapeMd(c.sentence, 400), ''];
  if (!c.comparable) out.push('### Not comparable', '', ...c.notes.map((n) => `- ${escapeMd(n, 300)}`), '');
  if (offending.length) out.push(metricsTable(offending), '');
  if (rest.length) out.push(`<details><summary>${offending.length ? 'Other metrics' : 'All metrics'} (${rest.length})</summary>`, '', metricsTable(rest), '', '</details>', '');
  if (c.remeasured.length) out.push('**Re-measured:** ' + c.remeasured.map((x) => escapeMd(x, 300)).join(' '), '');
  const chart = latencyChart(baseline.curve, curveOf(result), result.saturation.load);
  if (chart) out.push('### Latency vs load', '', chart, '');
  out.push('### SLA at the operating point', '', result.operating_point ? slaMarkdown(result.sla.checks) : '_No operating point was run._', '');
  out.push('<details><summary>Every level of this run</summary>', '', levelsMarkdown(levels), '', '</details>', '');
  out.push('### Errors', '', errors.length ? errors.join('\n') : '_None._', '');
  out.push(`<sub>baseline recorded ${escapeMd(baseline.recorded_at)} · llm-loadgate ${escapeMd(result.tool.version)} · ${result.load_minutes.toFixed(2)} load-minutes</sub>`, '');
  return out.join('\n');
}
