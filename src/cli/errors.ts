/**
 * Errors the user can fix. The CLI prints their message (no stack trace) and exits with `code`.
 * Every message says what is wrong, where, and how to fix it.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes shared by every command (documented in the README). */
export const EXIT = {
  ok: 0,
  regression: 1,
  usage: 2,
  inconclusive: 3,
  endpointDown: 4,
  cancelled: 130,
} as const;
