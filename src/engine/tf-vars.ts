// TF_VAR_* from the environment, sorted: part of the evaluation settings (and of the cache key).
// Its own module so that lint.ts can build the settings without loading the evaluator.
export function tfVarEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(env).sort()) if (k.startsWith('TF_VAR_') && env[k] !== undefined) out[k] = env[k]!;
  return out;
}
