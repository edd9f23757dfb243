#!/usr/bin/env node
// Process glue only: argv and the process streams in, exit code out. Everything else is in src/cli.
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // The one answer that needs none of the CLI: printed before any of it loads, so a version check
  // costs Node's own start-up and one small file read (docs/performance.md).
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { run } = await import('../dist/src/cli/index.js');

  // `tfc-oidc-lint . | head` closes stdout early; that is not an error worth a stack trace.
  process.stdout.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });

  process.exitCode = await run(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.columns,
  });
}
