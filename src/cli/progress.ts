/**
 * Live display while a gate runs. On a terminal: one progress bar line for the running level,
 * rewritten in place, and a line per finished level. Elsewhere (CI logs): plain lines only.
 */
import type { LevelResult } from '../results/types.js';
import { offeredLabel } from '../report/table.js';

export class Progress {
  private barShown = false;
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty = Boolean(out.isTTY),
  ) {}

  bar(phase: string, fraction: number, inFlight: number): void {
    if (!this.tty) return;
    const width = 24;
    const filled = Math.round(fraction * width);
    this.out.write(`\r${phase.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  in flight ${inFlight}   `);
    this.barShown = true;
  }

  line(text: string): void {
    if (this.barShown) {
      this.out.write('\r\x1b[2K');
      this.barShown = false;
    }
    this.out.write(`${text}\n`);
  }

  level(l: LevelResult): void {
    const s = l.summary;
    const status = !l.valid ? `INVALID (${l.invalid_reason})` : l.phase === 'saturation' ? (l.saturated ? `SATURATED: ${l.reasons.join('; ')}` : 'ok') : l.phase;
    this.line(
      `${s.name.padEnd(16)} ${offeredLabel(s).padStart(12)}  achieved ${s.achieved_rps.toFixed(2).padStart(7)} req/s  ok ${(s.success_rate * 100).toFixed(1).padStart(5)}%  ` +
        `TTFT p50/p99 ${s.ttft_ms.p50.toFixed(0)}/${s.ttft_ms.p99.toFixed(0)} ms  ITL p99 ${s.itl_ms.p99.toFixed(1)} ms  ${s.output_tokens_per_s.toFixed(0)} tok/s  ${status}`,
    );
  }
}
