/**
 * Multi-model traffic: wraps any workload and gives each request a model drawn by weight
 * ({a: 0.7, b: 0.3}), seeded per request sequence number. The summary's per_model breakdown then
 * shows every figure per model, and responses naming another model count as mismatched.
 */
import type { RequestSpec } from '../client/openai.js';
import type { Workload } from '../load/runner.js';
import type { RequestRecord } from '../metrics/record.js';
import { WeightedPicker, requestRandom } from './random.js';

export class ModelMixWorkload implements Workload {
  private readonly picker: WeightedPicker<string>;

  constructor(
    private readonly inner: Workload,
    weights: Record<string, number>,
    private readonly seed: number,
  ) {
    const bad = Object.entries(weights).filter(([, w]) => !(typeof w === 'number' && w >= 0 && Number.isFinite(w)));
    if (bad.length) throw new Error(`models: weights must be numbers ≥ 0 (${bad.map(([k, w]) => `${k}: ${JSON.stringify(w)}`).join(', ')})`);
    this.picker = new WeightedPicker(Object.entries(weights));
  }

  /** The model request `seq` is sent to. */
  modelFor(seq: number): string {
    return this.picker.pick(requestRandom(this.seed, seq, 5)());
  }

  next(seq: number, user?: number): RequestSpec {
    return { ...this.inner.next(seq, user), model: this.modelFor(seq) };
  }

  observe(record: RequestRecord, user?: number): void {
    this.inner.observe?.(record, user);
  }
}
