// The one-line reason of a crash (a thrown value), for internal-error diagnostics. A leaf
// module: the evaluator and the engine both use it, and the CLI's start-up may load it.

/** One line for a thrown value, without a stack: for internal-error diagnostics. */
export function crashReason(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message))
    return 'the input is nested too deeply for it (Maximum call stack size exceeded)';
  const text = typeof (err as { message?: unknown })?.message === 'string' ? (err as Error).message : String(err);
  return text.split('\n')[0].slice(0, 300) || 'an unknown error';
}
