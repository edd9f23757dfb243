// Runs the CLI's --fix/--aws/--rollback path through run() itself, as the bin does, with the
// FixIO fields tests need (a terminal stdin, stderr's TTY-ness, where TLS chains are read from).
import { type FixIO, run } from '../../src/cli/index.js';
import type { ReadChainOptions } from '../../src/online/tls.js';
import { TEST_ENV } from './server.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const ACTING = new Set(['--fix', '--aws', '--rollback']);

export async function fixCli(
  argv: string[],
  o: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    stderrIsTTY?: boolean;
    chainOptions?: ReadChainOptions;
    isTTY?: boolean;
    stdin?: FixIO['stdin'];
  } = {},
): Promise<CliRun> {
  // A test that forgot the flag would silently run a plain lint instead.
  if (!argv.some((a) => ACTING.has(a))) throw new Error('fixCli: give --fix, --aws or --rollback');
  let stdout = '';
  let stderr = '';
  const io: FixIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: o.env ?? TEST_ENV,
    cwd: o.cwd ?? process.cwd(),
    isTTY: o.isTTY ?? false,
    stderrIsTTY: o.stderrIsTTY ?? false,
    chainOptions: o.chainOptions,
    ...(o.stdin ? { stdin: o.stdin } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
