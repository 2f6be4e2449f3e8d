/**
 * report.html and plots/*.png for a run directory: one self-contained page (charts inlined as SVG,
 * styles inline, no script, no network) that opens from disk or as a downloaded artifact, with
 * the verdict and headline first, then the curves, the SLA table and every level. The page is a
 * pure function of the run and the rendered charts; writeVisualReport does the rendering and I/O.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateResult, LevelResult } from '../results/types.js';
import type { AbResult } from '../results/types.js';
import type { Baseline } from '../baseline/baseline.js';
import type { Comparison } from '../results/types.js';
import type { SlaCheck } from '../verdict/sla.js';
import { headline } from './gate-markdown.js';
import { errorsLabel, offeredLabel } from './table.js';
import { formatServerWindow } from '../servermetrics/index.js';
import { chartsFor, renderSvg, svgToPng, type Chart, type ChartInput } from './charts.js';
import { chaosFigureRows } from './chaos-markdown.js';
import type { ChaosResult } from '../results/chaos.js';

export type ReportSource = { kind: 'gate'; result: GateResult; baseline?: Baseline; comparison?: Comparison } | { kind: 'ab'; result: AbResult };

export interface Figure {
  chart: Chart;
  svg: string;
}

export interface WrittenReport {
  html: string;
  plots: string[];
  /** What could not be drawn, in plain words (the run directory is still complete without it). */
  notes: string[];
}

function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escapes, then turns the markdown **bold** and `code` our headlines use into HTML. */
function inline(md: string): string {
  return esc(md)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

const f = (x: number | null | undefined, d = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const usd = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`);

function allGateLevels(r: GateResult): LevelResult[] {
  return [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels, ...(r.operating_point ? [r.operating_point.level] : [])];
}

function slaOf(levels: LevelResult[], top?: SlaCheck[]): SlaCheck[] {
  if (top?.length) return top;
  return levels.find((l) => l.sla_checks.length)?.sla_checks ?? [];
}

/** What the charts need from a gate run or an A/B run. */
export function chartInputFor(src: ReportSource): ChartInput {
  if (src.kind === 'gate') {
    const r = src.result;
    const levels = allGateLevels(r);
    return {
      load: r.saturation.load,
      runs: [{ label: 'this run', levels }],
      baseline: src.baseline ? { label: `baseline (${src.baseline.recorded_at.slice(0, 10)})`, curve: src.baseline.curve } : undefined,
      bracket: r.saturation.bracket,
      marks: r.operating_point && r.operating_point.load === r.saturation.load ? [{ value: r.operating_point.value, label: 'operating point' }] : [],
      sla: slaOf(levels, r.sla.checks),
      bottleneck: r.saturation.bottleneck,
      chaos: r.chaos,
    };
  }
  const r = src.result;
  const runs = r.sides.map((s) => ({ label: s.label, levels: s.levels }));
  return {
    load: r.load,
    runs,
    marks: r.sides.filter((s) => s.capacity !== null).map((s) => ({ value: s.capacity!, label: `${s.label} capacity` })),
    sla: slaOf(runs.flatMap((x) => x.levels)),
  };
}

function statusOf(l: LevelResult): string {
  if (!l.valid) return `invalid: ${l.invalid_reason ?? ''}`;
  if (l.phase === 'baseline') return 'baseline';
  if (l.phase === 'operating_point') return l.sla_checks.every((c) => c.pass) ? 'operating point ✓' : 'operating point ✗';
  return l.saturated ? `saturated: ${l.reasons.join('; ')}` : 'ok';
}

function table(head: string[], rows: string[][], cls = ''): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table></div>`;
}

function levelsTableHtml(levels: LevelResult[], label?: string): string {
  const withServer = levels.some((l) => l.server);
  const head = [
    ...(label ? ['side'] : []),
    'level',
    'offered',
    'sent',
    'achieved req/s',
    'ok %',
    'TTFT p50',
    'TTFT p95',
    'TTFT p99',
    'ITL p50',
    'ITL p95',
    'ITL p99',
    'E2E p50',
    'E2E p95',
    'E2E p99',
    'out tok/s',
    'goodput req/s',
    '$/M tok',
    'errors',
    ...(withServer ? ['server (KV · prefix hit · running · waiting · GPU)'] : []),
    'status',
  ];
  const rows = levels.map((l) => {
    const s = l.summary;
    const cls = !l.valid ? 'invalid' : l.saturated ? 'bad' : '';
    return [
      ...(label ? [esc(label)] : []),
      `<span class="${cls}">${esc(s.name)}</span>`,
      esc(offeredLabel(s)),
      String(s.requests.sent),
      f(s.achieved_rps, 2),
      f(s.success_rate * 100),
      f(s.ttft_ms.p50),
      f(s.ttft_ms.p95),
      f(s.ttft_ms.p99),
      f(s.itl_ms.p50),
      f(s.itl_ms.p95),
      f(s.itl_ms.p99),
      f(s.e2e_ms.p50, 0),
      f(s.e2e_ms.p95, 0),
      f(s.e2e_ms.p99, 0),
      f(s.output_tokens_per_s, 0),
      f(s.goodput_rps, 2),
      usd(l.cost?.usd_per_million_tokens),
      esc(errorsLabel(s)),
      ...(withServer ? [esc(formatServerWindow(l.server))] : []),
      `<span class="${cls}">${esc(statusOf(l))}</span>`,
    ];
  });
  return table(head, rows, 'levels');
}

function slaTableHtml(checks: SlaCheck[]): string {
  if (checks.length === 0) return '<p class="muted">No SLA rules configured.</p>';
  return table(
    ['rule', 'actual', 'limit', 'result'],
    checks.map((c) => [
      esc(c.rule),
      esc(Number(c.actual.toPrecision(6))),
      `${c.bound === 'max' ? '≤' : '≥'} ${esc(c.limit)}`,
      c.pass ? '<span class="good">PASS</span>' : '<span class="bad">FAIL</span>',
    ]),
  );
}

/** The chaos phase: what was injected, the figures and its rules (the timeline is a chart). */
function chaosHtml(c: ChaosResult): string {
  const head = `<h2 id="chaos">Chaos</h2><p>Fault: ${esc(c.fault)} under ${esc(c.load.value)} ${c.load.kind === 'rate' ? 'req/s' : 'users'}.</p>`;
  const failed = c.status === 'fault_failed' ? `<p class="bad">The fault could not be injected: ${esc(c.error)}</p>` : '';
  const rows = chaosFigureRows(c);
  return (
    head +
    failed +
    (rows.length
      ? table(
          ['figure', 'value'],
          rows.map(([k, v]) => [esc(k), esc(v)]),
        )
      : '') +
    (c.sla.checks.length ? slaTableHtml(c.sla.checks) : '') +
    c.notes.map((n) => `<p class="warn">${esc(n)}</p>`).join('')
  );
}

const VERDICT: Record<string, { text: string; cls: string }> = {
  pass: { text: 'PASS', cls: 'good' },
  improvement: { text: 'IMPROVEMENT', cls: 'good' },
  regression: { text: 'REGRESSION', cls: 'bad' },
  inconclusive: { text: 'INCONCLUSIVE', cls: 'warn' },
};

function metricsTableHtml(c: Pick<Comparison, 'metrics'>, names: [string, string] = ['baseline', 'this run']): string {
  if (c.metrics.length === 0) return '';
  const v = (m: { value: number; spread: number } | null, unit: string): string =>
    m ? `${m.value.toFixed(unit === 'USD' || unit === '' ? 4 : 1)} ± ${m.spread.toFixed(unit === 'USD' || unit === '' ? 4 : 1)}` : '—';
  return table(
    ['metric', ...names, 'Δ', 'status'],
    c.metrics.map((m) => [
      esc(m.label + (m.unit ? ` (${m.unit})` : '')),
      esc(v(m.baseline, m.unit)),
      esc(v(m.current, m.unit)),
      m.delta === null ? '—' : esc(`${m.delta >= 0 ? '+' : '−'}${Math.abs(m.delta * 100).toFixed(1)} %`),
      `<span class="${VERDICT[m.status]?.cls ?? ''}">${esc(m.status)}</span>${m.remeasured ? ` — ${esc(m.remeasured)}` : ''}`,
    ]),
  );
}

function verdictOf(src: ReportSource): { text: string; cls: string } {
  if (src.kind === 'ab') return VERDICT[src.result.verdict] ?? { text: src.result.verdict, cls: '' };
  if (src.comparison) return VERDICT[src.comparison.verdict] ?? { text: src.comparison.verdict, cls: '' };
  const r = src.result;
  if (r.status === 'endpoint_down') return { text: 'ENDPOINT DOWN', cls: 'bad' };
  if (r.status === 'cancelled') return { text: 'CANCELLED', cls: 'warn' };
  if (r.sla.pass === null) return { text: 'DONE (no SLA)', cls: '' };
  return r.sla.pass ? { text: 'SLA PASS', cls: 'good' } : { text: 'SLA FAIL', cls: 'bad' };
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1f24;margin:0;background:#f6f8fa}
main{max-width:1240px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.verdict{display:inline-block;font-weight:700;padding:3px 10px;border-radius:4px;margin-right:8px;background:#eaeef2}
.verdict.good{background:#dafbe1;color:#116329}.verdict.bad{background:#ffebe9;color:#a40e26}.verdict.warn{background:#fff8c5;color:#7d4e00}
.good{color:#116329}.bad{color:#a40e26}.warn{color:#7d4e00}.invalid{color:#6e7781;text-decoration:line-through}.muted{color:#57606a}
.headline{font-size:15px;max-width:1000px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:16px}
figure.chart{margin:0;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px;overflow:auto}
figure.chart svg{max-width:100%;height:auto;display:block}
.scroll{overflow-x:auto}table{border-collapse:collapse;background:#fff;font-size:12.5px}
th,td{border:1px solid #d0d7de;padding:4px 7px;text-align:right;white-space:nowrap}th{background:#f0f3f6}
td:first-child,th:first-child,table.levels td:last-child{text-align:left}
footer{margin-top:28px;color:#57606a;font-size:12px}
`;

/** The whole page. Every string from the run is escaped; the SVGs come from our own renderer. */
export function reportHtml(src: ReportSource, figures: Figure[], notes: string[] = []): string {
  const r = src.result;
  const v = verdictOf(src);
  const parts: string[] = [];
  const title = `llm-loadgate · ${r.name}`;
  parts.push(`<h1>${esc(title)}</h1>`);
  if (src.kind === 'gate') {
    const g = src.result;
    parts.push(
      `<p class="headline"><span class="verdict ${v.cls}" id="verdict">${esc(v.text)}</span>${src.comparison ? `${esc(src.comparison.sentence)} ` : ''}${inline(headline(g))}</p>`,
    );
    parts.push(
      `<p class="muted">Target model <code>${esc(g.target.model)}</code> at ${esc(g.target.url)} · ${esc(g.saturation.strategy)} over ${esc(g.saturation.load)} · ${f(g.load_minutes, 2)} load-minutes · llm-loadgate ${esc(g.tool.version)}</p>`,
    );
    if (g.error) parts.push(`<p class="bad">${esc(g.error)}</p>`);
    if (src.comparison) {
      if (!src.comparison.comparable) parts.push(`<h2>Not comparable</h2><ul>${src.comparison.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
      parts.push('<h2>Against the baseline</h2>', metricsTableHtml(src.comparison));
      if (src.comparison.remeasured.length) parts.push(`<p><strong>Re-measured:</strong> ${src.comparison.remeasured.map(esc).join(' ')}</p>`);
    }
  } else {
    const a = src.result;
    parts.push(`<p class="headline"><span class="verdict ${v.cls}" id="verdict">${esc(v.text)}</span>${inline(a.headline)}</p>`, `<p>${inline(a.sentence)}</p>`);
    parts.push(
      `<p class="muted">A/B over ${esc(a.load)} · ${f(a.load_minutes, 2)} load-minutes · ${a.sides.map((s) => `${esc(s.label)}: capacity ${s.capacity ?? 'none'}, breaks at ${s.breakpoint ?? 'not reached'}`).join(' · ')}</p>`,
    );
    parts.push(`<h2>${esc(a.sides[1].label)} against ${esc(a.sides[0].label)}</h2>`, metricsTableHtml(a, [a.sides[0].label, a.sides[1].label]));
  }
  parts.push('<h2>Curves</h2>');
  if (figures.length)
    parts.push(
      `<div class="charts">${figures.map((x) => `<figure class="chart" id="chart-${esc(x.chart.id)}" data-chart="${esc(x.chart.id)}">${x.svg}</figure>`).join('\n')}</div>`,
    );
  for (const n of notes) parts.push(`<p class="warn">${esc(n)}</p>`);
  if (src.kind === 'gate') {
    const g = src.result;
    if (g.saturation.bottleneck)
      parts.push(
        `<p><strong>First to saturate: ${esc(g.saturation.bottleneck.resource.replace('_', ' '))}</strong> (at ${esc(g.saturation.bottleneck.level)}). ${esc(g.saturation.bottleneck.evidence)}</p>`,
      );
    parts.push('<h2>SLA at the operating point</h2>', g.operating_point ? slaTableHtml(g.sla.checks) : '<p class="muted">No operating point was run.</p>');
    if (g.chaos) parts.push(chaosHtml(g.chaos));
    parts.push('<h2>Every level</h2>', levelsTableHtml(allGateLevels(g)));
    parts.push(`<p class="muted">Warmup: ${g.warmup.ok}/${g.warmup.requests} ok.</p>`);
  } else {
    const a = src.result;
    parts.push('<h2>SLA</h2>', slaTableHtml(slaOf(a.sides.flatMap((s) => s.levels))));
    parts.push('<h2>Every level</h2>', ...a.sides.map((s) => levelsTableHtml(s.levels, s.label)));
  }
  parts.push(`<footer>Written by llm-loadgate from results.json. Self-contained: no scripts, no network.</footer>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
${parts.join('\n')}
</main></body></html>
`;
}

/**
 * Whether a gate or A/B run draws its charts: yes unless LOADGATE_CHARTS is 0, off, false or no.
 * Drawing (Vega to SVG, resvg to PNG) is 1-2 s of CPU per run; a run whose charts nobody looks at
 * (a test, a CI step that keeps only results.json) can skip it. `llm-loadgate report` always draws.
 */
export function chartsWanted(env: Record<string, string | undefined> = process.env): boolean {
  return !/^(0|off|false|no)$/i.test((env.LOADGATE_CHARTS ?? '').trim());
}

/**
 * Renders the charts and writes report.html and plots/<chart>.png into dir. Drawing problems
 * never lose a run: what could not be drawn is returned as a note (and said in the page).
 * With charts: false, report.html is written without charts (the page says why) and no plots/.
 */
export async function writeVisualReport(dir: string, src: ReportSource, opts: { charts?: boolean } = {}): Promise<WrittenReport> {
  if (opts.charts === false) {
    const html = join(dir, 'report.html');
    writeFileSync(html, reportHtml(src, [], ['charts not drawn: LOADGATE_CHARTS is off']));
    return { html, plots: [], notes: [] };
  }
  const notes: string[] = [];
  const figures: Figure[] = [];
  for (const chart of chartsFor(chartInputFor(src))) {
    try {
      figures.push({ chart, svg: await renderSvg(chart.spec) });
    } catch (e) {
      notes.push(`chart ${chart.id} could not be drawn: ${(e as Error).message}`);
    }
  }
  const plots: string[] = [];
  if (figures.length) {
    try {
      let fontless = false;
      for (const fig of figures) {
        const { png, fontless: nf } = await svgToPng(fig.svg);
        mkdirSync(join(dir, 'plots'), { recursive: true });
        fontless ||= nf;
        const path = join(dir, 'plots', `${fig.chart.id}.png`);
        writeFileSync(path, png);
        plots.push(path);
      }
      if (fontless) notes.push('no TrueType font was found on this machine: the PNG plots have no text (install fonts-dejavu-core)');
    } catch (e) {
      notes.push(`PNG plots skipped: ${(e as Error).message}`);
    }
  }
  const html = join(dir, 'report.html');
  writeFileSync(html, reportHtml(src, figures, notes));
  return { html, plots, notes };
}
