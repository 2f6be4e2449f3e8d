/**
 * The report's charts: Vega-Lite specs built from a run (pure functions, so they are tested with
 * hand-built inputs), rendered headlessly to SVG by Vega (`renderer: 'none'`, no browser, no
 * canvas) and from SVG to PNG by resvg compiled to WebAssembly (no native build, one binary for
 * every platform). Vega and resvg are loaded on first use only, so commands that draw nothing do
 * not pay for them.
 *
 * Every chart is drawn at the loads that were measured: a baseline's curve and this run's levels
 * are separate series, each with its own points, never interpolated onto the other's loads.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LevelResult } from '../results/types.js';
import type { CurvePoint } from '../baseline/baseline.js';
import type { SlaCheck } from '../verdict/sla.js';
import type { Bottleneck } from '../servermetrics/bottleneck.js';
import type { ChaosResult } from '../results/chaos.js';

/** One run's levels as the charts see them (this run, or one side of an A/B). */
export interface ChartRun {
  label: string;
  levels: LevelResult[];
}

export interface ChartInput {
  load: 'rate' | 'concurrency';
  runs: ChartRun[];
  /** A recorded baseline's curve (P50/P99 TTFT and achieved req/s at its own loads). */
  baseline?: { label: string; curve: CurvePoint[] };
  /** [last good, first saturated] of the (first) run. */
  bracket?: [number | null, number | null];
  /** Offered load of each run's operating point (or capacity, for A/B), with its label. */
  marks?: Array<{ value: number; label: string }>;
  sla?: SlaCheck[];
  bottleneck?: Bottleneck;
  /** The chaos phase, drawn as a per-second timeline. */
  chaos?: ChaosResult;
}

export interface Chart {
  /** File-safe id: plots/<id>.png, and the figure's id in report.html. */
  id: string;
  title: string;
  spec: Record<string, unknown>;
}

const WIDTH = 520;
const HEIGHT = 260;
const PERCENTILES = ['p50', 'p95', 'p99'] as const;
const LATENCIES = [
  { id: 'ttft', metric: 'ttft_ms', title: 'Time to first token' },
  { id: 'itl', metric: 'itl_ms', title: 'Inter-token latency' },
  { id: 'e2e', metric: 'e2e_ms', title: 'End-to-end latency' },
] as const;

const CONFIG = {
  background: 'white',
  font: 'sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', columns: 3, labelLimit: 220 },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
};

const r4 = (x: number): number => Number(x.toPrecision(4));

function loadTitle(load: ChartInput['load']): string {
  return load === 'rate' ? 'offered load (req/s)' : 'offered load (concurrent users)';
}

/** Levels whose offered load is in the chart's unit (a rate baseline has no place on a users axis). */
function levelsOf(run: ChartRun, load: ChartInput['load']): LevelResult[] {
  return run.levels.filter((l) => l.summary.offered.kind === load).sort((a, b) => a.summary.offered.value - b.summary.offered.value);
}

function status(l: LevelResult): string {
  if (!l.valid) return 'invalid';
  return l.saturated ? 'saturated' : 'ok';
}

function base(title: string, subtitle: string | undefined, layers: Array<Record<string, unknown>>, yTitle: string): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle ? { text: title, subtitle } : title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: layers,
    usermeta: { yTitle },
  };
}

/** The saturation bracket (shaded), the operating points (vertical rules) and horizontal limits. */
function annotations(input: ChartInput, limits: Array<{ y: number; label: string }>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const [lo, hi] = input.bracket ?? [null, null];
  if (lo !== null && hi !== null && hi > lo) {
    out.push({
      data: { values: [{ x: lo, x2: hi, label: 'saturation bracket' }] },
      mark: { type: 'rect', color: '#f58518', opacity: 0.12 },
      encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'x2' } },
    });
    out.push({
      data: { values: [{ x: hi, label: 'saturated' }] },
      mark: { type: 'text', align: 'right', baseline: 'top', dx: -3, dy: 3, y: 0, color: '#b85c00', fontSize: 10 },
      encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  for (const m of input.marks ?? []) {
    out.push({
      data: { values: [{ x: m.value, label: m.label }] },
      mark: { type: 'rule', color: '#2a9d4a', strokeWidth: 1.5 },
      encoding: { x: { field: 'x', type: 'quantitative' } },
    });
    out.push({
      data: { values: [{ x: m.value, label: m.label }] },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 16, y: 0, color: '#1e7a38', fontSize: 10 },
      encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  for (const l of limits) {
    out.push({ data: { values: [l] }, mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'y', type: 'quantitative' } } });
    out.push({
      data: { values: [l] },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, x: 0, color: '#d62728', fontSize: 10 },
      encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  return out;
}

interface Row {
  x: number;
  y: number;
  series: string;
  run: string;
  status: string;
}

/** Lines with a point per measured level; colour by run when there are several, else by series. */
function lines(rows: Row[], multiRun: boolean, xTitle: string, yTitle: string, opts: { format?: string; log?: boolean } = {}): Array<Record<string, unknown>> {
  const colour = multiRun ? 'run' : 'series';
  const dash = multiRun ? 'series' : 'run';
  const dashes = new Set(rows.map((r) => r[dash])).size > 1;
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false, nice: true } };
  const y = { field: 'y', type: 'quantitative', title: yTitle, ...(opts.format ? { axis: { format: opts.format } } : {}), ...(opts.log ? { scale: { type: 'log' } } : {}) };
  const detail = [{ field: 'run' }, { field: 'series' }];
  const color = { field: colour, type: 'nominal', title: null };
  return [
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, ...(dashes ? { strokeDash: { field: dash, type: 'nominal', title: null } } : {}), detail },
    },
    {
      data: { values: rows },
      mark: { type: 'point', filled: true, size: 40 },
      encoding: {
        x,
        y,
        color,
        shape: { field: 'status', type: 'nominal', title: 'level', scale: { domain: ['ok', 'saturated', 'invalid'], range: ['circle', 'triangle-up', 'cross'] } },
        detail,
      },
    },
  ];
}

/** SLA limits that belong on a latency chart: rules named like ttft_p99_ms. */
function latencyLimits(sla: SlaCheck[] | undefined, id: string): Array<{ y: number; label: string }> {
  const out: Array<{ y: number; label: string }> = [];
  for (const c of sla ?? []) {
    const m = /^([a-z0-9]+)_(p\d+|max|mean)_ms$/.exec(c.rule);
    if (m && m[1] === id) out.push({ y: c.limit, label: `SLA ${m[2]!.toUpperCase()} ≤ ${c.limit} ms` });
  }
  return out;
}

function latencyChart(input: ChartInput, which: (typeof LATENCIES)[number]): Chart | undefined {
  const rows: Row[] = [];
  for (const run of input.runs) {
    for (const l of levelsOf(run, input.load)) {
      const s = l.summary[which.metric];
      if (s.count === 0) continue;
      for (const p of PERCENTILES) if (s[p] > 0) rows.push({ x: l.summary.offered.value, y: r4(s[p]), series: p.toUpperCase(), run: run.label, status: status(l) });
    }
  }
  if (which.id === 'ttft' && input.baseline) {
    for (const c of [...input.baseline.curve].sort((a, b) => a.offered - b.offered)) {
      const st = c.saturated ? 'saturated' : 'ok';
      rows.push(
        { x: c.offered, y: r4(c.ttft_p50_ms), series: 'P50', run: input.baseline.label, status: st },
        { x: c.offered, y: r4(c.ttft_p99_ms), series: 'P99', run: input.baseline.label, status: st },
      );
    }
  }
  if (rows.length === 0) return undefined;
  const multi = input.runs.length > 1 || (which.id === 'ttft' && !!input.baseline);
  const title = `${which.title}: P50 / P95 / P99 against load`;
  const layers = [
    ...annotations(input, latencyLimits(input.sla, which.id)),
    ...lines(rows, multi, loadTitle(input.load), `${which.id.toUpperCase()} (ms, log scale)`, { log: true }),
  ];
  return { id: which.id, title, spec: base(title, which.id === 'ttft' && input.baseline ? 'baseline: P50 and P99 at its own measured loads' : undefined, layers, 'ms') };
}

function throughputChart(input: ChartInput): Chart | undefined {
  const rows: Row[] = [];
  for (const run of input.runs) {
    for (const l of levelsOf(run, input.load)) {
      rows.push({ x: l.summary.offered.value, y: r4(l.summary.achieved_rps), series: 'achieved', run: run.label, status: status(l) });
      rows.push({ x: l.summary.offered.value, y: r4(l.summary.goodput_rps), series: 'goodput', run: run.label, status: status(l) });
    }
  }
  for (const c of input.baseline?.curve ?? [])
    rows.push({ x: c.offered, y: r4(c.achieved_rps), series: 'achieved', run: input.baseline!.label, status: c.saturated ? 'saturated' : 'ok' });
  if (rows.length === 0) return undefined;
  const layers: Array<Record<string, unknown>> = annotations(input, []);
  if (input.load === 'rate') {
    // Where achieved leaves the diagonal, the endpoint stopped keeping up.
    const xs = rows.map((r) => r.x);
    const ends = [Math.min(...xs), Math.max(...xs)];
    layers.push({
      data: { values: ends.map((v) => ({ x: v, y: v })) },
      mark: { type: 'line', color: '#999', strokeDash: [2, 2], strokeWidth: 1 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
  }
  layers.push(...lines(rows, input.runs.length > 1 || !!input.baseline, loadTitle(input.load), 'req/s'));
  const title = 'Achieved throughput and goodput against offered load';
  return { id: 'throughput', title, spec: base(title, input.load === 'rate' ? 'dotted: achieved = offered' : undefined, layers, 'req/s') };
}

function tokensChart(input: ChartInput): Chart | undefined {
  const rows: Row[] = [];
  for (const run of input.runs)
    for (const l of levelsOf(run, input.load))
      rows.push({ x: l.summary.offered.value, y: r4(l.summary.output_tokens_per_s), series: 'output tokens/s', run: run.label, status: status(l) });
  if (rows.length === 0) return undefined;
  const title = 'Output tokens per second against load';
  return {
    id: 'tokens',
    title,
    spec: base(title, undefined, [...annotations(input, []), ...lines(rows, input.runs.length > 1, loadTitle(input.load), 'output tokens/s')], 'tokens/s'),
  };
}

function costChart(input: ChartInput): Chart | undefined {
  const rows: Row[] = [];
  for (const run of input.runs) {
    for (const l of levelsOf(run, input.load)) {
      const c = l.cost?.usd_per_million_tokens;
      if (c !== null && c !== undefined) rows.push({ x: l.summary.offered.value, y: r4(c), series: 'USD per million tokens', run: run.label, status: status(l) });
    }
  }
  if (rows.length === 0) return undefined;
  const title = 'Cost per million tokens (input + output) against load';
  return {
    id: 'cost',
    title,
    spec: base(title, undefined, [...annotations(input, []), ...lines(rows, input.runs.length > 1, loadTitle(input.load), 'USD / million tokens', { format: '$.3~f' })], 'USD'),
  };
}

function levelLabel(run: ChartRun, l: LevelResult, multi: boolean): string {
  const o = l.summary.offered;
  const v = `${r4(o.value)}${o.kind === 'rate' ? ' rps' : ' users'}`;
  return multi ? `${run.label} · ${v}` : `${l.summary.name} (${v})`;
}

function errorsChart(input: ChartInput): Chart {
  const multi = input.runs.length > 1;
  const rows: Array<{ level: string; kind: string; rate: number }> = [];
  const order: string[] = [];
  // A/B: both sides' levels interleaved by load, so each pair stands side by side.
  const all = input.runs.flatMap((run) => run.levels.map((l) => ({ run, l }))).sort((a, b) => a.l.summary.offered.value - b.l.summary.offered.value);
  for (const { run, l } of all) {
    const s = l.summary;
    const label = levelLabel(run, l, multi);
    order.push(label);
    const denom = Math.max(1, s.requests.sent + s.requests.dropped_overflow);
    for (const [kind, n] of Object.entries(s.requests.errors)) if (n) rows.push({ level: label, kind, rate: n / denom });
    if (s.requests.dropped_overflow) rows.push({ level: label, kind: 'dropped_overflow', rate: s.requests.dropped_overflow / denom });
  }
  const none = rows.length === 0;
  // With no error anywhere the bars are all zero: say so on the chart rather than leave it empty.
  if (none) for (const level of order) rows.push({ level, kind: 'none', rate: 0 });
  const layers: Array<Record<string, unknown>> = [
    {
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'level', type: 'nominal', sort: order, title: null, axis: { labelAngle: -35, labelLimit: 160 } },
        y: { field: 'rate', type: 'quantitative', stack: 'zero', title: 'share of requests', axis: { format: '.1~%' }, ...(none ? { scale: { domain: [0, 0.01] } } : {}) },
        color: { field: 'kind', type: 'nominal', title: 'error kind', ...(none ? { legend: null } : {}) },
      },
    },
  ];
  if (none)
    layers.push({
      data: { values: [{ t: 'no errors at any level' }] },
      mark: { type: 'text', fontSize: 14, color: '#2a9d4a', x: WIDTH / 2, y: HEIGHT / 2 },
      encoding: { text: { field: 't' } },
    });
  const limit = input.sla?.find((c) => c.rule === 'error_rate');
  if (limit)
    layers.push({
      data: { values: [{ y: limit.limit, label: `SLA error rate ≤ ${limit.limit * 100} %` }] },
      mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3] },
      encoding: { y: { field: 'y', type: 'quantitative' } },
    });
  const title = 'Errors by kind per level';
  return { id: 'errors', title, spec: base(title, undefined, layers, 'share') };
}

function serverCharts(input: ChartInput): Chart[] {
  const cache: Row[] = [];
  const queue: Row[] = [];
  for (const run of input.runs) {
    for (const l of levelsOf(run, input.load)) {
      const w = l.server;
      if (!w || w.samples === 0) continue;
      const at = (series: string, y: number | undefined, into: Row[]): void => {
        if (y !== undefined && Number.isFinite(y)) into.push({ x: l.summary.offered.value, y: r4(y), series, run: run.label, status: status(l) });
      };
      at('KV cache usage (mean)', w.kv_cache_usage?.mean, cache);
      at('KV cache usage (max)', w.kv_cache_usage?.max, cache);
      at('prefix cache hit rate', w.prefix_cache_hit_rate, cache);
      at('GPU utilisation (mean)', w.gpu_utilization?.mean, cache);
      at('running (mean)', w.requests_running?.mean, queue);
      at('running (max)', w.requests_running?.max, queue);
      at('waiting (mean)', w.requests_waiting?.mean, queue);
      at('waiting (max)', w.requests_waiting?.max, queue);
    }
  }
  const b = input.bottleneck;
  const bLevel = b ? input.runs[0]?.levels.find((l) => l.summary.name === b.level) : undefined;
  const subtitle = b ? `first to saturate: ${b.resource.replace('_', ' ')} at ${b.level}` : undefined;
  const bMark = (): Array<Record<string, unknown>> =>
    bLevel && b
      ? [
          {
            data: { values: [{ x: bLevel.summary.offered.value }] },
            mark: { type: 'rule', color: '#9467bd', strokeWidth: 2, strokeDash: [4, 2] },
            encoding: { x: { field: 'x', type: 'quantitative' } },
          },
          {
            data: { values: [{ x: bLevel.summary.offered.value, label: `bottleneck: ${b.resource.replace('_', ' ')}` }] },
            mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 30, y: 0, color: '#6a3d9a', fontSize: 10 },
            encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
          },
        ]
      : [];
  const out: Chart[] = [];
  const multi = input.runs.length > 1;
  if (cache.length) {
    const title = 'Server: KV cache usage and prefix cache hit rate';
    out.push({
      id: 'server-cache',
      title,
      spec: base(title, subtitle, [...annotations(input, []), ...bMark(), ...lines(cache, multi, loadTitle(input.load), 'share', { format: '.0%' })], 'share'),
    });
  }
  if (queue.length) {
    const title = 'Server: requests running and waiting';
    out.push({
      id: 'server-queue',
      title,
      spec: base(title, subtitle, [...annotations(input, []), ...bMark(), ...lines(queue, multi, loadTitle(input.load), 'requests')], 'requests'),
    });
  }
  return out;
}

/** Every chart the run has data for, in report order. */
export function chartsFor(input: ChartInput): Chart[] {
  const out: Chart[] = [];
  for (const which of LATENCIES) {
    const c = latencyChart(input, which);
    if (c) out.push(c);
  }
  for (const c of [throughputChart(input), tokensChart(input), costChart(input)]) if (c) out.push(c);
  out.push(errorsChart(input));
  out.push(...serverCharts(input));
  if (input.chaos && input.chaos.timeline.length > 0) out.push(chaosChart(input.chaos));
  return out;
}

/**
 * The chaos phase second by second, on seconds from the injection: throughput, errors and streams
 * cut (left axis, per second) and P99 TTFT (right axis), with the injection, the detection and the
 * recovery as vertical rules.
 */
export function chaosChart(c: ChaosResult): Chart {
  const inj = c.injected_at_s ?? 0;
  const x = (t: number): number => r4(t - inj);
  const counts: Array<{ x: number; y: number; series: string }> = [];
  const ttft: Array<{ x: number; y: number; series: string }> = [];
  for (const s of c.timeline) {
    const errors = Object.values(s.errors).reduce<number>((a, n) => a + (n ?? 0), 0);
    counts.push({ x: x(s.t), y: s.ok, series: 'ok / s' }, { x: x(s.t), y: errors, series: 'errors / s' }, { x: x(s.t), y: s.cut, series: 'streams cut / s' });
    if (s.ttft_p99_ms !== null) ttft.push({ x: x(s.t), y: r4(s.ttft_p99_ms), series: 'P99 TTFT (ms)' });
  }
  const f = c.figures;
  const marks: Array<{ x: number; label: string; color: string }> = [];
  if (c.injected_at_s !== null) marks.push({ x: 0, label: 'injection', color: '#d62728' });
  if (f?.detected && f.detect_s !== null) marks.push({ x: f.detect_s, label: `detected ${f.detect_s} s`, color: '#f58518' });
  if (f?.detected && f.recovered && f.recovery_s !== null) marks.push({ x: f.recovery_s, label: `recovered ${f.recovery_s} s`, color: '#2a9d4a' });
  if (c.restored_at_s !== undefined) marks.push({ x: x(c.restored_at_s), label: 'restore', color: '#9467bd' });
  const xEnc = { field: 'x', type: 'quantitative', title: 'seconds from the injection' };
  const layers: Array<Record<string, unknown>> = [
    {
      layer: [
        {
          data: { values: counts },
          mark: { type: 'line', interpolate: 'step-after', point: false },
          encoding: {
            x: xEnc,
            y: { field: 'y', type: 'quantitative', title: 'requests per second' },
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              scale: { domain: ['ok / s', 'errors / s', 'streams cut / s', 'P99 TTFT (ms)'], range: ['#4c78a8', '#d62728', '#b279a2', '#72b7b2'] },
            },
          },
        },
        ...marks.flatMap((m) => [
          { data: { values: [m] }, mark: { type: 'rule', color: m.color, strokeWidth: 1.5, strokeDash: [4, 2] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
          {
            data: { values: [m] },
            mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2 + 12 * marks.indexOf(m), y: 0, color: m.color, fontSize: 10 },
            encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
          },
        ]),
      ],
    },
    ...(ttft.length
      ? [
          {
            data: { values: ttft },
            mark: { type: 'line', interpolate: 'step-after', strokeDash: [2, 2] },
            encoding: {
              x: xEnc,
              y: { field: 'y', type: 'quantitative', title: 'P99 TTFT (ms)', axis: { orient: 'right' } },
              color: { field: 'series', type: 'nominal', title: null },
            },
          },
        ]
      : []),
  ];
  const title = 'Chaos: the phase second by second';
  const subtitle = `${c.fault} under ${c.load.value} ${c.load.kind === 'rate' ? 'req/s' : 'users'}`;
  return {
    id: 'chaos-timeline',
    title,
    spec: { ...base(title, subtitle.length > 110 ? `${subtitle.slice(0, 109)}…` : subtitle, layers, 'requests per second'), resolve: { scale: { y: 'independent' } } },
  };
}

/** Vega-Lite spec → SVG text, headless (Vega's 'none' renderer: no DOM, no canvas). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const { usermeta: _ignored, ...clean } = spec;
  const compiled = vl.compile(clean as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// ---- SVG → PNG ----------------------------------------------------------------------------

type ResvgModule = typeof import('@resvg/resvg-wasm');
let resvgReady: Promise<ResvgModule> | undefined;

/**
 * Where resvg's WebAssembly binary is: beside the running bundle (a build may ship it as
 * resvg.wasm), else in node_modules as resolved from this module, the entry script or the working
 * directory. Resolved at run time through a require the bundler does not follow, so the bundle
 * stays one file.
 */
function findResvgWasm(): string | undefined {
  const { createRequire } = process.getBuiltinModule('node:module');
  const froms = [import.meta.url, process.argv[1] ? pathToFileURL(process.argv[1]).href : undefined, pathToFileURL(join(process.cwd(), 'noop.js')).href].filter(
    (x): x is string => !!x,
  );
  for (const from of froms) {
    try {
      const beside = new URL('./resvg.wasm', from);
      if (beside.protocol === 'file:' && existsSync(beside)) return beside.pathname;
    } catch {
      /* not a file URL */
    }
    try {
      return createRequire(from).resolve('@resvg/resvg-wasm/index_bg.wasm');
    } catch {
      /* not installed there */
    }
  }
  return undefined;
}

async function loadResvg(): Promise<ResvgModule> {
  resvgReady ??= (async () => {
    const wasm = findResvgWasm();
    if (!wasm) throw new Error('the PNG renderer (@resvg/resvg-wasm) is not installed here: report.html is complete, plots/*.png were skipped');
    const mod = await import('@resvg/resvg-wasm');
    await mod.initWasm(readFileSync(wasm));
    return mod;
  })();
  return resvgReady;
}

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];

let fontCache: { buffers: Uint8Array[]; family?: string } | undefined;

/** A sans-serif font for the PNG's text: resvg in WebAssembly cannot look up system fonts itself. */
function findFont(): string | undefined {
  for (const f of FONT_CANDIDATES) if (existsSync(f)) return f;
  // Any TrueType font under /usr/share/fonts, sans first.
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 4 || found.length > 50) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (/\.(ttf|otf)$/i.test(e.name)) found.push(p);
    }
  };
  walk('/usr/share/fonts', 0);
  return found.find((f) => /sans/i.test(f) && !/mono|bold|italic|oblique/i.test(f)) ?? found[0];
}

function fonts(): { buffers: Uint8Array[]; family?: string } {
  if (!fontCache) {
    const f = findFont();
    const family = f
      ? /DejaVu/i.test(f)
        ? 'DejaVu Sans'
        : /Liberation/i.test(f)
          ? 'Liberation Sans'
          : /Noto/i.test(f)
            ? 'Noto Sans'
            : /Arial/i.test(f)
              ? 'Arial'
              : undefined
      : undefined;
    fontCache = { buffers: f ? [readFileSync(f)] : [], family };
  }
  return fontCache;
}

/** SVG → PNG at twice the SVG's size (sharp on high-density screens and in chat previews). */
export async function svgToPng(svg: string): Promise<{ png: Uint8Array; fontless: boolean }> {
  const { Resvg } = await loadResvg();
  const f = fonts();
  const family = f.family ?? 'sans-serif';
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { fontBuffers: f.buffers, defaultFontFamily: family, sansSerifFamily: family } });
  const image = resvg.render();
  try {
    return { png: image.asPng(), fontless: f.buffers.length === 0 };
  } finally {
    image.free();
    resvg.free();
  }
}
