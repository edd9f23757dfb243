// Run the CLI in-process with captured stdout and stderr (tests only).
import { run, type CliIO } from '../cli/index.js';

export async function cli(
  argv: string[],
  cwd = process.cwd(),
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd,
    isTTY: false,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
