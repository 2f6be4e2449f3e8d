/**
 * The simplest workload: the same prompt every time. Used only when the user gives one
 * (`workload.prompt`, `load --prompt`): an engine's prefix cache serves every repeat, so its
 * figures include cache hits (src/workload/cache.ts says so in the results and the report). The
 * default, datasets, synthetic mixes and multi-turn sessions implement the same Workload interface.
 */
import type { RequestSpec } from '../client/openai.js';
import type { Workload } from './runner.js';

export interface FixedWorkloadOptions {
  model: string;
  prompt: string;
  maxTokens?: number;
  /** Extra body fields sent with every request (e.g. {ignore_eos: true}). */
  extra?: Record<string, unknown>;
}

export class FixedWorkload implements Workload {
  private readonly spec: RequestSpec;
  constructor(o: FixedWorkloadOptions) {
    this.spec = { model: o.model, messages: [{ role: 'user', content: o.prompt }], prompt: o.prompt, maxTokens: o.maxTokens, extra: o.extra };
  }
  next(): RequestSpec {
    return this.spec;
  }
}
