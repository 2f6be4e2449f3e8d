/**
 * The JSON Schema of loadgate.yml's `workload:` section, pure data in the style of
 * src/config/schema.ts (it imports nothing that imports the config parser, so CONFIG_SCHEMA can
 * embed it without an import cycle).
 */
import { MIX_PRESETS } from './synthetic.js';
import { TOKENIZER_FAMILIES } from './tokenizer.js';

const posInt = { type: 'integer', minimum: 1 } as const;

/** A token-length distribution: a whole number (fixed) or {type: fixed | uniform | normal | histogram, …}. */
const lengthDist = {
  description:
    'Token lengths: a whole number, or {type: fixed, value} | {type: uniform, min, max} | {type: normal, mean, sd, min?, max?} (clipped) | {type: histogram, buckets: [{value | min+max, weight}]}.',
  type: ['integer', 'object'],
  minimum: 1,
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { enum: ['fixed', 'uniform', 'normal', 'histogram'] },
    value: posInt,
    min: posInt,
    max: posInt,
    mean: { type: 'number', exclusiveMinimum: 0 },
    sd: { type: 'number', minimum: 0 },
    buckets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['weight'],
        properties: { value: posInt, min: posInt, max: posInt, weight: { type: 'number', minimum: 0 } },
      },
    },
  },
  allOf: [
    { if: { type: 'object', properties: { type: { const: 'fixed' } } }, then: { required: ['value'] } },
    { if: { type: 'object', properties: { type: { const: 'uniform' } } }, then: { required: ['min', 'max'] } },
    { if: { type: 'object', properties: { type: { const: 'normal' } } }, then: { required: ['mean', 'sd'] } },
    { if: { type: 'object', properties: { type: { const: 'histogram' } } }, then: { required: ['buckets'] } },
  ],
} as const;

/** The JSON Schema of `workload:` (drop it into CONFIG_SCHEMA.properties.workload). */
export const WORKLOAD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    prompt: {
      type: 'string',
      minLength: 1,
      description:
        'One fixed prompt sent every time (instead of the default synthetic workload of unique prompts). Engines that cache prompts serve it from cache: the figures then include cache hits.',
    },
    salt: {
      type: 'integer',
      minimum: 0,
      maximum: 4294967295,
      description:
        'Makes every prompt of the run unique (also against earlier runs). Drawn at random per run and recorded in the results; set it only to replay a run exactly. The seed (run.seed) fixes lengths, classes and order.',
    },
    shared_prefix: {
      type: 'object',
      additionalProperties: false,
      required: ['tokens', 'share'],
      description:
        'A system prompt shared by a share of the synthetic requests, the same within a run, e.g. {tokens: 1000, share: 0.8}: the prefix-cache hits real traffic would get.',
      properties: {
        tokens: { ...posInt, description: 'Length of the shared prefix in tokens.' },
        share: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of requests that carry it (0..1).' },
      },
    },
    max_tokens: {
      ...posInt,
      description: 'max_tokens for the default synthetic workload, a fixed prompt and dataset requests (default 128); sessions.output_tokens defaults to it.',
    },
    ignore_eos: {
      type: 'boolean',
      description:
        'Ask servers to generate exactly max_tokens: ignore_eos (and, except for the fixed prompt, min_tokens = max_tokens). Default true with mix or sessions, else false; set false for servers that reject unknown fields.',
    },
    extra_body: { type: 'object', description: 'Extra fields merged into every request body.' },
    tokenizer: { enum: [...TOKENIZER_FAMILIES], description: 'Tokenizer family used to build prompts of exact token lengths and to count dataset prompts (default o200k).' },
    dataset: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', minLength: 1, description: 'JSON or JSONL file, relative to the config file.' },
        format: {
          enum: ['auto', 'conversations', 'sharegpt', 'jsonl'],
          description: 'conversations: [{prompt_content, cut_chat_history}]; sharegpt: [{conversations: [{from, value}]}]; jsonl: {messages} or {prompt} per line. Default auto.',
        },
        order: { enum: ['random', 'cycle'], description: 'random: seeded sampling (default); cycle: in file order, wrapping.' },
        skip_invalid: { type: 'boolean', description: 'Skip malformed records instead of failing (default false).' },
        salt: {
          type: 'boolean',
          description:
            'Put a short prefix unique to each use before each record, so an engine cannot serve repeated records from its prompt cache (default false: records are replayed as they are).',
        },
      },
    },
    mix: {
      type: 'object',
      minProperties: 1,
      description: `Synthetic classes by weight, e.g. {chat: 0.7, code: 0.2, summarization: 0.1}. Built-in classes: ${Object.keys(MIX_PRESETS).join(', ')}; any class can be {weight, input, output} with length distributions.`,
      additionalProperties: {
        type: ['number', 'object'],
        minimum: 0,
        additionalProperties: false,
        required: ['weight'],
        properties: { weight: { type: 'number', minimum: 0 }, input: lengthDist, output: lengthDist },
      },
    },
    sessions: {
      type: 'object',
      additionalProperties: false,
      description: 'Multi-turn conversations, one per closed-loop user: shared system prompt, growing history, the real replies.',
      properties: {
        turns: { ...posInt, description: 'User turns per conversation before a new one starts (default 5).' },
        system_prompt: { type: 'string', minLength: 1, description: 'Shared system prompt text.' },
        system_prompt_tokens: { ...posInt, description: 'Or: a built shared system prompt of this many tokens (default 256 when neither is given).' },
        user_tokens: lengthDist,
        output_tokens: lengthDist,
      },
    },
    models: {
      type: 'object',
      minProperties: 1,
      description: 'Send each request to a model drawn by weight, e.g. {llama-8b: 0.7, llama-70b: 0.3}; every figure is then broken down per model.',
      additionalProperties: { type: 'number', minimum: 0 },
    },
  },
} as const;
