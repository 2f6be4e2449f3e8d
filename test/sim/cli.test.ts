import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { loadSimConfig } from '../../src/sim/index.js';
import { parseSimArgs, simCommand } from '../../src/sim/cli.js';

afterEach(() => vi.restoreAllMocks());
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function captureStderr(): () => string {
  let err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  return () => err;
}

describe('llm-loadgate sim flags', () => {
  test.each([
    [['--replicas', 'abc'], /invalid --replicas "abc": expected a positive integer/],
    [['--routing', 'fastest'], /invalid --routing "fastest": expected one of round-robin, random, least-loaded, kv-aware/],
    [['--profile', 'gpt-5'], /invalid --profile "gpt-5": expected one of/],
    [['--speedup', '0'], /invalid --speedup "0"/],
    [['--port', '70000'], /invalid --port/],
    [['--bogus'], /Unknown option '--bogus'.*--help/],
    [['--config', '/nonexistent/sim.yml'], /cannot read sim config \/nonexistent\/sim.yml: ENOENT/],
  ])('%j → exit 2 with a one-line message', async (argv, message) => {
    const err = captureStderr();
    expect(await simCommand(argv as string[])).toBe(2);
    expect(err()).toMatch(message);
    expect(err().trim().split('\n')).toHaveLength(1);
    expect(err()).not.toMatch(/\n\s+at /);
  });

  test('flags parse into options', () => {
    const p = parseSimArgs(['--port', '0', '--replicas', '4', '--routing', 'kv-aware', '--speedup', '2.5', '--seed', '9', '--profile', 'tiny', '--host', '127.0.0.1']);
    expect(p.options).toEqual({ port: 0, replicas: 4, routing: 'kv-aware', speedup: 2.5, seed: 9, profile: 'tiny', host: '127.0.0.1' });
  });

  test('runs, prints the URL, serves, and stops cleanly on SIGINT', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out += String(s);
      return true;
    });
    const done = simCommand(['--port', '0', '--profile', 'tiny', '--replicas', '2']);
    for (let i = 0; i < 100 && !out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 10));
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    expect(out.trim().split('\n')).toHaveLength(1);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    process.emit('SIGINT');
    expect(await done).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});

describe('YAML config', () => {
  test('loads options, models and faults; rejects bad fields with file and field named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simcfg-'));
    dirs.push(dir);
    const good = join(dir, 'sim.yml');
    await writeFile(
      good,
      [
        'speedup: 4',
        'seed: 3',
        'models:',
        '  - name: a',
        '    profile: tiny',
        '    replicas: 2',
        '  - name: b',
        '    profile: { base: tiny, maxNumSeqs: 4 }',
        '    routing: kv-aware',
        'faults:',
        '  errorRate: 0.1',
        '  errorStatuses: [503]',
      ].join('\n'),
    );
    const cfg = await loadSimConfig(good);
    expect(cfg.speedup).toBe(4);
    expect(cfg.models).toHaveLength(2);
    expect(cfg.faults).toEqual({ errorRate: 0.1, errorStatuses: [503] });
    const bad = join(dir, 'bad.yml');
    await writeFile(bad, 'replicas: 0\n');
    await expect(loadSimConfig(bad)).rejects.toThrow(`${bad}: config.replicas must be a positive integer, got 0`);
    await writeFile(bad, 'faults:\n  resetRate: 5\n');
    await expect(loadSimConfig(bad)).rejects.toThrow(/config.faults.resetRate must be a probability/);
    await writeFile(bad, 'models: [{ name: x, profile: nope }]\n');
    await expect(loadSimConfig(bad)).rejects.toThrow(/config.models\[0\].profile: unknown profile "nope"/);
  });
});
