/**
 * Synthetic traffic mixes: each request draws a class by weight (chat 70 %, code 20 %, …), then
 * its input and output token lengths from the class's distributions. The prompt has exactly the
 * drawn number of tokens under a real tokenizer; max_tokens is the drawn output length, and with
 * `exactOutput` the body also carries ignore_eos and min_tokens = max_tokens so servers that
 * accept them (vLLM, SGLang) generate exactly that many tokens.
 */
import type { RequestSpec } from '../client/openai.js';
import type { Workload } from '../load/runner.js';
import { checkDist, lengthSampler, type LengthDist, type LengthSampler } from './distributions.js';
import type { PromptBuilder } from './prompt.js';
import { WeightedPicker, requestRandom } from './random.js';

export interface MixClass {
  weight: number;
  input: LengthDist;
  output: LengthDist;
}

/** Built-in classes: a bare weight (e.g. `chat: 0.7`) uses these lengths. */
export const MIX_PRESETS: Record<string, Omit<MixClass, 'weight'>> = {
  chat: { input: { type: 'normal', mean: 256, sd: 128, min: 16, max: 1024 }, output: { type: 'normal', mean: 200, sd: 100, min: 16, max: 512 } },
  code: { input: { type: 'normal', mean: 768, sd: 256, min: 64, max: 2048 }, output: { type: 'normal', mean: 384, sd: 128, min: 32, max: 1024 } },
  summarization: { input: { type: 'uniform', min: 1024, max: 3072 }, output: { type: 'normal', mean: 192, sd: 64, min: 32, max: 384 } },
  rag: { input: { type: 'uniform', min: 2048, max: 6144 }, output: { type: 'normal', mean: 256, sd: 96, min: 32, max: 768 } },
  reasoning: { input: { type: 'normal', mean: 384, sd: 128, min: 32, max: 1024 }, output: { type: 'uniform', min: 1024, max: 4096 } },
};

/** Body fields that make servers generate exactly max_tokens. */
export function exactOutputFields(maxTokens: number): Record<string, unknown> {
  return { ignore_eos: true, min_tokens: maxTokens };
}

export interface SyntheticWorkloadOptions {
  model: string;
  mix: Record<string, MixClass>;
  builder: PromptBuilder;
  seed: number;
  /** Send ignore_eos and min_tokens = max_tokens (default true). */
  exactOutput?: boolean;
  /** Extra body fields on every request (applied after the exact-output fields). */
  extra?: Record<string, unknown>;
}

interface Klass {
  name: string;
  input: LengthSampler;
  output: LengthSampler;
}

export class SyntheticWorkload implements Workload {
  private readonly picker: WeightedPicker<Klass>;
  private readonly exact: boolean;

  constructor(private readonly o: SyntheticWorkloadOptions) {
    const problems = Object.entries(o.mix).flatMap(([name, c]) => [
      ...(c.weight >= 0 ? [] : [`mix.${name}.weight must be ≥ 0, got ${c.weight}`]),
      ...checkDist(c.input, `mix.${name}.input`),
      ...checkDist(c.output, `mix.${name}.output`),
    ]);
    if (problems.length) throw new Error(problems.join('; '));
    this.picker = new WeightedPicker(Object.entries(o.mix).map(([name, c]) => [{ name, input: lengthSampler(c.input), output: lengthSampler(c.output) }, c.weight]));
    this.exact = o.exactOutput ?? true;
  }

  /** The class, input and output lengths request `seq` gets (deterministic in seed and seq). */
  draw(seq: number): { klass: string; input: number; output: number; rotation: number } {
    const rand = requestRandom(this.o.seed, seq, 1);
    const k = this.picker.pick(rand());
    return { klass: k.name, input: k.input(rand), output: k.output(rand), rotation: Math.floor(rand() * 0x7fffffff) };
  }

  next(seq: number): RequestSpec {
    const d = this.draw(seq);
    const content = this.o.builder.text(d.input, d.rotation);
    const extra = this.exact ? { ...exactOutputFields(d.output), ...this.o.extra } : this.o.extra;
    return { model: this.o.model, messages: [{ role: 'user', content }], prompt: content, maxTokens: d.output, requestedInputTokens: d.input, extra };
  }
}
