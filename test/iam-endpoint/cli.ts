// Runs the CLI's --fix/--aws/--rollback path as src/cli wires it: the program with our flags,
// parsed from argv, then runFixOrAws; usage errors and exit codes as run() maps them.
import { CommanderError } from 'commander';
import { type FixIO, addFixOptions, readFixOptions, runFixOrAws } from '../../src/cli/fix-command.js';
import { isUsageError } from '../../src/cli/errors.js';
import { buildProgram } from '../../src/cli/options.js';
import type { ReadChainOptions } from '../../src/online/tls.js';
import { TEST_ENV } from './server.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function fixCli(
  argv: string[],
  o: { cwd?: string; env?: Record<string, string | undefined>; stderrIsTTY?: boolean; chainOptions?: ReadChainOptions; isTTY?: boolean; stdin?: FixIO['stdin'] } = {},
): Promise<CliRun> {
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
  const program = addFixOptions(buildProgram('9.9.9', io.stdout, io.stderr));
  let code: number;
  try {
    program.parse(argv, { from: 'user' });
    const opts = readFixOptions(program);
    if (!opts) throw new Error('fixCli: give --fix, --aws or --rollback');
    code = await runFixOrAws(opts, io);
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
    else if (isUsageError(e)) {
      stderr += `tfc-oidc-lint: ${(e as Error).message}\n`;
      code = 2;
    } else throw e;
  }
  return { code, stdout, stderr };
}
