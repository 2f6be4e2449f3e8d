/**
 * Golden files for the markdown renderers: the gate report (gateMarkdown), the comparison
 * (compareMarkdown) and the A/B report (abMarkdown), rendered from fixed results of real simulator
 * runs (test/report/fixtures) and compared byte for byte with test/report/golden/*.md. A renderer
 * change shows up here as a reviewable diff of the report a user reads.
 *
 * After an intended change: UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts, then review
 * and commit the changed .md files (see README "Tests").
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResult } from '../../src/app/compare.js';
import { buildConfig } from '../../src/config/parse.js';
import type { Baseline } from '../../src/baseline/baseline.js';
import { abMarkdown } from '../../src/report/ab-markdown.js';
import { compareMarkdown } from '../../src/report/compare-markdown.js';
import { gateMarkdown } from '../../src/report/gate-markdown.js';
import type { AbResult, GateResult } from '../../src/results/types.js';
import { DEFAULT_TOLERANCES } from '../../src/verdict/compare.js';

const FIX = join(import.meta.dirname, 'fixtures');
const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const read = <T>(file: string): T => JSON.parse(readFileSync(join(FIX, file), 'utf8')) as T;

/** Compares with golden/<name>.md, or (UPDATE_GOLDEN=1) writes it. */
function golden(name: string, actual: string): void {
  const file = join(GOLDEN, `${name}.md`);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts and commit it`);
  // toBe shows a line diff; the hint says how to accept an intended change.
  expect(actual, `${name}.md differs from the golden file (intended? UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts)`).toBe(readFileSync(file, 'utf8'));
}

describe('markdown renderers against golden files', () => {
  const gate = read<GateResult>('gate-results.json');
  const baseline = read<Baseline>('baseline.json');

  it('gate report (gateMarkdown)', () => {
    golden('gate-report', gateMarkdown(gate));
  });

  it('comparison against the fixture baseline (compareMarkdown)', () => {
    const comparison = compareResult(baseline, gate.measured, gate.fingerprint, { tolerances: DEFAULT_TOLERANCES });
    golden('comparison', compareMarkdown(gate.name, comparison, baseline, gate));
  });

  it('A/B report (abMarkdown), with and without the engine prefix-cache column', () => {
    const ab = read<AbResult>('ab-results.json');
    golden('ab-report', abMarkdown(ab, []));
    // With an SLA on P99 TTFT and the engine's prefix hit rate per level.
    const rules = buildConfig({ name: 'ab', target: { url: 'http://sim.invalid', model: 'tiny' }, sla: { ttft_p99_ms: 500, itl_p99_ms: 50 } }, 'golden').sla;
    const hit = (side: 0 | 1, level: string): number | undefined => ab.sides[side].levels.find((l) => l.summary.name === level)?.server?.prefix_cache_hit_rate;
    golden('ab-report-sla-cache', abMarkdown(ab, rules, hit));
  });

  it('rendering is a pure function of the results: twice the same text', () => {
    expect(gateMarkdown(read<GateResult>('gate-results.json'))).toBe(gateMarkdown(gate));
  });
});
