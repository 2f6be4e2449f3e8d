/** Parses durations like `500ms`, `30s`, `5m`, `1h` or a bare number of seconds. Returns seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const factor = unit === 'ms' ? 0.001 : unit === 's' ? 1 : unit === 'm' ? 60 : 3600;
  return n * factor;
}

/** Formats seconds compactly for humans: 0.5s, 30s, 5m, 1h30m. */
export function formatDuration(s: number): string {
  if (s < 60) return `${Number(s.toFixed(2))}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = Math.round(s % 60);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest ? `${rest}s` : ''}`;
}
