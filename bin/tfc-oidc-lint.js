#!/usr/bin/env node
// Process glue only: argv and the process streams in, exit code out. Everything else is in src/cli.
import { run } from '../dist/src/cli/index.js';

// `tfc-oidc-lint . | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  columns: process.stdout.columns,
});
