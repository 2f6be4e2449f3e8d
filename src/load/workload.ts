/**
 * The simplest workload: the same prompt every time. Datasets, synthetic length mixes and
 * multi-turn sessions implement the same Workload interface.
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
