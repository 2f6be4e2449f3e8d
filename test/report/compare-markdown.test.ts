/**
 * The pull-request report: server text cannot inject markdown or HTML, the metrics table's rows
 * and order, the mermaid latency chart (interpolation checked by hand), and the report's layout.
 */
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/results/types.js';
import type { Baseline, CurvePoint } from '../../src/baseline/baseline.js';
import type { Measured } from '../../src/verdict/measured.js';
import { DEFAULT_TOLERANCES, judgeMetric, type MetricVerdict } from '../../src/verdict/compare.js';
import { compareMarkdown, latencyChart, metricsTable } from '../../src/report/compare-markdown.js';
import { escapeMd } from '../../src/report/table.js';
import { stats, summary } from '../helpers/level-summary.js';
import { fingerprint, gateResult, level } from '../verdict/gate-result.js';

/** Pipes that split a table cell: `|` not preceded by a backslash. */
const cellPipes = (line: string): number => (line.match(/(?<!\\)\|/g) ?? []).length;

describe('escapeMd', () => {
  it.each([
    // An HTML tag from a server error: both angle brackets escaped, so GitHub shows it as text.
    { name: 'img onerror', text: '<img src=x onerror=alert(1)>', want: '\\<img src=x onerror=alert(1)\\>' },
    { name: 'script tag', text: '<script>x</script>', want: '\\<script\\>x\\</script\\>' },
    // A pipe would end the table cell and shift every column after it.
    { name: 'table pipe', text: 'a | b', want: 'a \\| b' },
    // Backticks would open a code span that swallows the rest of the row.
    { name: 'backticks', text: '`rm -rf /`', want: '\\`rm -rf /\\`' },
    // Newlines would end the table row (or the list item); CR alone is a line ending too.
    { name: 'LF', text: 'line1\nline2', want: 'line1 line2' },
    { name: 'CRLF', text: 'line1\r\nline2', want: 'line1 line2' },
    { name: 'lone CR', text: 'line1\r| x | y |', want: 'line1 \\| x \\| y \\|' },
    // Emphasis, links, headings, images.
    { name: 'emphasis and links', text: '**bold** _it_ [x](http://e) # h ![i](u)', want: '\\*\\*bold\\*\\* \\_it\\_ \\[x\\](http://e) \\# h \\!\\[i\\](u)' },
    // A backslash is escaped first, so "\|" in the input cannot un-escape the pipe.
    { name: 'backslash before pipe', text: '\\|', want: '\\\\\\|' },
    // Plain text passes unchanged.
    { name: 'plain', text: 'HTTP 500: upstream timed out', want: 'HTTP 500: upstream timed out' },
  ])('$name', ({ text, want }) => {
    expect(escapeMd(text)).toBe(want);
    expect(escapeMd(text)).not.toMatch(/(?<!\\)[<>|`\n\r]/);
  });

  it('truncates to max characters (default 200) with an ellipsis, before escaping', () => {
    expect(escapeMd('x'.repeat(200))).toBe('x'.repeat(200));
    expect(escapeMd('x'.repeat(300))).toBe(`${'x'.repeat(200)}…`);
    expect(escapeMd('abcdef', 3)).toBe('abc…');
    // Cut at 4 characters ("a|b|"), then escaped.
    expect(escapeMd('a|b|c|d', 4)).toBe('a\\|b\\|…');
  });

  it('keeps a table intact whatever the text', () => {
    const evil = 'x | y\n| z |\r`code` <b>';
    const t = metricsTable([{ ...judgeMetric('saturation_rps', { value: 40, spread: 4 }, { value: 36, spread: 4 }, 0.05), remeasured: evil }]);
    const lines = t.split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(cellPipes(l)).toBe(8);
    expect(t).not.toContain('<b>');
  });
});

const M = (value: number, spread: number): Measured => ({ value, spread });
const verdicts = (): MetricVerdict[] => [
  judgeMetric('saturation_rps', M(40, 1), M(44, 1), 0.05), // +10 %: improvement
  judgeMetric('ttft_p99_ms', M(100, 2), M(130, 2), 0.1), // +30 %: regression
  judgeMetric('itl_p99_ms', M(10, 1), M(10.2, 1), 0.1), // +2 %: pass
  judgeMetric('cost_per_million_tokens', M(1, 0.2), M(1.1, 0.2), 0.05), // +10 % in ±28 %: inconclusive
  judgeMetric('error_rate', M(0.001, 0.001), null, 0.005), // missing now: pass
];

describe('metricsTable', () => {
  it('one row per metric, in the given order, with units, deltas, tolerances, noise and status', () => {
    const rows = metricsTable(verdicts()).split('\n');
    expect(rows[0]).toMatch(/^\| metric +\| baseline +\| this PR +\| Δ +\| tolerance +\| noise +\| status +\|$/);
    const cells = rows.slice(2).map((r) =>
      r
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    expect(cells).toEqual([
      // Saturation: lower is worse, so the tolerance shows as −5 %; noise √2/40 = 3.5 %.
      ['Saturation (req/s)', '40.0 ± 1.0', '44.0 ± 1.0', '+10.0 %', '−5.0 %', '±3.5 %', '🚀 improvement'],
      ['P99 TTFT at the operating point (ms)', '100.0 ± 2.0', '130.0 ± 2.0', '+30.0 %', '+10.0 %', '±2.8 %', '❌ regression'],
      ['P99 ITL at the operating point (ms)', '10.0 ± 1.0', '10.2 ± 1.0', '+2.0 %', '+10.0 %', '±14.1 %', '✅ pass'],
      // Cost in USD with 4 decimals.
      ['Cost per million tokens at saturation (USD)', '1.0000 ± 0.2000', '1.1000 ± 0.2000', '+10.0 %', '+5.0 %', '±28.3 %', '⚠️ inconclusive'],
      // Error rate: no unit, 4 decimals, points; a missing side shows —.
      ['Error rate at the operating point', '0.0010 ± 0.0010', '—', '—', '+0.5 pts', '—', '✅ pass'],
    ]);
  });

  it('absolute error-rate deltas and noise in points; re-measured note appended to the status', () => {
    const v = { ...judgeMetric('error_rate', M(0.001, 0.001), M(0.011, 0.002), DEFAULT_TOLERANCES.error_rate), remeasured: 'held 38 req/s' };
    const cells = metricsTable([v])
      .split('\n')[2]!
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    expect(cells.slice(3)).toEqual(['+1.0 pts', '+0.5 pts', '±0.2 pts', '❌ regression — held 38 req/s']);
  });
});

const pt = (offered: number, ttft_p99_ms: number, saturated = false): CurvePoint => ({ offered, achieved_rps: offered, ttft_p99_ms, ttft_p50_ms: ttft_p99_ms / 2, saturated });

/** The parts of each mermaid block in md. */
function parseCharts(md: string): { title: string; xs: string[]; yAxis: string; lines: number[][]; body: string[] }[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => {
    const body = ['```mermaid', ...m[1]!.split('\n'), '```'];
    const axis = body.find((l) => l.trimStart().startsWith('x-axis'))!;
    const xs = [...axis.slice(axis.indexOf('[')).matchAll(/"([^"]*)"/g)].map((x) => x[1]!);
    const lines = body
      .filter((l) => l.trimStart().startsWith('line ['))
      .map((l) =>
        l
          .slice(l.indexOf('[') + 1, l.indexOf(']'))
          .split(',')
          .map(Number),
      );
    const title = /title "(.*)"/.exec(body.find((l) => l.includes('title'))!)![1]!;
    return { title, xs, yAxis: body.find((l) => l.trimStart().startsWith('y-axis'))!, lines, body };
  });
}

describe('latencyChart: measured points only', () => {
  it('different loads: one chart per run, each on its own loads, nothing interpolated or carried flat', () => {
    const base = [pt(10, 100), pt(20, 200), pt(40, 300)];
    const cur = [pt(10, 120), pt(30, 360)];
    const md = latencyChart(base, cur, 'rate');
    const charts = parseCharts(md);
    expect(charts).toHaveLength(2);
    for (const c of charts) {
      expect(c.body[1]).toBe('xychart-beta');
      expect(c.body.find((l) => l.includes('x-axis'))).toContain('"offered load (req/s)"');
      expect(c.lines).toHaveLength(1);
      expect(c.lines[0]).toHaveLength(c.xs.length);
      // The same y range on both, so they compare by eye: 0 to 110 % of the highest point.
      expect(c.yAxis).toBe('  y-axis "P99 TTFT (ms)" 0 --> 396');
    }
    expect(charts[0]!.title).toMatch(/^Baseline/);
    expect(charts[0]!.xs).toEqual(['10', '20', '40']);
    expect(charts[0]!.lines[0]).toEqual([100, 200, 300]);
    expect(charts[1]!.title).toMatch(/^This PR/);
    // The PR never tried 20 or 40: no value is drawn there (the old chart carried 360 flat to 40).
    expect(charts[1]!.xs).toEqual(['10', '30']);
    expect(charts[1]!.lines[0]).toEqual([120, 360]);
  });

  it('the same loads on both: one chart, two lines, latencies to one decimal; concurrency in users', () => {
    const md = latencyChart([pt(1, 10.04), pt(3, 20.06)], [pt(3, 33.333), pt(1, 12)], 'concurrency');
    const charts = parseCharts(md);
    expect(charts).toHaveLength(1);
    expect(md).toContain('"offered load (users)"');
    expect(charts[0]!.xs).toEqual(['1', '3']);
    expect(charts[0]!.lines).toEqual([
      [10, 20.1],
      [12, 33.3],
    ]);
  });

  it('keeps nearby loads apart on the x axis; a load measured twice is one point (the later)', () => {
    const [c] = parseCharts(latencyChart([pt(1.01, 5), pt(1.04, 6), pt(1.04, 7)], [], 'rate'));
    expect(c!.xs).toEqual(['1.01', '1.04']);
    expect(c!.lines).toEqual([[5, 7]]);
  });

  it('one side only: one chart; a run with fewer than two points gets no chart', () => {
    expect(parseCharts(latencyChart([], [pt(1, 5), pt(2, 6)], 'rate')).map((c) => c.lines)).toEqual([[[5, 6]]]);
    const one = parseCharts(latencyChart([pt(5, 1)], [pt(5, 2), pt(9, 3)], 'rate'));
    expect(one).toHaveLength(1);
    expect(one[0]!.title).toMatch(/^This PR/);
    expect(latencyChart([pt(5, 1)], [pt(5, 2)], 'rate')).toBe('');
    expect(latencyChart([], [], 'rate')).toBe('');
  });
});

describe('compareMarkdown', () => {
  const baseline: Baseline = {
    schema_version: 1,
    name: 'main',
    recorded_at: '2025-01-01T00:00:00.000Z',
    fingerprint: fingerprint(),
    load: 'rate',
    metrics: { saturation_rps: M(40, 1), ttft_p99_ms: M(100, 2), itl_p99_ms: M(10, 1), cost_per_million_tokens: M(1, 0.2), error_rate: M(0.001, 0.001) },
    operating_point: { load: 'rate', value: 28 },
    saturation: { load_value: 40, bracket: [40, 44] },
    curve: [pt(10, 100), pt(20, 150), pt(40, 400, true)],
  };
  const evilName = 'sat-<img src=x onerror=alert(1)>';
  const result = gateResult({
    levels: [
      level(summary({ name: 'sat-1', offered: { kind: 'rate', value: 10 }, ttft_ms: stats({ p50: 50, p99: 110 }) })),
      level(summary({ name: evilName, offered: { kind: 'rate', value: 30 }, ttft_ms: stats({ p50: 90, p99: 500 }), requests: { sent: 100, errors: { http_5xx: 3 } } }), {
        saturated: true,
      }),
    ],
  });
  const comparison = (o: Partial<Comparison> = {}): Comparison => {
    const metrics = verdicts();
    return {
      verdict: 'regression',
      comparable: true,
      notes: [],
      sentence: 'This change raises p99 TTFT at the operating point from 100 to 130 ms (+30.0 %).',
      metrics,
      remeasured: [],
      ...o,
    };
  };

  it('starts with the verdict line and the sentence; offending metrics first, the rest folded away', () => {
    const md = compareMarkdown('pr-42', comparison({ remeasured: ['Saturation was borderline | held'] }), baseline, result);
    const lines = md.split('\n');
    expect(lines[0]).toBe('## llm-loadgate · pr-42: ❌ regression');
    expect(lines[2]).toBe('This change raises p99 TTFT at the operating point from 100 to 130 ms (+30.0 %).');
    const details = md.indexOf('<details><summary>Other metrics (3)</summary>');
    expect(details).toBeGreaterThan(0);
    // Regression and inconclusive (in that list order) come before the <details>, the others inside it.
    const at = (label: string): number => md.indexOf(`| ${label}`);
    expect(at('P99 TTFT')).toBeLessThan(details);
    expect(at('Cost per million')).toBeLessThan(details);
    expect(at('P99 TTFT')).toBeLessThan(at('Cost per million'));
    for (const l of ['Saturation', 'P99 ITL', 'Error rate']) expect(at(l)).toBeGreaterThan(details);
    expect(md).toContain('**Re-measured:** Saturation was borderline \\| held');
    expect(md).not.toContain('### Not comparable');
  });

  it('everything passing: all metrics in <details>', () => {
    const pass = verdicts().map((m) => ({ ...m, status: 'pass' as const }));
    const md = compareMarkdown('x', comparison({ verdict: 'pass', metrics: pass, sentence: 'ok' }), baseline, result);
    expect(md.split('\n')[0]).toBe('## llm-loadgate · x: ✅ pass');
    expect(md).toContain('<details><summary>All metrics (5)</summary>');
  });

  it('not comparable: the notes, escaped, and no metrics table', () => {
    const notes = ['hardware differs: baseline "h100", this run "<b>a100</b>"', 'model differs: baseline m, this run n'];
    const md = compareMarkdown(
      'x',
      comparison({ verdict: 'inconclusive', comparable: false, notes, metrics: [], sentence: 'This run is not comparable with the baseline.' }),
      baseline,
      result,
    );
    expect(md.split('\n')[0]).toBe('## llm-loadgate · x: ⚠️ inconclusive');
    expect(md).toContain('### Not comparable\n\n- hardware differs: baseline "h100", this run "\\<b\\>a100\\</b\\>"\n- model differs: baseline m, this run n\n');
    expect(md).not.toContain('| metric');
  });

  it('the latency chart over baseline and run curves; errors with escaped level names', () => {
    const md = compareMarkdown('x', comparison(), baseline, result);
    expect(md).toContain('### Latency vs load\n\n```mermaid\nxychart-beta');
    // Baseline offered 10, 20, 40; run 10, 30: each run charted at its own loads only.
    expect(parseCharts(md).map((c) => c.xs)).toEqual([
      ['10', '20', '40'],
      ['10', '30'],
    ]);
    const errors = md.slice(md.indexOf('### Errors'));
    expect(errors).toMatch(/^### Errors\n\n- sat-\\<img src=x onerror=alert\(1\)\\>: http\\_5xx:3\n/);
    expect(errors).not.toMatch(/(?<!\\)<img/);
    // The run name is escaped in the heading.
    expect(compareMarkdown('a|b <i>', comparison(), baseline, result).split('\n')[0]).toBe('## llm-loadgate · a\\|b \\<i\\>: ❌ regression');
    expect(md).toMatch(/<sub>baseline recorded 2025-01-01T00:00:00.000Z · llm-loadgate 0.1.0 · 1.50 load-minutes<\/sub>/);
  });
});

describe('escapeMd and mentions', () => {
  it('keeps server text from mentioning GitHub users', () => {
    // A zero-width space after @ renders the same but does not notify @octocat.
    expect(escapeMd('ping @octocat')).toBe('ping @\u200boctocat');
  });
});
