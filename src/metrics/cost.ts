/**
 * Cost per token from GPU price and measured throughput. The GPUs cost the same whether they serve
 * or idle, so the cost of a level is gpus × price × its duration, spread over the tokens it served
 * (input + output, from the server's usage).
 */
import type { LevelSummary } from './aggregate.js';
import { round } from '../util/num.js';

export interface CostInput {
  gpus: number;
  gpuHourUsd: number;
}

export interface LevelCost {
  /** USD per hour for the GPUs. */
  usd_per_hour: number;
  /** USD per million tokens (input + output). Null when no token was served. */
  usd_per_million_tokens: number | null;
  /** USD per million output tokens. Null when no output token was served. */
  usd_per_million_output_tokens: number | null;
}

export function levelCost(s: Pick<LevelSummary, 'total_tokens_per_s' | 'output_tokens_per_s'>, c: CostInput): LevelCost {
  const perHour = c.gpus * c.gpuHourUsd;
  const perMillion = (tokPerS: number): number | null => (tokPerS > 0 ? round((perHour / (tokPerS * 3600)) * 1e6, 4) : null);
  return { usd_per_hour: round(perHour, 4), usd_per_million_tokens: perMillion(s.total_tokens_per_s), usd_per_million_output_tokens: perMillion(s.output_tokens_per_s) };
}
