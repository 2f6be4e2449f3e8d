/**
 * Errors the user can fix: a bad flag, config, input, file or command. Every one carries the exit
 * code the CLI returns for it; the CLI prints its message (no stack trace) and the action fails the
 * step with it, never calling it internal. Every message says what is wrong, where, and how to fix it.
 * Other modules' user errors (datasets, baselines, action inputs) extend UserError, so the entry
 * points keep one test (`instanceof UserError`) instead of lists that drift apart.
 */
/** Exit codes shared by every command (documented in the README); a UserError carries one of them. */
export const EXIT = {
  ok: 0,
  regression: 1,
  usage: 2,
  inconclusive: 3,
  endpointDown: 4,
  cancelled: 130,
} as const;

export class UserError extends Error {
  constructor(
    message: string,
    /** The CLI's exit code for this error (2: usage, unless a command says otherwise). */
    readonly code = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A command used wrongly (flags, arguments, a deploy command); `code` is its exit code. */
export class UsageError extends UserError {
  constructor(message: string, code = 2) {
    super(message, code);
    this.name = 'UsageError';
  }
}

/** Every problem found in a configuration, reported together. */
export class ConfigError extends UserError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
