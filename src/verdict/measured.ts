/** The figures a baseline keeps and a verdict compares: each a value with its measured spread. */

/** A measured value with the half-width of its 95% interval (same units). */
export interface Measured {
  value: number;
  spread: number;
}

export const METRIC_KEYS = ['saturation_rps', 'ttft_p99_ms', 'itl_p99_ms', 'cost_per_million_tokens', 'error_rate'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];
