// One measured phase of `npm run bench`, in its own process so that its peak RSS is its own.
// Usage: node scripts/bench-phase.mjs floor|parse|scan <dir> [--no-prefilter] [--cache <file>] [--jobs <n>]
// Prints one JSON line: { ms, files, bytes, rssMB, cpuMs } (cpuMs: user + system time of the whole
// process, start-up and worker threads included).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const dist = new URL('../dist/src/', import.meta.url);
const [phase, dir, ...rest] = process.argv.slice(2);
const flag = (name) => rest.includes(name);
const value = (name) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);

async function listFiles() {
  const { discover } = await import(new URL('discover/index.js', dist));
  const found = await discover([dir], { cwd: process.cwd() });
  return [...found.modules.flatMap((m) => m.files), ...found.documents];
}

async function readAll(paths, each) {
  let next = 0;
  let bytes = 0;
  const lane = async () => {
    while (next < paths.length) {
      const p = paths[next++];
      const buf = await readFile(p);
      bytes += buf.length;
      if (each) each(p, buf);
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
  return bytes;
}

const started = performance.now();
let files = 0;
let bytes = 0;
if (phase === 'floor') {
  // Listing and reading every file: what any scan pays at least.
  const paths = await listFiles();
  files = paths.length;
  bytes = await readAll(paths);
} else if (phase === 'parse') {
  // What a scan without a pre-filter pays before evaluating anything: tree-sitter on every file.
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasm));
  const paths = await listFiles();
  files = paths.length;
  const texts = [];
  bytes = await readAll(paths, (p, buf) => texts.push([p, buf.toString('utf8')]));
  for (const [p, text] of texts) {
    if (p.endsWith('.json')) JSON.parse(text);
    else parser.parse(text)?.delete();
  }
} else if (phase === 'scan') {
  // The linter as the CLI runs it: lint, then the JSON report.
  // From the bundle, as the CLI loads them (scripts/bundle.mjs), when there is one.
  const bundle = new URL('../dist/bundle/', import.meta.url);
  const from = existsSync(new URL('lint.js', bundle))
    ? { lint: new URL('lint.js', bundle), report: new URL('report.js', bundle) }
    : { lint: new URL('engine/lint.js', dist), report: new URL('report/index.js', dist) };
  const { lint } = await import(from.lint);
  const { getReporter } = await import(from.report);
  const jobs = value('--jobs');
  const result = await lint([dir], {
    prefilter: !flag('--no-prefilter'),
    cache: value('--cache'),
    jobs: jobs === undefined ? undefined : Number(jobs),
  });
  const text = getReporter('json')(
    { findings: result.findings, files: result.files, stats: result.stats },
    { color: false, width: 100, toolVersion: 'bench' },
  );
  files = result.stats.files;
  bytes = text.length;
  process.stderr.write(
    JSON.stringify({
      findings: result.findings.length,
      evaluated: result.stats.evaluatedModules,
      skipped: result.stats.skippedModules,
      workers: result.stats.workers,
      cacheHits: result.stats.cacheHits,
    }) + '\n',
  );
}
const ms = performance.now() - started;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms, files, bytes, rssMB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 }));
