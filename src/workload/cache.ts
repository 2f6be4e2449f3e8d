/**
 * What a workload should get from an engine's prefix cache, and the report's "Prompt cache"
 * section that puts it next to what the engine said.
 *
 * Expected hit rate = the share of prompt tokens an engine with an unbounded prefix cache would
 * find cached (the same quantity as vLLM's prefix_cache_hits / prefix_cache_queries):
 *  - unique prompts (default synthetic, mix, salted dataset): 0;
 *  - shared_prefix {tokens P, share s} over unique parts of mean U: s·P / (s·P + U);
 *  - sessions of T turns, system S, user U, output O: turn t reuses S + (t − 1)(U + O) of its
 *    S + (t − 1)(U + O) + U tokens; summed over the turns of a conversation;
 *  - a fixed prompt: 1 (every request after the first is a hit);
 *  - a dataset replayed as it is: unknown (it depends on its repeats and shared system prompts).
 * Chat templates, block granularity (only whole ~16-token blocks are cached) and evictions make
 * an engine's figure differ by a few points; FAR_ABOVE is the margin for a finding.
 */
import type { LevelSummary } from '../metrics/aggregate.js';
import { type WorkloadConfig, defaultMix, uniquePrompts, workloadKind } from './config.js';
import { distMean } from './distributions.js';

/** An engine hit rate this far above the expected one (absolute) is reported as a finding. */
export const FAR_ABOVE = 0.15;

/** Chars per token for a given system prompt text when no tokenizer is at hand (English average). */
const CHARS_PER_TOKEN = 4;

/** The expected prefix-cache hit rate (0..1) of the workload, or undefined when it cannot be known. */
export function expectedPrefixHitRate(cfg: WorkloadConfig): number | undefined {
  switch (workloadKind(cfg)) {
    case 'fixed':
      return 1;
    case 'dataset':
      return cfg.dataset!.salt ? 0 : undefined;
    case 'sessions': {
      if (cfg.dataset) return undefined;
      const x = cfg.sessions!;
      const S = x.systemPrompt !== undefined ? x.systemPrompt.length / CHARS_PER_TOKEN : (x.systemPromptTokens ?? 0);
      const U = distMean(x.userTokens);
      const O = distMean(x.outputTokens);
      let hit = 0;
      let total = 0;
      for (let t = 1; t <= x.turns; t++) {
        const reused = S + (t - 1) * (U + O);
        hit += reused;
        total += reused + U;
      }
      return round3(total > 0 ? hit / total : 0);
    }
    case 'mix':
    case 'synthetic': {
      const sp = cfg.sharedPrefix;
      if (!sp || sp.share === 0) return 0;
      const mix = cfg.mix ?? defaultMix(cfg.maxTokens);
      const classes = Object.values(mix);
      const w = classes.reduce((a, c) => a + c.weight, 0);
      const meanInput = classes.reduce((a, c) => a + c.weight * distMean(c.input), 0) / w;
      return round3((sp.share * sp.tokens) / (sp.share * sp.tokens + meanInput));
    }
  }
}

/** The workload facts a run records next to its results (results.json / metadata.json). */
export interface WorkloadRecord {
  kind: string;
  /** The per-run salt: give it as workload.salt (with the same run.seed) to replay the run's prompts exactly. */
  salt: number | null;
  seed: number;
  /** Every request's prompt unique in the run (apart from a shared prefix or session history, shared on purpose). */
  unique_prompts: boolean;
  /** Expected prefix-cache hit rate of the workload (0..1); null when it cannot be known (a dataset replayed as is). */
  expected_prefix_hit_rate: number | null;
  /** Set when the figures include prefix-cache hits by construction (a fixed prompt). */
  note?: string;
}

const FIXED_PROMPT_NOTE =
  'Every request sends the same prompt (workload.prompt / --prompt): an engine that caches prompts (vLLM, SGLang, llama.cpp do by default) serves all but the first from its prefix cache, so these figures include cache hits and overstate capacity for real traffic. Remove the prompt for the default synthetic workload of unique prompts.';

export function workloadRecord(cfg: WorkloadConfig, seed: number): WorkloadRecord {
  const expected = expectedPrefixHitRate(cfg);
  return {
    kind: workloadKind(cfg),
    salt: workloadKind(cfg) === 'fixed' ? null : (cfg.salt ?? null),
    seed,
    unique_prompts: uniquePrompts(cfg),
    expected_prefix_hit_rate: expected ?? null,
    ...(workloadKind(cfg) === 'fixed' ? { note: FIXED_PROMPT_NOTE } : {}),
  };
}

/** One level as the cache section needs it. */
export interface CacheLevel {
  summary: Pick<LevelSummary, 'name' | 'requests'>;
  server?: { prefix_cache_hit_rate?: number };
}

const pct = (x: number): string => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)} %`;

/** Findings: levels where the engine's hit rate is far above what the workload should produce. */
export function cacheFindings(rec: WorkloadRecord, levels: readonly CacheLevel[]): string[] {
  const expected = rec.expected_prefix_hit_rate;
  if (expected === null) return [];
  const far = levels.filter((l) => l.server?.prefix_cache_hit_rate !== undefined && l.server.prefix_cache_hit_rate > expected + FAR_ABOVE);
  if (!far.length) return [];
  const worst = far.reduce((a, b) => (b.server!.prefix_cache_hit_rate! > a.server!.prefix_cache_hit_rate! ? b : a));
  return [
    `The engine served up to ${pct(worst.server!.prefix_cache_hit_rate!)} of prompt tokens from its prefix cache (${worst.summary.name}; ${far.length} level${far.length > 1 ? 's' : ''} far above) where this workload should give about ${pct(expected)}: ` +
      'prompts are being repeated or shared somewhere (a proxy or a client adding a common prefix, another load on the same engine), so latencies and capacity look better than fresh traffic would get.',
  ];
}

/**
 * The report's "Prompt cache" section: what the workload sends, per level the distinct prompts
 * (repeats = sent − distinct) and the engine's hit rate next to the expected one, and findings.
 */
export function cacheMarkdown(rec: WorkloadRecord, levels: readonly CacheLevel[]): string {
  const expected = rec.expected_prefix_hit_rate;
  const intro =
    rec.kind === 'fixed'
      ? `**Figures include cache hits.** ${FIXED_PROMPT_NOTE}`
      : rec.unique_prompts
        ? `Every prompt is unique to this run (salt ${rec.salt ?? 'random'}, seed ${rec.seed}; set \`workload.salt\` to replay it), so the engine's prompt cache gives ${expected ? `only the hits the workload asks for (expected ${pct(expected)})` : 'no hits'}.`
        : 'Dataset records are replayed as they are: a repeated record is a repeated prompt an engine may serve from its cache (`dataset.salt: true` makes each use unique).';
  const withServer = levels.some((l) => l.server?.prefix_cache_hit_rate !== undefined);
  const withDistinct = levels.some((l) => l.summary.requests.distinct_prompts !== undefined);
  const out = ['### Prompt cache', '', intro, ''];
  if (withServer || withDistinct) {
    const head = ['level', ...(withDistinct ? ['sent', 'distinct prompts', 'repeats'] : []), ...(withServer ? ['engine prefix hit', 'expected'] : [])];
    out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const l of levels) {
      const r = l.summary.requests;
      const d = r.distinct_prompts;
      const cells = [l.summary.name];
      if (withDistinct) cells.push(String(r.sent), d === undefined ? '—' : String(d), d === undefined ? '—' : String(Math.max(0, r.sent - d)));
      if (withServer) cells.push(l.server?.prefix_cache_hit_rate === undefined ? '—' : pct(l.server.prefix_cache_hit_rate), expected === null ? 'unknown' : pct(expected));
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  const findings = cacheFindings(rec, levels);
  if (findings.length) out.push(...findings.map((f) => `> **Finding:** ${f}`), '');
  return out.join('\n');
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
