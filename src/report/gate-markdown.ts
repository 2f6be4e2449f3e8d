/**
 * report.md for one gate run: the answer first (saturation, operating point, SLA, cost), then
 * every level, the SLA checks and the errors. A pure function of the result.
 */
import { chaosMarkdown } from './chaos-markdown.js';
import { markdownTable } from 'markdown-table';
import type { GateResult, LevelResult } from '../results/types.js';
import type { SlaCheck } from '../verdict/sla.js';
import { errorsLabel, offeredLabel } from './table.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import { escapeMd } from './table.js';
import { RESOURCE_LABELS, formatServerWindow } from '../servermetrics/index.js';

const f1 = (x: number): string => x.toFixed(1);
const usd = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`);

export function headline(r: GateResult): string {
  const s = r.saturation;
  const unit = s.load === 'rate' ? 'req/s' : 'users';
  const parts: string[] = [];
  if (r.mode === 'capacity-at-sla') {
    parts.push(
      s.load_value === null
        ? 'No level met the SLA.'
        : `Capacity at SLA: **${s.load_value} ${unit}** (${f1(s.rps ?? 0)} req/s sustained); the SLA breaks at ${s.bracket[1] ?? 'no level tried'}${s.bracket[1] !== null ? ` ${unit}` : ''}.`,
    );
  } else if (s.rps === null) {
    parts.push(s.bracket[1] !== null ? `Saturated already at the lowest level tried (${s.bracket[1]} ${unit}).` : 'Saturation was not reached.');
  } else {
    const b2 = (x: number | null): string => (x === null ? '—' : String(Number(x.toFixed(2))));
    const bracket =
      s.bracket[1] === null
        ? `not saturated up to ${b2(s.bracket[0])} ${unit}`
        : `bracket [${b2(s.bracket[0])}, ${b2(s.bracket[1])}] ${unit}, precision ±${((s.precision ?? 0) * 100).toFixed(0)}%`;
    // The same rounding as the bracket (two decimals), so 55.95 never reads 55.9 beside "[55.95, …]".
    const rps = Number(s.rps.toFixed(1)) === Number(s.rps.toFixed(2)) ? f1(s.rps) : b2(s.rps);
    parts.push(`Saturation: **${rps} req/s** (${bracket}).`);
  }
  if (r.operating_point) {
    const op = r.operating_point;
    // pass null: the hold's checks were not decided (a sharded hold whose shards did not run together).
    const verdict = r.sla.checks.length === 0 ? 'no SLA rules' : r.sla.pass === null ? 'SLA **not judged**' : r.sla.pass ? 'SLA **PASS**' : 'SLA **FAIL**';
    parts.push(`Operating point ${Number(op.value.toFixed(2))} ${op.load === 'rate' ? 'req/s' : 'users'}: ${verdict}, P99 TTFT ${f1(op.level.summary.ttft_ms.p99)} ms.`);
  }
  if (s.bottleneck) parts.push(`Bottleneck: **${RESOURCE_LABELS[s.bottleneck.resource] ?? s.bottleneck.resource}**. ${s.bottleneck.evidence.replace(/\.?$/, '.')}`);
  if (r.cost?.at_operating_point) parts.push(`Cost ${usd(r.cost.at_operating_point.usd_per_million_tokens)} per million tokens at the operating point.`);
  if (r.status === 'cancelled') parts.push('**Run cancelled: partial results.**');
  return parts.join(' ');
}

function statusOf(l: LevelResult): string {
  // Requests end as `cancelled` only when the run is stopped: such a level was cut short, not judged.
  if (l.summary.requests.errors.cancelled) return 'cut short by cancellation (not judged)';
  if (!l.valid) return `invalid: ${l.invalid_reason}`;
  if (l.phase === 'baseline') return 'baseline';
  if (l.phase === 'operating_point') return l.sla_checks.every((c) => c.pass) ? 'operating point ✓' : 'operating point ✗';
  return l.saturated ? `saturated: ${l.reasons.join('; ')}` : 'ok';
}

export function levelsMarkdown(levels: LevelResult[], breakpoint?: number | null): string {
  const withServer = levels.some((l) => l.server);
  const head = [
    'level',
    'offered',
    'achieved req/s',
    'ok %',
    'TTFT p50',
    'TTFT p95',
    'TTFT p99',
    'ITL p99',
    'TPOT p50',
    'out tok/s',
    'goodput req/s',
    '$/M tok',
    ...(withServer ? ['server (KV · prefix hit · running · waiting · GPU)'] : []),
    'status',
  ];
  const rows = levels.map((l) => {
    const s = l.summary;
    const mark = breakpoint !== undefined && breakpoint !== null && s.offered.value === breakpoint && l.phase === 'saturation' ? ' ◀ breakpoint' : '';
    return [
      s.name,
      offeredLabel(s) + mark,
      s.achieved_rps.toFixed(2),
      (s.success_rate * 100).toFixed(1),
      f1(s.ttft_ms.p50),
      f1(s.ttft_ms.p95),
      f1(s.ttft_ms.p99),
      f1(s.itl_ms.p99),
      s.tpot_ms.p50.toFixed(2),
      s.output_tokens_per_s.toFixed(0),
      s.goodput_rps.toFixed(2),
      usd(l.cost?.usd_per_million_tokens),
      ...(withServer ? [formatServerWindow(l.server)] : []),
      statusOf(l),
    ];
  });
  return markdownTable([head, ...rows]);
}

export function slaMarkdown(checks: SlaCheck[]): string {
  if (checks.length === 0) return '_No SLA rules configured._';
  return markdownTable([
    ['rule', 'actual', 'limit', 'result'],
    ...checks.map((c) => [c.rule, String(c.actual), `${c.bound === 'max' ? '≤' : '≥'} ${c.limit}`, c.pass ? 'PASS' : 'FAIL']),
  ]);
}

/**
 * A level's line of the Errors section: counts by kind, then the first messages of each kind
 * (already truncated and scrubbed by the client; escaped here), and answers that came unstreamed.
 */
export function errorLines(s: LevelSummary): string[] {
  const out: string[] = [];
  if (errorsLabel(s) !== '—') {
    out.push(`- ${s.name}: ${errorsLabel(s)}`);
    for (const [kind, ms] of Object.entries(s.error_messages ?? {})) out.push(`  - \`${kind}\`: ${ms.map((m) => `“${escapeMd(m, 200)}”`).join(' · ')}`);
  }
  if (s.requests.non_streamed) out.push(`- ${s.name}: ${s.requests.non_streamed} ok answers came as one JSON body, not streamed (their TTFT = E2E)`);
  return out;
}

export function gateMarkdown(r: GateResult): string {
  const levels = [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels, ...(r.operating_point ? [r.operating_point.level] : [])];
  const errors = levels.flatMap((l) => errorLines(l.summary));
  const out = [
    `## llm-loadgate: ${r.name}`,
    '',
    headline(r),
    '',
    `Target model \`${r.target.model}\` · ${r.saturation.strategy} over ${r.saturation.load} · ${r.load_minutes.toFixed(2)} load-minutes · llm-loadgate ${r.tool.version}`,
    '',
    '### Levels',
    '',
    levelsMarkdown(levels, r.mode === 'capacity-at-sla' ? r.saturation.load_value : undefined),
    '',
    '### SLA at the operating point',
    '',
    r.operating_point ? slaMarkdown(r.sla.checks) : '_No operating point was run._',
    '',
    '### Errors',
    '',
    errors.length ? errors.join('\n') : '_None._',
    '',
    `Warmup: ${r.warmup.ok}/${r.warmup.requests} ok${
      Object.keys(r.warmup.errors).length
        ? ` (${Object.entries(r.warmup.errors)
            .map(([k, v]) => `${k}:${v}`)
            .join(' ')})`
        : ''
    }.`,
    '',
    ...(r.chaos ? [chaosMarkdown(r.chaos)] : []),
  ];
  return out.join('\n');
}
