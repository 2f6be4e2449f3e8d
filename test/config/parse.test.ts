import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildConfig, didYouMean, mergeRaw, readConfigFile } from '../../src/config/parse.js';
import { ConfigError } from '../../src/util/errors.js';
import { CONFIG_SCHEMA } from '../../src/config/schema.js';

const minimal = { target: { url: 'http://127.0.0.1:8000', model: 'm' } };

function problems(raw: Record<string, unknown>): string[] {
  try {
    buildConfig(raw, 'loadgate.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('applies documented defaults to a minimal file', () => {
    const c = buildConfig(minimal);
    expect(c.saturation).toMatchObject({ strategy: 'search', load: 'rate', precision: 0.1, levelDurationS: 20 });
    expect(c.saturation.criteria).toEqual({ ttftP99Factor: 2, ttftMinIncreaseMs: 25, maxErrorRate: 0.005, minAchievedRatio: 0.95, sla: true });
    expect(c.slaValidation).toMatchObject({ enabled: true, operatingPoint: 0.7, durationS: 60 });
    expect(c.target.stream).toBe(true);
    expect(c.cost).toBeUndefined();
  });

  it('parses durations, SLA keys and steps', () => {
    const c = buildConfig({
      ...minimal,
      saturation: { levels: [1, 5, 10], level_duration: '1m' },
      sla: { ttft_p95_ms: 400, error_rate: 0.01 },
      cost: { gpus: 2, gpu_hour_usd: 2.5 },
    });
    expect(c.saturation.strategy).toBe('steps');
    expect(c.saturation.levelDurationS).toBe(60);
    expect(c.sla).toEqual([
      { key: 'ttft_p95_ms', kind: 'latency', metric: 'ttft_ms', stat: 'p95', max: 400 },
      { key: 'error_rate', kind: 'error_rate', max: 0.01 },
    ]);
    expect(c.cost).toEqual({ gpus: 2, gpuHourUsd: 2.5 });
  });

  it('reports every problem at once, each naming the field and value', () => {
    const p = problems({ targte: {}, saturation: { precison: 0.2, level_duration: 'abc', strategy: 'fast' }, sla: { ttft_p96_ms: 3 } });
    // Case: a typo in a top-level key gets a did-you-mean.
    expect(p.some((x) => x.includes('unknown key targte — did you mean target?'))).toBe(true);
    // Case: a typo in a nested key names its full path.
    expect(p.some((x) => x.includes('unknown key saturation.precison — did you mean saturation.precision?'))).toBe(true);
    // Case: a bad duration says what a duration looks like.
    expect(p.some((x) => x.includes('saturation.level_duration "abc": expected a duration like 500ms, 30s, 5m or 1h'))).toBe(true);
    // Case: a bad enum lists the accepted values.
    expect(p.some((x) => x.includes('saturation.strategy "fast": must be one of search, steps'))).toBe(true);
    // Case: an SLA key that matches no metric pattern is unknown.
    expect(p.some((x) => x.includes('unknown key sla.ttft_p96_ms'))).toBe(true);
  });

  it('checks meaning as well as shape', () => {
    const p = problems({ saturation: { levels: [5, 1], start: 10, max: 5 }, mode: 'capacity-at-sla' });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringContaining('target.url is required'),
        expect.stringContaining('target.model is required'),
        expect.stringContaining('must be strictly ascending'),
        expect.stringContaining('saturation.start 10 must be below saturation.max 5'),
        expect.stringContaining('mode capacity-at-sla needs at least one sla rule'),
      ]),
    );
  });

  it('rejects an api_key_env that is not set, without printing any key', () => {
    const p = problems({ target: { ...minimal.target, api_key_env: 'LOADGATE_TEST_UNSET_VAR' } });
    expect(p[0]).toMatch(/LOADGATE_TEST_UNSET_VAR: that environment variable is not set/);
  });

  it('reads YAML and reports syntax errors with their position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const good = join(dir, 'good.yml');
    writeFileSync(good, 'target:\n  url: http://127.0.0.1:1\n  model: m\nsaturation:\n  levels: [1, 2]\n');
    expect(buildConfig(readConfigFile(good)).saturation.levels).toEqual([1, 2]);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'target:\n  url: [unclosed\n');
    expect(() => readConfigFile(bad)).toThrow(/line 2|at line/);
    expect(() => readConfigFile(join(dir, 'missing.yml'))).toThrow(/cannot read the file \(ENOENT\)/);
  });

  it('merges overrides deeply (flags over file)', () => {
    expect(mergeRaw({ target: { url: 'a', model: 'm' } }, { target: { url: 'b' } })).toEqual({ target: { url: 'b', model: 'm' } });
  });

  it('suggests only close matches', () => {
    expect(didYouMean('saturaton', ['saturation', 'sla'])).toBe('saturation');
    expect(didYouMean('zzzzzz', ['saturation', 'sla'])).toBeUndefined();
  });

  it('accepts the shipped example configuration', () => {
    const raw = readConfigFile(new URL('../../examples/loadgate.yml', import.meta.url).pathname);
    const c = buildConfig(mergeRaw(raw, { target: { url: 'http://127.0.0.1:8000' } }), 'examples/loadgate.yml');
    expect(c.name).toBe('demo');
    expect(c.sla.map((r) => r.key)).toEqual(['ttft_p99_ms', 'itl_p99_ms', 'error_rate']);
  });

  it('publishes the same schema it validates with', () => {
    const published = JSON.parse(readFileSync(new URL('../../schema/loadgate.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA)));
  });
});
