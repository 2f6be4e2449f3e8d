/** The "Prompt cache" report section and its finding, from hand-built levels (pure functions). */
import { expect, test } from 'vitest';
import { FAR_ABOVE, cacheFindings, cacheMarkdown, workloadRecord, type CacheLevel } from '../../src/workload/cache.js';
import { parseWorkloadConfig, withSalt } from '../../src/workload/config.js';

const level = (name: string, sent: number, distinct: number | undefined, hit?: number): CacheLevel => ({
  summary: { name, requests: { scheduled: sent, sent, ok: sent, errors: {}, dropped_overflow: 0, ...(distinct === undefined ? {} : { distinct_prompts: distinct }) } },
  ...(hit === undefined ? {} : { server: { prefix_cache_hit_rate: hit } }),
});

test('unique prompts: the salt to replay, distinct prompts and engine vs expected per level, no finding near 0', () => {
  const rec = workloadRecord({ ...parseWorkloadConfig({}), salt: 77 }, 5);
  expect(rec).toEqual({ kind: 'synthetic', salt: 77, seed: 5, unique_prompts: true, expected_prefix_hit_rate: 0 });
  const md = cacheMarkdown(rec, [level('baseline', 10, 10, 0), level('sat-1', 40, 40, 0.004)]);
  expect(md).toContain('Every prompt is unique to this run (salt 77, seed 5; set `workload.salt` to replay it)');
  expect(md).toContain('| level | sent | distinct prompts | repeats | engine prefix hit | expected |');
  expect(md).toContain('| sat-1 | 40 | 40 | 0 | 0.4 % | 0 % |');
  expect(md).not.toContain('Finding');
});

test('an engine hit rate far above the expected one is a finding naming the worst level', () => {
  const rec = workloadRecord(withSalt(parseWorkloadConfig({})), 1);
  const levels = [level('sat-1', 40, 40, 0.1), level('sat-2', 80, 80, 0.62), level('sat-3', 80, 80, FAR_ABOVE + 0.01)];
  const f = cacheFindings(rec, levels);
  expect(f).toHaveLength(1);
  expect(f[0]).toMatch(/^The engine served up to 62 % of prompt tokens from its prefix cache \(sat-2; 2 levels far above\) where this workload should give about 0 %/);
  expect(cacheMarkdown(rec, levels)).toContain(`> **Finding:** ${f[0]}`);
  // Just below the margin is not a finding.
  expect(cacheFindings(rec, [level('sat-1', 40, 40, FAR_ABOVE - 0.01)])).toEqual([]);
});

test('a fixed prompt: the figures include cache hits, said in the record and first in the section; no finding (all hits expected)', () => {
  const rec = workloadRecord(parseWorkloadConfig({ prompt: 'hi' }), 1);
  expect(rec).toMatchObject({ kind: 'fixed', salt: null, unique_prompts: false, expected_prefix_hit_rate: 1, note: expect.stringMatching(/include cache hits/) });
  const md = cacheMarkdown(rec, [level('sat-1', 30, 1, 0.95)]);
  expect(md).toMatch(/^### Prompt cache\n\n\*\*Figures include cache hits\.\*\* Every request sends the same prompt/);
  expect(md).toContain('| sat-1 | 30 | 1 | 29 | 95 % | 100 % |');
  expect(md).not.toContain('Finding');
});

test('a dataset replayed as is: repeats shown, expected unknown, no finding; salted: expected 0', () => {
  const rec = workloadRecord(parseWorkloadConfig({ dataset: { path: 'd.jsonl' } }), 1);
  expect(rec).toMatchObject({ kind: 'dataset', unique_prompts: false, expected_prefix_hit_rate: null });
  const md = cacheMarkdown(rec, [level('sat-1', 50, 20, 0.7)]);
  expect(md).toContain('`dataset.salt: true` makes each use unique');
  expect(md).toContain('| sat-1 | 50 | 20 | 30 | 70 % | unknown |');
  expect(md).not.toContain('Finding');
  expect(workloadRecord(parseWorkloadConfig({ dataset: { path: 'd.jsonl', salt: true } }), 1)).toMatchObject({ unique_prompts: true, expected_prefix_hit_rate: 0 });
});

test('without server metrics or distinct counts the section is the sentence alone', () => {
  const rec = workloadRecord(parseWorkloadConfig({ mix: { chat: 1 }, shared_prefix: { tokens: 1000, share: 0.5 } }), 1);
  expect(rec.expected_prefix_hit_rate).toBeCloseTo((0.5 * 1000) / (0.5 * 1000 + 256), 3);
  const md = cacheMarkdown(rec, [level('sat-1', 10, undefined)]);
  expect(md).toContain('only the hits the workload asks for (expected 66 %)');
  expect(md).not.toContain('|');
});
