/**
 * Synthetic traffic mixes: each request draws a class by weight (chat 70 %, code 20 %, …), then
 * its input and output token lengths from the class's distributions. The prompt has exactly the
 * drawn number of tokens under a real tokenizer; max_tokens is the drawn output length, and with
 * `exactOutput` the body also carries ignore_eos and min_tokens = max_tokens so servers that
 * accept them (vLLM, SGLang) generate exactly that many tokens.
 *
 * Cache-honest: every prompt starts with a tag unique to (salt, seq) (PromptBuilder.uniqueText), so
 * no request is a prefix-cache hit on another one of this run or of an earlier run; the seed alone
 * fixes classes, lengths and order. With `sharedPrefix`, a share of requests (drawn from the seed)
 * also carry one system prompt of `tokens` tokens, the same for the whole run (derived from the
 * salt): the cacheable part the user asked for, and nothing else.
 */
import type { RequestSpec } from '../client/openai.js';
import type { Workload } from '../load/runner.js';
import { checkDist, lengthSampler, type LengthDist, type LengthSampler } from './distributions.js';
import { uniqueTag, type PromptBuilder } from './prompt.js';
import { WeightedPicker, requestRandom } from './random.js';

/** A system prompt shared by a share of requests (workload.shared_prefix). */
export interface SharedPrefix {
  /** Its length in tokens. */
  tokens: number;
  /** Fraction of requests (0..1) that carry it. */
  share: number;
}

/** uniqueTag purposes: request prompts and the run's shared prefix never share a tag. */
export const TAG_PURPOSE = { request: 0, sharedPrefix: 1, session: 2, dataset: 3 } as const;

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
  /** Makes prompts unique to this run (the per-run salt); the seed fixes everything else. */
  salt: number;
  sharedPrefix?: SharedPrefix;
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
  private readonly prefix: string | undefined;

  constructor(private readonly o: SyntheticWorkloadOptions) {
    const problems = Object.entries(o.mix).flatMap(([name, c]) => [
      ...(c.weight >= 0 ? [] : [`mix.${name}.weight must be ≥ 0, got ${c.weight}`]),
      ...checkDist(c.input, `mix.${name}.input`),
      ...checkDist(c.output, `mix.${name}.output`),
    ]);
    const sp = o.sharedPrefix;
    if (sp && (!Number.isInteger(sp.tokens) || sp.tokens < 1 || !(sp.share >= 0 && sp.share <= 1)))
      problems.push(`shared_prefix needs tokens ≥ 1 (whole) and share in 0..1, got ${JSON.stringify(sp)}`);
    if (problems.length) throw new Error(problems.join('; '));
    this.prefix = sp && sp.share > 0 ? o.builder.uniqueText(sp.tokens, uniqueTag(o.salt, 0, TAG_PURPOSE.sharedPrefix)) : undefined;
    this.picker = new WeightedPicker(Object.entries(o.mix).map(([name, c]) => [{ name, input: lengthSampler(c.input), output: lengthSampler(c.output) }, c.weight]));
    this.exact = o.exactOutput ?? true;
  }

  /** The class, input and output lengths request `seq` gets (deterministic in seed and seq). */
  draw(seq: number): { klass: string; input: number; output: number; rotation: number; shared: boolean } {
    const rand = requestRandom(this.o.seed, seq, 1);
    const k = this.picker.pick(rand());
    const d = { klass: k.name, input: k.input(rand), output: k.output(rand), rotation: Math.floor(rand() * 0x7fffffff) };
    // Drawn from its own stream, so adding a shared prefix leaves classes and lengths as they were.
    const shared = this.o.sharedPrefix !== undefined && requestRandom(this.o.seed, seq, 5)() < this.o.sharedPrefix.share;
    return { ...d, shared };
  }

  /** The run's shared prefix text (undefined without shared_prefix). */
  get sharedPrefixText(): string | undefined {
    return this.prefix;
  }

  next(seq: number): RequestSpec {
    const d = this.draw(seq);
    const content = this.o.builder.uniqueText(d.input, uniqueTag(this.o.salt, seq, TAG_PURPOSE.request), d.rotation);
    const extra = this.exact ? { ...exactOutputFields(d.output), ...this.o.extra } : this.o.extra;
    if (d.shared && this.prefix !== undefined) {
      // A system message for chat; for completions the two texts are joined (whole pre-tokens: the counts add up).
      return {
        model: this.o.model,
        messages: [
          { role: 'system', content: this.prefix },
          { role: 'user', content },
        ],
        prompt: this.prefix + content,
        maxTokens: d.output,
        requestedInputTokens: this.o.sharedPrefix!.tokens + d.input,
        extra,
      };
    }
    return { model: this.o.model, messages: [{ role: 'user', content }], prompt: content, maxTokens: d.output, requestedInputTokens: d.input, extra };
  }
}
