#!/usr/bin/env node
// Process glue only: argv and the process streams in, exit code out. Everything else is in src/cli.
import { readFileSync, statSync } from 'node:fs';

const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // The one answer that needs none of the CLI: printed before any of it loads, so a version check
  // costs Node's own start-up and one small file read (docs/performance.md).
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { run } = await import(cliModule());

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

/**
 * The bundled CLI (dist/bundle, scripts/bundle.mjs): a few files instead of ~180 modules. The
 * compiled modules stand in when there is no bundle, or when tsc ran after it was made (a
 * bundle older than dist/ would run yesterday's code).
 */
function cliModule() {
  const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
  try {
    const built = (url) => statSync(new URL(url, import.meta.url)).mtimeMs;
    if (built('../dist/bundle/inputs.json') >= built('../dist/.tsbuildinfo')) return bundle.href;
  } catch (err) {
    // No bundle: the compiled modules. No build record (an installed package): the bundle.
    if (err.path?.endsWith('.tsbuildinfo')) return bundle.href;
  }
  return new URL('../dist/src/cli/index.js', import.meta.url).href;
}
