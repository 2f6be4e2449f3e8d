/**
 * The published JSON Schemas against real outputs: a `load` results.json written by runLoad, a gate
 * run directory written by executeGate against the simulator, and a baseline from toBaseline. Each
 * schema also gets a negative case, so a schema that accepts anything would fail here.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseLoadArgs, runLoad } from '../../src/cli/load.js';
import { executeGate } from '../../src/app/execute.js';
import type { GateResult } from '../../src/results/types.js';
import { toBaseline, validateBaseline } from '../../src/baseline/baseline.js';
import { buildConfig } from '../../src/config/parse.js';
import { OUTCOMES } from '../../src/metrics/record.js';
import { LATENCY_METRICS } from '../../src/metrics/aggregate.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
type Json = Record<string, any>;
const schemaFile = (name: string): Json => JSON.parse(readFileSync(join(ROOT, 'schema', `${name}.schema.json`), 'utf8')) as Json;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'lg-schema-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// strict: unknown keywords or formats in a schema are errors, not silently ignored. (strictRequired is
// off: the load schema requires the merged fields in an if/then branch that does not repeat them.)
const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true });
const compile = (name: string): ValidateFunction => ajv.compile(schemaFile(name));
const errorsOf = (v: ValidateFunction, doc: unknown): string[] => (v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));

const validateLoad = compile('load-results');
const validateGate = compile('gate-results');
const validateBaselineSchema = compile('baseline');

let sim: RunningSim;
let loadDoc: Json;
let cancelledDoc: Json;
let emptyDoc: Json;
let gateDir: string;
let gateResult: GateResult;

beforeAll(async () => {
  sim = await startSim({ port: 0, profile: 'tiny' });
  const base = ['--target', sim.url, '--model', 'tiny', '--max-tokens', '16', '--goodput-ttft-ms', '500'];

  const out = tmp();
  await runLoad(parseLoadArgs([...base, '--rate', '10,20', '--duration', '1s', '--out', out]), new AbortController().signal, () => {});
  loadDoc = readJson(join(out, 'results.json'));

  const cOut = tmp();
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 400);
  await runLoad(parseLoadArgs([...base, '--concurrency', '4', '--duration', '5s', '--max-tokens', '200', '--out', cOut]), ac.signal, () => {});
  cancelledDoc = readJson(join(cOut, 'results.json'));

  const eOut = tmp();
  const aborted = new AbortController();
  aborted.abort();
  await expect(runLoad(parseLoadArgs([...base, '--rate', '5', '--out', eOut]), aborted.signal, () => {})).rejects.toMatchObject({ code: 130 });
  emptyDoc = readJson(join(eOut, 'results.json'));

  const config = buildConfig(
    {
      name: 'schema-test',
      target: { url: sim.url, model: 'tiny', label: 'ci', hardware: 'sim' },
      // Short unique prompts: a fast run.
      workload: { mix: { short: { weight: 1, input: 64, output: 16 } } },
      warmup: { requests: 2 },
      baseline: { rate: 2, duration: '1s' },
      // Levels of 1 s (min_requests 5: the default 50 would stretch 5 req/s to 10 s).
      saturation: { strategy: 'steps', load: 'rate', levels: [5, 10], level_duration: '1s', min_requests: 5 },
      sla_validation: { rate: 4, duration: '1s' },
      sla: { ttft_p99_ms: 1000, itl_p99_ms: 200, error_rate: 0.01 },
      cost: { gpus: 1, gpu_hour_usd: 2.5 },
      // What is checked is the files' shape: a level must not turn invalid for a busy machine's send lag.
      run: { out: tmp(), requests_log: true, max_send_lag_ms: 1000 },
    },
    'schema-test',
  );
  const run = await executeGate(config, new AbortController().signal, { line: () => {}, level: () => {}, bar: () => {} });
  gateDir = run.written.dir;
  gateResult = run.result;
}, 30_000);

afterAll(() => sim?.close());

describe('load results.json', () => {
  test('a multi-level run validates, top level and levels', () => {
    expect(loadDoc.levels).toHaveLength(2);
    expect(loadDoc.requests.sent).toBeGreaterThan(0);
    expect(errorsOf(validateLoad, loadDoc)).toEqual([]);
  });

  test('a cancelled run validates, and so does one cancelled before any level', () => {
    expect(cancelledDoc.status).toBe('cancelled');
    expect(cancelledDoc.requests.errors.cancelled).toBeGreaterThan(0);
    expect(errorsOf(validateLoad, cancelledDoc)).toEqual([]);
    expect(emptyDoc).toMatchObject({ status: 'cancelled', levels: [] });
    expect(errorsOf(validateLoad, emptyDoc)).toEqual([]);
  });

  test.each([
    ['requests.sent', (d: Json) => delete d.requests.sent],
    ['requests.errors', (d: Json) => delete d.requests.errors],
    ['achieved_rps', (d: Json) => delete d.achieved_rps],
    ['output_tokens_per_s', (d: Json) => delete d.output_tokens_per_s],
    ['ttft_ms.p99', (d: Json) => delete d.ttft_ms.p99],
    ['send_lag_ms.mean', (d: Json) => delete d.send_lag_ms.mean],
    ['levels[1].e2e_ms.p95', (d: Json) => delete d.levels[1].e2e_ms.p95],
    ['levels[0].itl_ms', (d: Json) => delete d.levels[0].itl_ms],
    ['levels[0].tpot_ms.max', (d: Json) => delete d.levels[0].tpot_ms.max],
    ['status', (d: Json) => delete d.status],
  ])('without %s it is invalid', (_, drop) => {
    const d = clone(loadDoc);
    drop(d);
    expect(validateLoad(d)).toBe(false);
  });

  test('an error kind outside the list, a wrong status or an unknown field is invalid', () => {
    const a = clone(loadDoc);
    a.requests.errors.http_418 = 1;
    expect(validateLoad(a)).toBe(false);
    const b = clone(loadDoc);
    b.status = 'partial';
    expect(validateLoad(b)).toBe(false);
    const c = clone(loadDoc);
    c.levels[0].ttft_ms.p999 = 1;
    expect(validateLoad(c)).toBe(false);
  });

  test('error messages: kept per known kind, at most three; the new counters are integers', () => {
    const ok = clone(loadDoc);
    ok.levels[0].error_messages = { http_3xx: ['HTTP 302 to http://h/x'], overlong_stream: ['cut'], incomplete: ['still open'] };
    ok.levels[0].requests.non_streamed = 2;
    ok.levels[0].requests.distinct_prompts = 10;
    expect(errorsOf(validateLoad, ok)).toEqual([]);
    for (const bad of [{ http_418: ['x'] }, { http_5xx: ['a', 'b', 'c', 'd'] }, { http_5xx: [1] }, { http_5xx: 'x' }]) {
      const d = clone(loadDoc);
      d.levels[0].error_messages = bad;
      expect(validateLoad(d)).toBe(false);
    }
    const d = clone(loadDoc);
    d.requests.non_streamed = 0.5;
    expect(validateLoad(d)).toBe(false);
  });
});

describe('gate run directory', () => {
  test('results.json validates; its summaries carry no histograms', () => {
    const doc = readJson(join(gateDir, 'results.json'));
    expect(doc.status).toBe('complete');
    expect(doc.saturation.levels.length).toBeGreaterThanOrEqual(1);
    expect(doc.operating_point).toBeDefined();
    expect(doc.cost.at_operating_point.usd_per_hour).toBe(2.5);
    expect(JSON.stringify(doc)).not.toContain('"histograms"');
    expect(errorsOf(validateGate, doc)).toEqual([]);
    // The in-memory result is the same document before its histograms are moved out.
    expect(validateGate(clone(gateResult))).toBe(false);
  });

  test('the directory holds metadata.json, report.md, report.html, plots/, requests.jsonl and one decodable histogram file per level', () => {
    const files = readdirSync(gateDir).sort();
    expect(files).toEqual(['histograms', 'metadata.json', 'plots', 'report.html', 'report.md', 'requests.jsonl', 'results.json']);
    // The visual report: one page, and PNG plots (at least the latency and throughput charts).
    expect(readFileSync(join(gateDir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const plots = readdirSync(join(gateDir, 'plots')).sort();
    expect(plots).toEqual(expect.arrayContaining(['ttft.png', 'itl.png', 'e2e.png', 'throughput.png']));
    for (const p of plots)
      expect(
        readFileSync(join(gateDir, 'plots', p))
          .subarray(0, 8)
          .toString('latin1'),
        p,
      ).toBe('\x89PNG\r\n\x1a\n');
    const levels = ['baseline', ...gateResult.saturation.levels.map((l) => l.summary.name), 'operating-point'];
    expect(readdirSync(join(gateDir, 'histograms')).sort()).toEqual(levels.map((l) => `${l}.json`).sort());
    const results = readJson(join(gateDir, 'results.json'));
    const h = readJson(join(gateDir, 'histograms', 'operating-point.json'));
    expect(h.level).toBe('operating-point');
    expect(Object.keys(h.histograms).sort()).toEqual([...LATENCY_METRICS, 'request_tokens_per_s'].sort());
    // Decoding with hdr-histogram-js gives back the figures in results.json (µs → ms).
    const ttft = hdr.decodeFromCompressedBase64(h.histograms.ttft_ms);
    const stats = results.operating_point.level.summary.ttft_ms;
    expect(ttft.totalCount).toBe(stats.count);
    expect(ttft.getValueAtPercentile(99) / 1000).toBeCloseTo(stats.p99, 2);
    const rate = hdr.decodeFromCompressedBase64(h.histograms.request_tokens_per_s);
    expect(rate.getValueAtPercentile(50) / 1000).toBeCloseTo(results.operating_point.level.summary.request_tokens_per_s.p50, 2);
    const meta = readJson(join(gateDir, 'metadata.json'));
    expect(meta).toMatchObject({ status: 'complete', tool: { name: 'llm-loadgate' }, workload_hash: results.fingerprint.workload_hash });
  });

  test.each([
    ['measured', (d: Json) => delete d.measured],
    ['fingerprint.sla_hash', (d: Json) => delete d.fingerprint.sla_hash],
    ['baseline.summary.requests.ok', (d: Json) => delete d.baseline.summary.requests.ok],
    ['saturation.levels[0].summary.ttft_ms.p50', (d: Json) => delete d.saturation.levels[0].summary.ttft_ms.p50],
    ['operating_point.level.summary.output_tokens_per_s', (d: Json) => delete d.operating_point.level.summary.output_tokens_per_s],
    ['operating_point.level.summary.itl_ms.p90', (d: Json) => delete d.operating_point.level.summary.itl_ms.p90],
    ['saturation.levels[0].valid', (d: Json) => delete d.saturation.levels[0].valid],
  ])('without %s it is invalid', (_, drop) => {
    const d = readJson(join(gateDir, 'results.json'));
    drop(d);
    expect(validateGate(d)).toBe(false);
  });
});

describe('baseline', () => {
  test('toBaseline output validates, in memory and as written to disk', () => {
    const b = toBaseline(gateResult, gateResult.fingerprint);
    expect(b.metrics.saturation_rps).not.toBeNull();
    expect(errorsOf(validateBaselineSchema, b)).toEqual([]);
    const written = clone(b);
    expect(errorsOf(validateBaselineSchema, written)).toEqual([]);
    // The schema and the reader agree on this file.
    expect(() => validateBaseline(written, 'b.json')).not.toThrow();
  });

  test.each([
    ['metrics.ttft_p99_ms', (d: Json) => delete d.metrics.ttft_p99_ms],
    ['metrics.saturation_rps.spread', (d: Json) => delete d.metrics.saturation_rps.spread],
    ['fingerprint.workload_hash', (d: Json) => delete d.fingerprint.workload_hash],
    ['curve', (d: Json) => delete d.curve],
    ['recorded_at', (d: Json) => delete d.recorded_at],
  ])('without %s it is invalid (and the reader agrees where it checks)', (field, drop) => {
    const d = clone(toBaseline(gateResult, gateResult.fingerprint)) as Json;
    drop(d);
    expect(validateBaselineSchema(d)).toBe(false);
    if (field !== 'recorded_at') expect(() => validateBaseline(d, 'b.json')).toThrow();
  });
});

describe('the schemas themselves', () => {
  const all = { 'load-results': schemaFile('load-results'), 'gate-results': schemaFile('gate-results'), baseline: schemaFile('baseline') };

  test.each(Object.keys(all))('%s: draft-07, and every field has a description', (name) => {
    const s = all[name as keyof typeof all];
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Json;
      if (n.properties) for (const [k, v] of Object.entries(n.properties as Json)) if (!(v as Json).description) missing.push(`${path}.${k}`);
      for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
    };
    walk(s, '#');
    expect(missing).toEqual([]);
  });

  test('docs/results.md names every field of the level summary, the load and gate documents and the baseline', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'results.md'), 'utf8');
    const names = new Set<string>();
    const collect = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Json;
      if (n.properties) for (const k of Object.keys(n.properties as Json)) names.add(k);
      for (const v of Object.values(n)) collect(v);
    };
    for (const s of Object.values(all)) collect(s);
    // Named inside code (a span or a fenced block): `name`, `parent.name`, `{a, name?}`, `list[]`…
    const code = (doc.match(/```[\s\S]*?```|`[^`]+`/g) ?? []).join('\n');
    expect([...names].filter((k) => !new RegExp(`\\b${k}\\b`).test(code))).toEqual([]);
  });

  test('the per-level fields the brief requires are required, each latency with its statistics', () => {
    const load = all['load-results'];
    for (const level of [load.definitions.levelSummary, all['gate-results'].definitions.levelSummary]) {
      for (const k of ['requests', 'achieved_rps', 'output_tokens_per_s', 'ttft_ms', 'itl_ms', 'tpot_ms', 'e2e_ms', 'send_lag_ms']) expect(level.required).toContain(k);
      expect(level.properties.requests.required).toEqual(expect.arrayContaining(['sent', 'ok', 'errors']));
      expect(level.properties.requests.properties.errors.propertyNames.enum).toEqual(OUTCOMES.filter((o) => o !== 'ok'));
      expect(level.properties.error_messages.propertyNames.enum).toEqual(OUTCOMES.filter((o) => o !== 'ok'));
    }
    expect(load.then.required).toEqual(expect.arrayContaining(['requests', 'achieved_rps', 'ttft_ms', 'e2e_ms', 'send_lag_ms']));
    for (const s of [load, all['gate-results']]) expect(s.definitions.stats.required).toEqual(expect.arrayContaining(['p50', 'p90', 'p95', 'p99', 'max', 'mean']));
  });
});
