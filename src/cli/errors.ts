// Errors the CLI maps to exit code 2. Typed so that callers deep in the library (discovery)
// can signal "the user asked for something impossible" without the CLI parsing messages.

/** The command line asks for something that cannot be done: a missing path, a bad flag value. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError || (e instanceof Error && e.name === 'UsageError');
}
