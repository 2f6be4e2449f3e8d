/** Exit codes shared by every command (documented in the README). */
export const EXIT = {
  ok: 0,
  regression: 1,
  usage: 2,
  inconclusive: 3,
  endpointDown: 4,
  cancelled: 130,
} as const;
