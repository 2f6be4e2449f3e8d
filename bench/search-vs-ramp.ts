/**
 * Saturation search vs a linear ramp, against the built-in simulator whose capacity is known.
 *
 *   node bench/search-vs-ramp.ts [--speedup 0.5] [--level-duration 6s] [--start N] [--precision 0.1] [--no-ramp] [--seed 1]
 *
 * (Node 24 strips this file's types natively; src/ uses parameter properties, which plain
 * stripping rejects, so a module hook maps `./x.js` imports to `./x.ts` and transforms src/ with
 * node:module's stripTypeScriptTypes — the same trick as bench/engine.ts. No flag needed; Node
 * prints an ExperimentalWarning for stripTypeScriptTypes.)
 *
 * Workload: /v1/completions, a 60-character prompt (= 15 prompt tokens under the simulator's
 * 4-characters-per-token rule, less than one 16-token KV block, so no prefix-cache hits) and
 * max_tokens 20 with ignore_eos (exactly 20 output tokens). The simulator runs the `tiny` profile
 * in a child process (test/helpers/sim-process.ts, as the key test does), so the load generator's
 * own work is not counted as endpoint latency; its capacity estimate is
 * estimateCapacity(tiny, {15, 20}) × speedup.
 *
 * It runs the gate's search (everything at the defaults except the flags above: it starts from the
 * baseline unless --start is given, and its levels last level_duration / 3), then — unless
 * --no-ramp — a 10-level linear ramp from 1 req/s to 2 × estimate, each level_duration long, all
 * 10 levels (steps strategy, stop_at_first_saturated: false). It prints one JSON object, then a
 * readable summary: load-minutes of each, the saturation each found vs the estimate, and what a
 * ramp stopping at its first saturated level would have cost.
 */
import { parseArgs } from 'node:util';
import { runTsSources } from '../scripts/ts-hooks.ts';
import type { GateResult } from '../src/results/types.js';

type SimModule = typeof import('../src/sim/index.js');
type SimProcessModule = typeof import('../test/helpers/sim-process.js');
type ParseModule = typeof import('../src/config/parse.js');
type GateModule = typeof import('../src/app/gate.js');
type ExecuteModule = typeof import('../src/app/execute.js');
type DurationModule = typeof import('../src/util/duration.js');

const PROMPT = 'x'.repeat(60); // 15 prompt tokens
const OUTPUT = 20;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Load-minutes of the saturation levels only (what the search and the ramp are compared on). */
function levelMinutes(r: GateResult, upTo = Infinity): number {
  return r.saturation.levels.slice(0, upTo).reduce((a, l) => a + l.summary.duration_s, 0) / 60;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      speedup: { type: 'string', default: '0.5' },
      'level-duration': { type: 'string', default: '6s' },
      start: { type: 'string' },
      precision: { type: 'string', default: '0.1' },
      seed: { type: 'string', default: '1' },
      'no-ramp': { type: 'boolean', default: false },
    },
  });
  runTsSources();
  const sim: SimModule = await import('../src/sim/index.js');
  const { startSimProcess }: SimProcessModule = await import('../test/helpers/sim-process.js');
  const { buildConfig }: ParseModule = await import('../src/config/parse.js');
  const { runGate }: GateModule = await import('../src/app/gate.js');
  const { clientFor, workloadFor }: ExecuteModule = await import('../src/app/execute.js');
  const { parseDuration }: DurationModule = await import('../src/util/duration.js');

  const speedup = Number(values.speedup);
  const start = values.start === undefined ? undefined : Number(values.start);
  const rampFrom = start ?? 1;
  const estimate = sim.estimateCapacity('tiny', { promptTokens: 15, outputTokens: OUTPUT }).rps * speedup;
  const server = await startSimProcess({ port: 0, profile: 'tiny', speedup, seed: Number(values.seed) });
  const levelDuration = values['level-duration'];
  const d = parseDuration(levelDuration);
  if (d === undefined) throw new Error(`--level-duration ${levelDuration}: expected a duration like 2s`);

  const run = async (saturation: Record<string, unknown>): Promise<GateResult> => {
    const config = buildConfig({
      name: 'search-vs-ramp',
      target: { url: server.url, model: 'tiny', endpoint: 'completions' },
      workload: { prompt: PROMPT, max_tokens: OUTPUT, ignore_eos: true },
      baseline: { duration: '5s' },
      saturation: { level_duration: levelDuration, ...saturation },
      sla_validation: { enabled: false },
    });
    const client = clientFor(config);
    try {
      return await runGate(config, { sender: client, workload: workloadFor(config), signal: new AbortController().signal, log: () => {} });
    } finally {
      await client.close();
    }
  };

  try {
    const search = await run({ strategy: 'search', ...(start === undefined ? {} : { start }), precision: Number(values.precision) });
    const rampLevels = Array.from({ length: 10 }, (_, i) => r3(rampFrom + ((2 * estimate - rampFrom) * i) / 9));
    const ramp = values['no-ramp'] ? undefined : await run({ strategy: 'steps', levels: rampLevels, stop_at_first_saturated: false });
    const firstSat = ramp ? ramp.saturation.levels.findIndex((l) => l.saturated) : -1;
    const out = {
      bench: 'search-vs-ramp',
      profile: 'tiny',
      speedup,
      workload: { prompt_tokens: 15, output_tokens: OUTPUT },
      level_duration_s: d,
      estimate_rps: r3(estimate),
      search: {
        start: search.saturation.levels[0]?.summary.offered.value ?? null,
        precision: Number(values.precision),
        levels: search.saturation.levels.map((l) => ({
          offered: l.summary.offered.value,
          achieved: l.summary.achieved_rps,
          saturated: l.saturated,
          reasons: l.reasons,
          ...(l.valid ? {} : { invalid: l.invalid_reason }),
        })),
        found_rps: search.saturation.rps,
        found_vs_estimate: search.saturation.rps === null ? null : r3(search.saturation.rps / estimate - 1),
        bracket: search.saturation.bracket,
        precision_reached: search.saturation.precision === null ? null : r3(search.saturation.precision),
        load_minutes_levels: r3(levelMinutes(search)),
        load_minutes_total: search.load_minutes,
      },
      ramp: {
        levels: rampLevels,
        load_minutes_nominal: r3((10 * d) / 60),
        ...(ramp
          ? {
              measured: ramp.saturation.levels.map((l) => ({
                offered: l.summary.offered.value,
                achieved: l.summary.achieved_rps,
                saturated: l.saturated,
                reasons: l.reasons,
                ...(l.valid ? {} : { invalid: l.invalid_reason }),
              })),
              found_rps: ramp.saturation.rps,
              found_vs_estimate: ramp.saturation.rps === null ? null : r3(ramp.saturation.rps / estimate - 1),
              bracket: ramp.saturation.bracket,
              load_minutes_levels: r3(levelMinutes(ramp)),
              load_minutes_if_stopped_at_first_saturated: firstSat < 0 ? null : r3(levelMinutes(ramp, firstSat + 1)),
            }
          : {}),
      },
    };
    const ratio = out.search.load_minutes_levels / out.ramp.load_minutes_nominal;
    process.stdout.write(`${JSON.stringify({ ...out, search_over_ramp: r3(ratio) })}\n\n`);
    process.stdout.write(
      [
        `estimate (tiny, 15/20 tokens, speedup ${speedup}): ${out.estimate_rps} req/s`,
        `search: ${out.search.levels.length} levels [${out.search.levels.map((l) => `${l.offered}${l.saturated ? '*' : ''}`).join(', ')}] (* = saturated)`,
        `  found ${out.search.found_rps} req/s (${((out.search.found_vs_estimate ?? NaN) * 100).toFixed(1)} % vs estimate), bracket [${out.search.bracket.join(', ')}], precision ${out.search.precision_reached}`,
        `  load-minutes (levels, as measured): ${out.search.load_minutes_levels}`,
        `ramp: 10 levels ${out.ramp.levels[0]}…${out.ramp.levels[9]} req/s, load-minutes nominal ${out.ramp.load_minutes_nominal}` +
          (ramp
            ? `, measured ${out.ramp.load_minutes_levels}; found ${out.ramp.found_rps} req/s (${((out.ramp.found_vs_estimate ?? NaN) * 100).toFixed(1)} %), bracket [${out.ramp.bracket?.join(', ')}]`
            : ''),
        ramp ? `  a ramp stopping at its first saturated level would have cost ${out.ramp.load_minutes_if_stopped_at_first_saturated} load-minutes` : '',
        `search / ramp load-minutes: ${r3(ratio)} (issue target ≤ 0.25)`,
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
  } finally {
    await server.close();
  }
}

await main();
