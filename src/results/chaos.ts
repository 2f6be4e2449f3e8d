/**
 * What the chaos phase produced (app/chaos.ts), as stored in chaos.json and in a gate's
 * results.json, and read by the reports: types only.
 */
import type { LevelSummary } from '../metrics/aggregate.js';
import type { ChaosFigures, ChaosSecond } from '../metrics/chaos-timeline.js';
import type { SlaCheck } from '../verdict/sla.js';

export interface ChaosResult {
  kind: 'chaos';
  status: 'complete' | 'cancelled' | 'fault_failed';
  /** Why the phase stopped early (fault_failed): what failed and how to fix it. */
  error?: string;
  load: { kind: 'rate' | 'concurrency'; value: number };
  /** The fault as shown in reports (no headers, no URL query). */
  fault: string;
  /** Seconds from the phase start. */
  injected_at_s: number | null;
  restored_at_s?: number;
  timeline: ChaosSecond[];
  figures: ChaosFigures | null;
  sla: { checks: SlaCheck[]; pass: boolean | null };
  summary: LevelSummary;
  notes: string[];
}
