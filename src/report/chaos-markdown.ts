/**
 * The chaos phase in markdown: its figures, its rules, and a compact per-second table (a few
 * seconds before the injection through a few after the recovery; steady stretches elided) with the
 * injection, detection and recovery marked. Pure.
 */
import { markdownTable } from 'markdown-table';
import type { ChaosResult } from '../results/chaos.js';
import { errorCount, errorRate } from '../metrics/chaos-timeline.js';
import { escapeMd } from './table.js';

const ms = (x: number | null): string => (x === null ? '—' : `${x < 10 ? x.toFixed(2) : x.toFixed(1)}`);
const sec = (x: number | null): string => (x === null ? '—' : `${x.toFixed(1)} s`);

export function chaosMarkdown(r: ChaosResult): string {
  const out: string[] = ['### Chaos', ''];
  const load = `${r.load.value} ${r.load.kind === 'rate' ? 'req/s' : 'users'}`;
  out.push(
    `Fault: ${escapeMd(r.fault, 200)}, under ${load}${r.injected_at_s !== null ? `, injected at ${r.injected_at_s.toFixed(1)} s` : ''}${r.restored_at_s !== undefined ? `, restored at ${r.restored_at_s.toFixed(1)} s` : ''}.`,
    '',
  );
  if (r.status === 'fault_failed') out.push(`> **The fault could not be injected:** ${escapeMd(r.error ?? '', 600)}`, '');
  if (r.status === 'cancelled') out.push('> Cancelled: the figures cover what ran.', '');
  const rows = chaosFigureRows(r);
  if (rows.length) out.push(markdownTable([['figure', 'value'], ...rows], { align: ['l', 'l'] }), '');
  if (r.sla.checks.length) {
    out.push(
      markdownTable(
        [
          ['rule', 'actual', 'limit', 'result'],
          ...r.sla.checks.map((c) => [c.rule, String(c.actual), `${c.bound === 'max' ? '≤' : '≥'} ${c.limit}`, c.pass ? 'PASS' : '**FAIL**']),
        ],
        { align: ['l', 'r', 'r', 'l'] },
      ),
      '',
    );
  }
  out.push(timelineTable(r), '');
  for (const n of r.notes) out.push(`- ${escapeMd(n, 400)}`);
  return `${out.join('\n').trimEnd()}\n`;
}

/** The figures as [name, value] rows (plain text), for the markdown and the HTML report. */
export function chaosFigureRows(r: ChaosResult): string[][] {
  const f = r.figures;
  if (!f) return [];
  const kinds = Object.entries(f.error_burst.kinds)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
  return [
    ['Time to detect', f.detected ? `${sec(f.detect_s)} (${f.detected_by.join(', ')})` : 'not detected: no second left the pre-fault noise'],
    ['Time to recover', f.recovered ? sec(f.recovery_s) : `not recovered within ${f.held_s - Math.floor(f.injected_at_s)} s of held load`],
    ['Error burst', `${f.error_burst.count}${kinds ? ` (${kinds})` : ''}`],
    ['Requests lost (started, never completed)', String(f.lost_requests)],
    ['Throughput dip (min / pre-fault)', f.throughput_dip === null ? '—' : `${(f.throughput_dip * 100).toFixed(0)} %`],
    [
      'Pre-fault reference',
      `${f.pre_fault.throughput_rps} req/s ± ${f.pre_fault.throughput_sd}, P99 TTFT ${ms(f.pre_fault.ttft_p99_ms)} ms, error rate ${(f.pre_fault.error_rate * 100).toFixed(2)} % (seconds ${f.pre_fault.from_s}–${f.pre_fault.to_s})`,
    ],
  ];
}

/** Seconds around the events in full, the rest elided to one row per steady stretch. */
function timelineTable(r: ChaosResult): string {
  const t = r.timeline;
  const f = r.figures;
  const inj = r.injected_at_s === null ? -1 : Math.floor(r.injected_at_s);
  const det = f?.detected && f.detect_s !== null ? Math.round(inj + f.detect_s - 1) : -1;
  const rec = f?.recovered && f.detected && f.recovery_s !== null ? Math.ceil(inj + f.recovery_s) : -1;
  const keep = (i: number): boolean =>
    i === 0 || i === t.length - 1 || [inj, det, rec].some((e) => e >= 0 && i >= e - 2 && i <= e + 2) || (inj >= 0 && i > inj && (rec < 0 ? i <= (f?.held_s ?? t.length) : i < rec));
  const head = ['s', 'mark', 'sent', 'ok/s', 'errors', 'cut', 'TTFT p50', 'TTFT p99', 'ITL p99'];
  const rows: string[][] = [];
  let skipped = 0;
  t.forEach((s, i) => {
    if (!keep(i)) {
      skipped++;
      return;
    }
    if (skipped) rows.push([`…`, `${skipped} s elided`, '', '', '', '', '', '', '']);
    skipped = 0;
    const marks = [i === inj ? '◀ injection' : '', i === det ? 'detected' : '', i === rec ? 'recovered ▶' : '', f && i >= f.held_s ? 'drain' : ''].filter(Boolean).join(', ');
    const e = errorCount(s);
    const kinds = Object.entries(s.errors)
      .map(([k, n]) => `${k}:${n}`)
      .join(' ');
    rows.push([
      String(s.t),
      marks,
      String(s.sent),
      String(s.ok),
      e ? `${e} (${(errorRate(s) * 100).toFixed(0)} %) ${kinds}` : '0',
      String(s.cut),
      ms(s.ttft_p50_ms),
      ms(s.ttft_p99_ms),
      ms(s.itl_p99_ms),
    ]);
  });
  if (skipped) rows.push([`…`, `${skipped} s elided`, '', '', '', '', '', '', '']);
  return `Per second (latencies in ms, by when the token came; errors and ok by when the request ended):\n\n${markdownTable([head, ...rows], { align: ['r', 'l', 'r', 'r', 'l', 'r', 'r', 'r', 'r'] })}`;
}
