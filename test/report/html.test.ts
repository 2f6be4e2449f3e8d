/**
 * report.html and plots/*.png, from fixed results of real simulator runs (test/report/fixtures):
 * the chart specs (pure), the page (escaping, content), the PNGs decoded pixel by pixel, the
 * `report` command's errors, and the page opened in a real headless Chromium with every chart
 * area checked on a screenshot.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PNG } from 'pngjs';
import { chromium, type BrowserContext } from 'playwright-core';
// @ts-expect-error plain ESM script without types
import { findChromium } from '../../scripts/ensure-chromium.mjs';
import type { GateResult } from '../../src/results/types.js';
import type { AbResult } from '../../src/results/types.js';
import type { Baseline } from '../../src/baseline/baseline.js';
import { compareResult } from '../../src/app/compare.js';
import { DEFAULT_TOLERANCES } from '../../src/verdict/compare.js';
import { chartsFor } from '../../src/report/charts.js';
import { chartInputFor, chartsWanted, reportHtml, writeVisualReport, type ReportSource } from '../../src/report/html.js';
import { readRunSource } from '../../src/cli/report.js';
import { UsageError } from '../../src/util/errors.js';
import { main } from '../../src/cli/main.js';

const FIX = join(import.meta.dirname, 'fixtures');
const gate = (): GateResult => JSON.parse(readFileSync(join(FIX, 'gate-results.json'), 'utf8')) as GateResult;
const ab = (): AbResult => JSON.parse(readFileSync(join(FIX, 'ab-results.json'), 'utf8')) as AbResult;
const baseline = (): Baseline => JSON.parse(readFileSync(join(FIX, 'baseline.json'), 'utf8')) as Baseline;
// The same search as `npm test`'s pretest step (scripts/ensure-chromium.mjs), which installs one when missing.
const CHROMIUM = findChromium() ?? process.env.LOADGATE_CHROMIUM ?? '/usr/bin/chromium';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'loadgate-report-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function comparedSource(): ReportSource {
  const r = gate();
  const b = baseline();
  return { kind: 'gate', result: r, baseline: b, comparison: compareResult(b, r.measured, r.fingerprint, { tolerances: DEFAULT_TOLERANCES }) };
}

type Layer = { data?: { values?: Array<Record<string, unknown>> }; mark?: { type?: string } | string };
const layersOf = (spec: Record<string, unknown>): Layer[] => spec.layer as Layer[];

describe('chart specs', () => {
  it('draws every main chart of a gate run with server metrics', () => {
    const ids = chartsFor(chartInputFor({ kind: 'gate', result: gate() })).map((c) => c.id);
    expect(ids).toEqual(['ttft', 'itl', 'e2e', 'throughput', 'tokens', 'cost', 'errors', 'server-cache', 'server-queue']);
  });

  it('draws the SLA limit, the saturation bracket and the operating point on the TTFT chart', () => {
    const r = gate();
    const ttft = chartsFor(chartInputFor({ kind: 'gate', result: r })).find((c) => c.id === 'ttft')!;
    const values = layersOf(ttft.spec).flatMap((l) => l.data?.values ?? []);
    const limit = r.sla.checks.find((c) => c.rule === 'ttft_p99_ms')!;
    expect(values).toContainEqual(expect.objectContaining({ y: limit.limit }));
    expect(values).toContainEqual(expect.objectContaining({ x: r.saturation.bracket[0], x2: r.saturation.bracket[1] }));
    expect(values).toContainEqual(expect.objectContaining({ x: r.operating_point!.value, label: 'operating point' }));
  });

  it('overlays the baseline only at the loads it measured, never at invented points', () => {
    const src = comparedSource();
    const b = baseline();
    for (const id of ['ttft', 'throughput']) {
      const chart = chartsFor(chartInputFor(src)).find((c) => c.id === id)!;
      const rows = layersOf(chart.spec)
        .flatMap((l) => l.data?.values ?? [])
        .filter((v) => typeof v.run === 'string' && (v.run as string).startsWith('baseline'));
      expect(new Set(rows.map((v) => v.x))).toEqual(new Set(b.curve.map((p) => p.offered)));
      const own = layersOf(chart.spec)
        .flatMap((l) => l.data?.values ?? [])
        .filter((v) => v.run === 'this run');
      const measured = new Set(
        src.kind === 'gate' ? [src.result.baseline!, ...src.result.saturation.levels, src.result.operating_point!.level].map((l) => l.summary.offered.value) : [],
      );
      for (const v of own) expect(measured.has(v.x as number)).toBe(true);
    }
  });

  it('draws both A/B sides with their capacities', () => {
    const r = ab();
    const charts = chartsFor(chartInputFor({ kind: 'ab', result: r }));
    const ttft = charts.find((c) => c.id === 'ttft')!;
    const runs = new Set(
      layersOf(ttft.spec)
        .flatMap((l) => l.data?.values ?? [])
        .map((v) => v.run)
        .filter(Boolean),
    );
    expect(runs).toEqual(new Set(r.sides.map((s) => s.label)));
    expect(charts.map((c) => c.id)).toContain('throughput');
  });

  it('says "no errors" on the error chart of a clean run instead of leaving it empty', () => {
    const r = gate();
    const clean = {
      ...r,
      saturation: {
        ...r.saturation,
        levels: r.saturation.levels.map((l) => ({ ...l, summary: { ...l.summary, requests: { ...l.summary.requests, errors: {}, dropped_overflow: 0 } } })),
      },
      baseline: undefined,
      operating_point: undefined,
    };
    const errors = chartsFor(chartInputFor({ kind: 'gate', result: clean })).find((c) => c.id === 'errors')!;
    expect(JSON.stringify(errors.spec)).toContain('no errors at any level');
  });
});

describe('report.html', () => {
  it('escapes every string from the run and needs no network', () => {
    const r = gate();
    r.name = '<script>alert(1)</script>';
    r.target = { ...r.target, model: '"><img src=x onerror=alert(1)>' };
    const html = reportHtml({ kind: 'gate', result: r }, []);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/);
  });

  it('holds the verdict, the SLA table and every level', () => {
    const src = comparedSource();
    const html = reportHtml(src, []);
    const r = gate();
    expect(html).toContain('id="verdict"');
    expect(html).toContain('Against the baseline');
    for (const c of r.sla.checks) expect(html).toContain(`<td>${c.rule}</td>`);
    for (const l of [r.baseline!, ...r.saturation.levels, r.operating_point!.level]) expect(html).toContain(`>${l.summary.name}<`);
  });
});

describe('LOADGATE_CHARTS=off (runs whose charts nobody looks at)', () => {
  it('charts are drawn unless LOADGATE_CHARTS is 0, off, false or no', () => {
    expect(chartsWanted({})).toBe(true);
    expect(chartsWanted({ LOADGATE_CHARTS: '1' })).toBe(true);
    expect(chartsWanted({ LOADGATE_CHARTS: 'on' })).toBe(true);
    for (const v of ['0', 'off', 'OFF', 'false', 'no', ' off ']) expect(chartsWanted({ LOADGATE_CHARTS: v }), v).toBe(false);
  });

  it('without charts: report.html still written (saying why), no plots/, no note in the log', async () => {
    const dir = tmp();
    const written = await writeVisualReport(dir, comparedSource(), { charts: false });
    expect(written).toEqual({ html: join(dir, 'report.html'), plots: [], notes: [] });
    const html = readFileSync(written.html, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('charts not drawn: LOADGATE_CHARTS is off');
    expect(html).not.toMatch(/<figure class="chart"|<svg/);
    expect(existsSync(join(dir, 'plots'))).toBe(false);
  });
});

describe('writeVisualReport', () => {
  let dir: string;
  let written: Awaited<ReturnType<typeof writeVisualReport>>;
  beforeAll(async () => {
    dir = tmp();
    written = await writeVisualReport(dir, comparedSource());
  });

  it('writes one self-contained page with every chart inlined as SVG', () => {
    expect(written.notes).toEqual([]);
    const html = readFileSync(written.html, 'utf8');
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(9);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(9);
    expect(html).not.toMatch(/<script|<link|@import|url\(http/i);
  });

  it('writes a PNG per chart that decodes, is chart-sized and is not uniform', () => {
    expect(written.plots.map((p) => p.split('/').at(-1)).sort()).toEqual(readdirSync(join(dir, 'plots')).sort());
    expect(written.plots.length).toBe(9);
    for (const path of written.plots) {
      const png = PNG.sync.read(readFileSync(path));
      expect(png.width, path).toBeGreaterThanOrEqual(1000);
      expect(png.height, path).toBeGreaterThanOrEqual(500);
      let nonWhite = 0;
      const colours = new Set<number>();
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if (r < 240 || g < 240 || b < 240) nonWhite++;
        if (colours.size < 1000) colours.add((r << 16) | (g << 8) | b);
      }
      const share = nonWhite / (png.width * png.height);
      expect(share, `${path}: share of drawn pixels`).toBeGreaterThan(0.01);
      expect(share, `${path}: share of drawn pixels`).toBeLessThan(0.6);
      expect(colours.size, `${path}: distinct colours`).toBeGreaterThan(20);
    }
  });

  it('draws an A/B run with both sides', async () => {
    const d = tmp();
    const w = await writeVisualReport(d, { kind: 'ab', result: ab() });
    const html = readFileSync(w.html, 'utf8');
    for (const s of ab().sides) expect(html).toContain(s.label);
    expect(w.plots.length).toBeGreaterThanOrEqual(6);
  });
});

describe('llm-loadgate report', () => {
  it('re-draws a run directory from its results.json, with a baseline overlaid', async () => {
    const d = tmp();
    cpSync(join(FIX, 'gate-results.json'), join(d, 'results.json'));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['report', d, '--baseline', join(FIX, 'baseline.json')])).toBe(0);
    } finally {
      out.mockRestore();
    }
    expect(existsSync(join(d, 'report.html'))).toBe(true);
    expect(readFileSync(join(d, 'report.html'), 'utf8')).toContain('baseline (');
    expect(readdirSync(join(d, 'plots')).length).toBe(9);
  });

  it.each([
    ['a missing directory', (d: string) => join(d, 'nope'), /does not exist/],
    ['a directory without results.json', (d: string) => d, /has no results\.json/],
    ['a file that is not JSON', (d: string) => (writeFileSync(join(d, 'results.json'), '{oops'), d), /cannot read/],
    ['the results of "load"', (d: string) => (writeFileSync(join(d, 'results.json'), JSON.stringify({ levels: [] })), d), /not the results\.json of a gate or A\/B run/],
    ['a truncated gate result', (d: string) => (writeFileSync(join(d, 'results.json'), JSON.stringify({ kind: 'gate' })), d), /lacks saturation/],
  ])('%s is a clear usage error (exit 2, no stack trace)', async (_name, make, message) => {
    const d = tmp();
    const path = make(d);
    expect(() => readRunSource(path)).toThrow(UsageError);
    expect(() => readRunSource(path)).toThrow(message);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['report', path])).toBe(2);
      const printed = err.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toMatch(message);
      expect(printed).not.toMatch(/\n\s+at /);
    } finally {
      err.mockRestore();
    }
  });

  it('a missing baseline file is a usage error', () => {
    const d = tmp();
    cpSync(join(FIX, 'gate-results.json'), join(d, 'results.json'));
    expect(() => readRunSource(d, join(d, 'missing.json'))).toThrow(/baseline .* does not exist/);
  });
});

describe('report.html in a real headless Chromium', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set LOADGATE_CHROMIUM`);
    // A fresh profile directory (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(tmp(), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1300, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a page, and measures each chart area of its full-page screenshot. */
  async function openAndMeasure(
    html: string,
    shotPath?: string,
  ): Promise<{ problems: string[]; charts: Array<{ id: string | null; width: number; height: number; total: number; drawn: number; colours: number }> }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
    });
    await page.goto(`file://${html}`, { waitUntil: 'load' });
    const boxes = await page.$$eval('figure.chart', (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        const w = globalThis as unknown as { scrollX: number; scrollY: number };
        return { id: e.getAttribute('data-chart'), x: r.x + w.scrollX, y: r.y + w.scrollY, width: r.width, height: r.height };
      }),
    );
    const buf = await page.screenshot({ fullPage: true });
    if (shotPath) writeFileSync(shotPath, buf);
    const shot = PNG.sync.read(buf);
    await page.close();
    const charts = boxes.map((b) => {
      let drawn = 0;
      let total = 0;
      const colours = new Set<number>();
      // Inside the figure's border and padding: only what the chart itself drew.
      for (let y = Math.ceil(b.y) + 10; y < Math.floor(b.y + b.height) - 10 && y < shot.height; y++) {
        for (let x = Math.ceil(b.x) + 10; x < Math.floor(b.x + b.width) - 10 && x < shot.width; x++) {
          const i = (y * shot.width + x) * 4;
          const [r, g, bl] = [shot.data[i]!, shot.data[i + 1]!, shot.data[i + 2]!];
          total++;
          if (r < 235 || g < 235 || bl < 235) drawn++;
          if (colours.size < 200) colours.add((r << 16) | (g << 8) | bl);
        }
      }
      return { id: b.id, width: b.width, height: b.height, total, drawn, colours: colours.size };
    });
    return { problems, charts };
  }

  for (const kind of ['gate', 'ab'] as const) {
    it(`${kind}: no console errors, no network, every chart area drawn`, async () => {
      const dir = tmp();
      const w = await writeVisualReport(dir, kind === 'gate' ? comparedSource() : { kind: 'ab', result: ab() });
      const { problems, charts } = await openAndMeasure(w.html, process.env.LOADGATE_REPORT_SHOT ? `${process.env.LOADGATE_REPORT_SHOT}-${kind}.png` : undefined);
      expect(charts.length).toBeGreaterThanOrEqual(kind === 'gate' ? 9 : 6);
      for (const c of charts) {
        expect(c.width, `${c.id} width`).toBeGreaterThan(300);
        expect(c.height, `${c.id} height`).toBeGreaterThan(200);
        expect(c.total, `${c.id}: area inside the screenshot`).toBeGreaterThan(10_000);
        expect(c.drawn / c.total, `${c.id}: share of drawn pixels`).toBeGreaterThan(0.01);
        expect(c.colours, `${c.id}: distinct colours`).toBeGreaterThan(10);
      }
      expect(problems).toEqual([]);
    });
  }

  it('the pixel check sees a blank chart as blank (so it can fail)', async () => {
    const dir = tmp();
    const html = join(dir, 'report.html');
    const blank = { chart: { id: 'blank', title: 'blank', spec: {} }, svg: '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"></svg>' };
    writeFileSync(html, reportHtml({ kind: 'gate', result: gate() }, [blank]));
    const { problems, charts } = await openAndMeasure(html);
    expect(problems).toEqual([]);
    expect(charts).toHaveLength(1);
    expect(charts[0]!.drawn / charts[0]!.total).toBeLessThan(0.01);
  });
});
