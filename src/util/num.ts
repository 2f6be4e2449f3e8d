/** Rounds to a number of decimal digits (for JSON output that stays readable). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
