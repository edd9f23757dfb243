// `npm run build`, second step: bundle the compiled CLI (dist/src/cli/index.js) and the worker
// script into dist/bundle/ with esbuild, so that a run loads a few dozen files instead of ~180
// modules of dist/src and small dependencies (each ESM module costs Node a resolve, a read and a
// compile: about 0.2 s of a pre-commit run; docs/performance.md "Start-up").
// - Code split: what the CLI imports lazily (the evaluator, --fix, the reporters) stays in its
//   own chunk and still loads only when a run needs it.
// - External: the grammar runtime (web-tree-sitter finds its .wasm beside itself), the AWS SDK
//   (--fix and --aws only), the IAM action data (read from its own folder), and the CommonJS
//   packages imported with import() (yaml, ajv: config files only).
// - dist/bundle/inputs.json lists the dist/src modules in each output file, so a test can still
//   say which of our modules a run loaded.
// The library API (`import { lint }`, dist/src/index.js) is not bundled.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // lint and report: for `npm run bench`, which times the scan as the CLI loads it.
  entryPoints: {
    cli: 'dist/src/cli/index.js',
    worker: 'dist/src/engine/worker.js',
    lint: 'dist/src/engine/lint.js',
    report: 'dist/src/report/index.js',
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // jsonc-parser's CommonJS build requires its parts by computed paths; its ES module build does not.
  mainFields: ['module', 'main'],
  // yaml and ajv: CommonJS packages the config loader imports with import(), whose named exports
  // esbuild's code splitting would reduce to a default export; Node gives them as written.
  external: ['web-tree-sitter', '@aws-sdk/*', '@smithy/*', '@cloud-copilot/*', 'yaml', 'ajv'],
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  metafile: true,
  // Less text for V8 to parse at start-up (1.9 → 1.4 MB); names are kept, so stack traces and
  // profiles still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
const inputs = {};
for (const [out, meta] of Object.entries(result.metafile.outputs))
  inputs[relative('dist/bundle', out)] = Object.keys(meta.inputs)
    .filter((i) => i.startsWith('dist/'))
    .sort();
writeFileSync(`${outdir}/inputs.json`, JSON.stringify(inputs, null, 1) + '\n');
