/**
 * A run judged against a baseline, with the bounded re-measurement that settles borderline
 * metrics: an inconclusive saturation is settled by holding the baseline's saturation load (can
 * this build sustain what the baseline sustained?), an inconclusive latency by measuring the
 * operating point again and pooling the samples.
 */
import type { Config } from '../config/types.js';
import { comparabilityNotes, measure, type Baseline } from '../baseline/baseline.js';
import type { Fingerprint } from '../results/types.js';
import type { Measured, MetricKey } from '../verdict/measured.js';
import { compareMetrics, judgeMetric, overall, verdictSentence } from '../verdict/compare.js';
import type { Comparison, GateResult } from '../results/types.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import { mergeSummaries } from '../metrics/merge.js';
import { baselineTtftReference } from './saturation.js';
import { toLevel, type MeasuredLevel } from './level.js';
import { levelCost } from '../metrics/cost.js';
import { rateRelativeSpread } from '../verdict/spread.js';
import { stageOf, type Stage } from '../load/pacer.js';

/** Requests the pooled operating point must hold before its P99 re-decides a latency verdict. */
const RECHECK_MIN_REQUESTS = 200;

/** Compares without running anything (the `compare` command, and the first pass of the action). */
export function compareResult(baseline: Baseline, current: Record<MetricKey, Measured | null>, fingerprint: Fingerprint, config: Pick<Config, 'tolerances'>): Comparison {
  const notes = comparabilityNotes(baseline.fingerprint, fingerprint);
  const comparable = notes.length === 0;
  const metrics = comparable ? compareMetrics(baseline.metrics, current, config.tolerances) : [];
  const verdict = overall(metrics, comparable);
  return { verdict, comparable, notes, sentence: verdictSentence(metrics, verdict, comparable), metrics, remeasured: [] };
}

/**
 * Runs one more level (provided by the caller, so this module stays free of I/O), measured as every
 * other level is (runMeasured: the generator's CPU share, the drain), so its validity is judged the
 * same way: a re-check whose generator lagged is invalid, not a regression.
 */
export type Remeasure = (name: string, stage: Stage) => Promise<MeasuredLevel>;

/**
 * Settles inconclusive and regressed metrics by re-measuring, at most once each. Returns a new
 * Comparison whose metrics carry a note of what the re-measurement showed (the report prints it).
 */
export async function settle(c: Comparison, baseline: Baseline, result: GateResult, config: Config, run: Remeasure): Promise<Comparison> {
  if (!c.comparable || (c.verdict !== 'inconclusive' && c.verdict !== 'regression')) return c;
  const metrics = [...c.metrics];
  const remeasured: string[] = [];
  // Borderline and failing figures alike are measured again before the gate says "regression":
  // one run's saturation level can flip on noise, and a regression costs a team a blocked PR.
  const idx = (k: MetricKey): number => metrics.findIndex((m) => m.metric === k && (m.status === 'inconclusive' || m.status === 'regression'));

  const sat = idx('saturation_rps');
  const cost = idx('cost_per_million_tokens');
  const baseLoad = baseline.saturation.load_value;
  if ((sat >= 0 || cost >= 0) && baseLoad !== null) {
    // Hold what main sustained, less the tolerance: saturating there means capacity fell by more
    // than the tolerance; holding it means it did not, whatever one search level said.
    const tol = config.tolerances.saturation_rps;
    const raw = baseLoad * (1 - tol);
    const hold = baseline.load === 'concurrency' ? Math.max(1, Math.floor(raw)) : Math.round(raw * 1000) / 1000;
    const stage = stageOf(baseline.load, hold, config.saturation.levelDurationS * 2, config.saturation.arrival, config.saturation.thinkMs);
    const m0 = await run('recheck-saturation', stage);
    const s = m0.summary;
    const level = toLevel('saturation', m0, config, baselineTtftReference(result.baseline?.summary)?.value);
    const j = { saturated: level.saturated, reasons: level.reasons };
    const unit = baseline.load === 'rate' ? 'req/s' : 'users';
    const what = `${hold} ${unit} (the baseline's ${baseLoad} less the ${(tol * 100).toFixed(0)} % tolerance)`;
    if (!level.valid) {
      // The re-check measured the client, not the endpoint: it decides nothing either way.
      for (const i of [sat, cost].filter((x) => x >= 0)) {
        const m = metrics[i]!;
        metrics[i] = { ...m, status: 'inconclusive', remeasured: `the re-check at ${what} was invalid (${level.invalid_reason}): not judged` };
      }
      remeasured.push(`The gate held ${what} to re-check, but that level was invalid (${level.invalid_reason}), so it decides nothing.`);
    } else if (sat >= 0) {
      const m = metrics[sat]!;
      metrics[sat] = j.saturated
        ? { ...m, status: 'regression', remeasured: `could not sustain ${what}: ${j.reasons.join('; ')}` }
        : { ...m, status: 'pass', remeasured: `sustained ${what} for ${stage.durationS} s` };
      remeasured.push(`Saturation ${m.status === 'regression' ? 'looked lower' : 'was borderline'}, so the gate held ${what}: it ${j.saturated ? 'could not' : 'did'}.`);
    }
    if (level.valid && cost >= 0 && config.cost && !j.saturated) {
      // Cost per token follows the load it is measured at: compare the held level's cost with the
      // baseline's scaled to the same load (GPU cost is fixed, so cost ∝ 1 / throughput).
      const m = metrics[cost]!;
      const now = levelCost(s, config.cost).usd_per_million_tokens;
      const b = baseline.metrics.cost_per_million_tokens;
      if (now !== null && b) {
        const scale = baseLoad / hold;
        const after = judgeMetric(
          'cost_per_million_tokens',
          { value: b.value * scale, spread: b.spread * scale },
          { value: now, spread: now * rateRelativeSpread(s.requests.ok) },
          config.tolerances.cost_per_million_tokens,
        );
        metrics[cost] = {
          ...after,
          remeasured: `at the held ${hold} ${unit}: ${now.toFixed(4)} USD per million tokens against the baseline's ${(b.value * scale).toFixed(4)} at that load`,
        };
        remeasured.push(`Cost per million tokens ${m.status === 'regression' ? 'looked higher' : 'was borderline'}; at the held load it is ${after.status}.`);
      }
    }
  }

  const latencyKeys = (['ttft_p99_ms', 'itl_p99_ms'] as const).filter((k) => idx(k) >= 0);
  const op = result.operating_point;
  if (latencyKeys.length && op) {
    // Below ~100 samples a P99 is just the slowest request: run long enough that the pooled
    // samples reach RECHECK_MIN_REQUESTS, so one stalled request cannot decide the verdict.
    const need = Math.max(0, RECHECK_MIN_REQUESTS - op.level.summary.requests.sent);
    const durationS = Math.max(config.slaValidation.durationS, op.rps > 0 ? Math.ceil(need / op.rps) : 0);
    const m1 = await run('recheck-operating-point', stageOf(op.load, op.value, durationS, config.saturation.arrival, config.saturation.thinkMs));
    const again = m1.summary;
    const checked = toLevel('operating_point', m1, config, baselineTtftReference(result.baseline?.summary)?.value);
    if (!checked.valid) {
      for (const k of latencyKeys) {
        const i = idx(k);
        const before = metrics[i]!;
        metrics[i] = { ...before, status: 'inconclusive', remeasured: `the re-run of the operating point was invalid (${checked.invalid_reason}): not judged` };
        remeasured.push(
          `${before.label} ${before.status === 'regression' ? 'looked worse' : 'was borderline'}, but the re-run of the operating point was invalid (${checked.invalid_reason}), so it decides nothing.`,
        );
      }
      const verdict = overall(metrics, true);
      return { ...c, metrics, verdict, sentence: verdictSentence(metrics, verdict, true), remeasured };
    }
    const pooled = mergeSummaries(op.level.summary.name, [op.level.summary, again], 'sequential');
    const withLevel = (summary: LevelSummary): GateResult => ({ ...result, operating_point: { ...op, level: { ...op.level, summary } } });
    const cur = measure(withLevel(pooled));
    const fresh = measure(withLevel(again));
    for (const k of latencyKeys) {
      const i = idx(k);
      const before = metrics[i]!;
      let after = judgeMetric(k, baseline.metrics[k], cur[k], config.tolerances[k]);
      // A regression stands only if the fresh run, judged alone, agrees: a stall in the first
      // run can survive pooling, a real slowdown shows in every run.
      const alone = judgeMetric(k, baseline.metrics[k], fresh[k], config.tolerances[k]);
      if (after.status === 'regression' && alone.status !== 'regression') after = { ...after, status: 'inconclusive' };
      metrics[i] = {
        ...after,
        remeasured: `pooled ${pooled.requests.sent} requests over two runs of the operating point (was ${before.current?.value} ± ${before.current?.spread}; the second run alone: ${alone.status})`,
      };
      remeasured.push(
        `${after.label} ${before.status === 'regression' ? 'looked worse' : 'was borderline'}, so the gate measured the operating point again and pooled the samples: now ${after.status}.`,
      );
    }
  }
  const verdict = overall(metrics, true);
  return { ...c, metrics, verdict, sentence: verdictSentence(metrics, verdict, true), remeasured };
}
