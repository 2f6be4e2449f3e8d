/**
 * The A/B report: one row per level with both sides side by side, each side's capacity and
 * breakpoint marked on its own column, the latency shown per the first latency SLA rule, and
 * every outside string (labels, headline) escaped.
 */
import { describe, expect, it } from 'vitest';
import type { AbResult, AbSideResult } from '../../src/results/types.js';
import { buildConfig } from '../../src/config/parse.js';
import { abMarkdown, shownLatency } from '../../src/report/ab-markdown.js';
import { judgeMetric } from '../../src/verdict/compare.js';
import { stats, summary } from '../helpers/level-summary.js';
import { level } from '../verdict/gate-result.js';

const rulesOf = (sla: Record<string, number>) => buildConfig({ target: { url: 'http://127.0.0.1:1', model: 'm' }, sla }).sla;

/** A side's level at `users`, with TTFT p95 `p95` ms; saturated or not; optionally invalid. */
const lv = (label: string, users: number, p95: number, saturated: boolean, valid = true) =>
  level(
    summary({
      name: `${label}-${users}`,
      offered: { kind: 'concurrency', value: users },
      ttft_ms: stats({ p50: 10, p95, p99: p95 + 1 }),
      requests: { sent: 100, ok: saturated ? 90 : 100 },
    }),
    { saturated, valid },
  );

function sideOf(label: string, levels: ReturnType<typeof lv>[], capacity: number | null, breakpoint: number | null): AbSideResult {
  return { label, levels, capacity, capacity_rps: capacity, breakpoint };
}

function result(o: Partial<AbResult> = {}): AbResult {
  // A: holds 8 (and 4), breaks at 16. B: holds 16, breaks at 32. B never ran 4 (invalid at 2 instead).
  const a = sideOf('main', [lv('main', 4, 30, false), lv('main', 8, 40, false), lv('main', 16, 380, true)], 8, 16);
  const b = sideOf('pr', [lv('pr', 2, 900, false, false), lv('pr', 8, 35, false), lv('pr', 16, 60, false), lv('pr', 32, 400, true)], 16, 32);
  const metrics = [judgeMetric('saturation_rps', { value: 8, spread: 8 }, { value: 16, spread: 16 }, 0.05)];
  return {
    schema_version: 1,
    kind: 'ab',
    name: 'ab-test',
    status: 'complete',
    load: 'concurrency',
    sides: [a, b],
    headline: 'pr sustains 100 % more concurrent sessions than main at TTFT p95 ≤ 150 ms (16 vs 8).',
    verdict: 'inconclusive',
    metrics,
    sentence: 'This change raises saturation from 8.0 to 16.0 req/s (+100.0 %), within the measurement noise: inconclusive.',
    load_minutes: 0.5,
    ...o,
  };
}

/** The level table's rows as cells, keyed by the first cell. */
function rows(md: string): Map<string, string[]> {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| concurrency') || l.startsWith('| req/s'));
  const out = new Map<string, string[]>();
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    const cells = l
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    out.set(cells[0]!, cells.slice(1));
  }
  return out;
}

describe('abMarkdown', () => {
  const md = abMarkdown(result(), rulesOf({ ttft_p95_ms: 150 }));

  it('headline in bold, then the level table and the verdict of B against A', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('## llm-loadgate A/B · ab-test');
    expect(lines[2]).toBe('**pr sustains 100 % more concurrent sessions than main at TTFT p95 ≤ 150 ms (16 vs 8).**');
    expect(md).toContain('### pr judged against main: inconclusive');
    expect(md).toContain('| Saturation (req/s)');
    expect(md).toMatch(/<sub>0\.50 load-minutes<\/sub>\n$/);
  });

  it('one row per level either side ran, sorted; capacity and breakpoint marked per side', () => {
    const r = rows(md);
    expect([...r.keys()]).toEqual(['2', '4', '8', '16', '32']);
    expect(md).toMatch(/^\| concurrency +\| main TTFT p95 +\| pr TTFT p95 +\| main ok % +\| pr ok % +\|$/m);
    // Level 2: only B ran it, and it was invalid.
    expect(r.get('2')!.slice(0, 2)).toEqual(['—', '900 ms (invalid)']);
    // Level 4: only A; held, not its capacity (8 is).
    expect(r.get('4')!.slice(0, 2)).toEqual(['30 ms ✓', '—']);
    // Level 8: A's capacity; B held it too.
    expect(r.get('8')!.slice(0, 2)).toEqual(['40 ms ✓ ◀ capacity', '35 ms ✓']);
    // Level 16: A breaks, B's capacity.
    expect(r.get('16')!.slice(0, 2)).toEqual(['380 ms ✗ ◀ breaks', '60 ms ✓ ◀ capacity']);
    // Level 32: B breaks; A stopped after its breakpoint.
    expect(r.get('32')!.slice(0, 2)).toEqual(['—', '400 ms ✗ ◀ breaks']);
    // ok % per side.
    expect(r.get('16')!.slice(2)).toEqual(['90.0', '100.0']);
  });

  it('KV hit-rate columns when the engines were scraped', () => {
    const hit = (side: 0 | 1, name: string): number | undefined => (side === 0 && name === 'main-8' ? 0.42 : side === 1 && name === 'pr-16' ? 0.9 : undefined);
    const r = rows(abMarkdown(result(), rulesOf({ ttft_p95_ms: 150 }), hit));
    expect(r.get('8')!.slice(4)).toEqual(['42 %', '—']);
    expect(r.get('16')!.slice(4)).toEqual(['—', '90 %']);
  });

  it('escapes labels and headline; notes a cancelled run; rate load heads the column req/s', () => {
    const evil = result({ headline: 'B <script>x</script> | y', status: 'cancelled', load: 'rate' });
    evil.sides[1].label = 'pr|<b>';
    const out = abMarkdown(evil, []);
    expect(out).toContain('**B \\<script\\>x\\</script\\> \\| y**');
    expect(out).toMatch(/^\| req\/s +\| main TTFT p95 +\| pr\\\|\\<b\\> TTFT p95 +\| main ok % +\| pr\\\|\\<b\\> ok % +\|$/m);
    expect(out).not.toMatch(/(?<!\\)<(script|b)>/);
    expect(out).toMatch(/<sub>0\.50 load-minutes · cancelled: partial results<\/sub>/);
  });
});

describe('shownLatency', () => {
  it.each<{ sla: Record<string, number>; want: ReturnType<typeof shownLatency> }>([
    // No latency rule: TTFT p95.
    { sla: {}, want: { metric: 'ttft_ms', stat: 'p95', label: 'TTFT p95' } },
    { sla: { error_rate: 0.01 }, want: { metric: 'ttft_ms', stat: 'p95', label: 'TTFT p95' } },
    // The first latency rule decides.
    { sla: { itl_p99_ms: 50, ttft_p95_ms: 400 }, want: { metric: 'itl_ms', stat: 'p99', label: 'ITL p99' } },
    { sla: { e2e_p90_ms: 2000 }, want: { metric: 'e2e_ms', stat: 'p90', label: 'E2E p90' } },
  ])('$sla → $want.label', ({ sla, want }) => {
    expect(shownLatency(rulesOf(sla))).toEqual(want);
  });

  it('the table shows the chosen latency', () => {
    const md = abMarkdown(result(), rulesOf({ ttft_p99_ms: 500 }));
    // p99 = p95 + 1 in these levels: 381 ms at A's breakpoint.
    expect(rows(md).get('16')![0]).toBe('381 ms ✗ ◀ breaks');
    expect(md).toMatch(/\| main TTFT p99 +\|/);
  });
});
