// `load --config loadgate.yml`: the target, workload, timeouts, goodput and seed come from a gate
// config and the flags are laid over it, validated by the same schema (one config path for gate and
// load); the load itself (--rate/--concurrency, --duration) stays the flags'. The run at the end
// sends through real HTTP to the in-process simulator, so it sits in the realtime project.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseLoadArgs, runLoad } from '../../src/cli/load.js';
import { DEFAULT_TIMEOUTS } from '../../src/client/openai.js';
import { buildConfig } from '../../src/config/parse.js';
import { ConfigError, UsageError } from '../../src/util/errors.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'loadgate-loadcfg-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function configFile(yaml: string): string {
  const path = join(tmp(), 'loadgate.yml');
  writeFileSync(path, yaml);
  return path;
}

const FILE = `name: from-file
target:
  url: http://127.0.0.1:9/v1
  model: file-model
  endpoint: completions
  headers: { x-team: infra }
  timeouts: { connect: 3s, idle: 7s }
workload:
  max_tokens: 24
  mix: { chat: 0.7, code: 0.3 }
sla:
  goodput_ttft_ms: 900
run:
  seed: 42
`;

describe('load --config', () => {
  test('takes target, workload, timeouts, goodput and seed from the file', () => {
    const p = parseLoadArgs(['--config', configFile(FILE), '--rate', '2', '--duration', '1s']);
    expect(p).toMatchObject({ target: 'http://127.0.0.1:9/v1', model: 'file-model', endpoint: 'completions', headers: { 'x-team': 'infra' }, seed: 42, goodput: { ttftMs: 900 } });
    expect(p.timeouts).toEqual({ connectMs: 3000, firstByteMs: DEFAULT_TIMEOUTS.firstByteMs, idleMs: 7000, totalMs: DEFAULT_TIMEOUTS.totalMs });
    expect(p.workload?.maxTokens).toBe(24);
    expect(Object.fromEntries(Object.entries(p.workload?.mix ?? {}).map(([k, c]) => [k, c.weight]))).toEqual({ chat: 0.7, code: 0.3 });
    expect(p.stages).toEqual([{ kind: 'rate', rate: 2, arrival: 'constant', durationS: 1 }]);
  });

  test('flags override the file', () => {
    const p = parseLoadArgs([
      '--config',
      configFile(FILE),
      '--concurrency',
      '3',
      '--model',
      'flag-model',
      '--timeout-idle',
      '9s',
      '--max-tokens',
      '12',
      '--seed',
      '5',
      '--header',
      'X-Team: ml',
    ]);
    expect(p).toMatchObject({ model: 'flag-model', seed: 5, headers: { 'x-team': 'ml' } });
    expect(p.timeouts.idleMs).toBe(9000);
    expect(p.timeouts.connectMs).toBe(3000);
    expect(p.workload?.maxTokens).toBe(12);
  });

  test('a flag the schema rejects is reported as a config problem, with the file named', () => {
    // load's own check takes 0; the config schema says goodput limits are positive.
    let err: unknown;
    try {
      parseLoadArgs(['--config', configFile(FILE), '--rate', '1', '--goodput-tpot-ms', '0']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/loadgate\.yml: 1 problem:\n {2}- sla\.goodput_tpot_ms/);
    expect((err as Error).message).not.toMatch(/\n\s+at /);
  });

  test('a bad file, a missing file and a file without a target are clear errors', () => {
    expect(() => parseLoadArgs(['--config', configFile('target: { url: http://h:1, model: m }\nworkload: { max_tokens: -1 }\n'), '--rate', '1'])).toThrow(/workload\.max_tokens/);
    expect(() => parseLoadArgs(['--config', join(tmp(), 'nope.yml'), '--rate', '1'])).toThrow(ConfigError);
    expect(() => parseLoadArgs(['--config', configFile('name: x\n'), '--rate', '1'])).toThrow(/target\.url is required/);
    // The load itself is still required from the flags.
    expect(() => parseLoadArgs(['--config', configFile(FILE)])).toThrow(UsageError);
  });

  test('without --config the timeout defaults are the client table, the same a config gets', () => {
    const p = parseLoadArgs(['--target', 'http://h:1', '--model', 'm', '--rate', '1']);
    expect(p.timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(buildConfig({ target: { url: 'http://h:1', model: 'm' } }).target.timeouts).toEqual(DEFAULT_TIMEOUTS);
  });
});

describe('load --stages and --requests', () => {
  const base = ['--target', 'http://h:1', '--model', 'm'];
  test('"2m:50,10m:50,1m:0": ramp up from 0, hold, ramp down, each stage continuous', () => {
    const p = parseLoadArgs([...base, '--stages', '2m:50,10m:50,1m:0']);
    expect(p.stages).toEqual([
      { kind: 'rate', rate: 0, rateEnd: 50, arrival: 'constant', durationS: 120 },
      { kind: 'rate', rate: 50, arrival: 'constant', durationS: 600 },
      { kind: 'rate', rate: 50, rateEnd: 0, arrival: 'constant', durationS: 60 },
    ]);
  });

  test('--requests N bounds each level; without --duration the level runs until N are sent', () => {
    expect(parseLoadArgs([...base, '--concurrency', '256', '--requests', '5000']).stages).toEqual([
      { kind: 'concurrency', users: 256, thinkMs: 0, durationS: 86_400, maxRequests: 5000 },
    ]);
    expect(parseLoadArgs([...base, '--rate', '20', '--requests', '100', '--duration', '10s']).stages).toEqual([
      { kind: 'rate', rate: 20, arrival: 'constant', durationS: 10, maxRequests: 100 },
    ]);
  });

  test('bad stages, a duration beside them and a bad count are all reported at once', () => {
    let err: unknown;
    try {
      parseLoadArgs([...base, '--stages', '2m:50,soon:5,1m:-1', '--duration', '30s', '--requests', '0']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const m = (err as Error).message;
    expect(m).toMatch(/^load: 4 problems with the flags:/);
    expect(m).toMatch(/--stages "soon:5": expected DURATION:RATE/);
    expect(m).toMatch(/--stages "1m:-1": expected DURATION:RATE/);
    expect(m).toMatch(/--duration does not apply to --stages/);
    expect(m).toMatch(/--requests "0": expected an integer ≥ 1/);
    expect(() => parseLoadArgs([...base, '--stages', '1m:5', '--rate', '3'])).toThrow(/exclude each other/);
  });
});

describe('load --config against the simulator', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({ port: 0, profile: 'tiny', seed: 3 });
  });
  afterAll(() => sim.close());

  test("sends the file's workload: its mix classes and lengths, the record in results.json", async () => {
    const out = tmp();
    const mix = '{ short: { weight: 0.7, input: 32, output: 4 }, long: { weight: 0.3, input: 64, output: 12 } }';
    const file = configFile(`target: { url: ${sim.url}, model: tiny }\nworkload:\n  mix: ${mix}\nrun: { seed: 9 }\n`);
    const plan = parseLoadArgs(['--config', file, '--rate', '8', '--duration', '1s', '--out', out]);
    const r = await runLoad(plan, new AbortController().signal, () => {});
    expect(r.status).toBe('complete');
    expect(r.summary.requests).toMatchObject({ sent: 8, ok: 8 });
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.workload).toMatchObject({ kind: 'mix', seed: 9, unique_prompts: true });
    expect(typeof doc.workload.salt).toBe('number');
    // Every request is one of the file's classes (ignore_eos is on for mixes): 4 or 12 output
    // tokens each, so 8 requests make 4k + 12(8 − k) — never the flags' default of 128 each.
    const totals = Array.from({ length: 9 }, (_, k) => 4 * k + 12 * (8 - k));
    expect(totals).toContain(doc.output_tokens);
  });
});
