// The CLI: argv → report on stdout (or --output) → exit code. The engine (and with it
// tree-sitter) is imported only when there is something to lint, so --help and --version stay fast.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { severityRank, type Finding } from '../engine/rule.js';
import type { LintResult } from '../engine/types.js';
import { checkPaths } from '../discover/paths.js';
import { getReporter } from '../report/index.js';
import { isUsageError, UsageError } from './errors.js';
import type { Registry } from './config.js';
import { type FixIO, addFixOptions, readFixOptions, runFixOrAws } from './fix-command.js';
import { buildProgram, readOptions, type CliOptions, type Output } from './options.js';

export { UsageError } from './errors.js';
export type { FixIO } from './fix-command.js';
export { type CliIO, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, colorEnabled, exitCode } from './shared.js';
import { type CliIO, EXIT_ERROR, EXIT_OK, colorEnabled, exitCode } from './shared.js';



/** The version in our package.json, found by walking up from this file (src/ or dist/src/). */
function toolVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tfc-oidc-lint' && pkg.version) return pkg.version;
    } catch {
      // not here; keep walking up
    }
  }
  return '0.0.0';
}


/** --write-baseline records what is open now (and what the old baseline held); then it holds all of it. */
async function recordBaseline(result: LintResult, file: string): Promise<void> {
  const { BASELINE_JUSTIFICATION, toBaseline, writeBaseline } = await import('../engine/baseline.js');
  const fromBaseline = (f: Finding) => f.suppressions?.every((s) => s.justification === BASELINE_JUSTIFICATION);
  const accepted = [...result.findings, ...(result.suppressed ?? []).filter(fromBaseline)];
  await writeBaseline(file, toBaseline(accepted, result.files));
  for (const f of result.findings) (f.suppressions ??= []).push({ kind: 'external', justification: BASELINE_JUSTIFICATION });
  result.suppressed = [...(result.suppressed ?? []), ...result.findings];
  result.findings = [];
}


async function lintAndReport(opts: CliOptions, io: CliIO, version: string, registry: Registry): Promise<number> {
  // Fail on a mistyped path before loading the parser.
  await checkPaths(opts.paths, io.cwd);
  await checkPaths(opts.varFiles, io.cwd);
  // Everything below loads only for a real run, so --version and --help stay light.
  const { configOptions, readConfig } = await import('./config.js');
  const { namedScope, restrictToScope } = await import('../engine/changed.js');
  const config = await readConfig(opts, io.cwd, (id) => registry.findRule(id) !== undefined);
  const { resolved, ...options } = configOptions(opts, config, registry);
  if (opts.printConfig) {
    const { printableConfig } = await import('../config/resolve.js');
    io.stdout.write(JSON.stringify(printableConfig(registry.rules, config, resolved), null, 2) + '\n');
    return EXIT_OK;
  }
  const baseline = opts.baseline
    ? await (await import('../engine/baseline.js')).readBaseline(resolve(io.cwd, opts.baseline)).catch((e: Error) => Promise.reject(new UsageError(e.message)))
    : undefined;
  const { lint } = await import('../engine/lint.js');
  const result = await lint(opts.paths, {
    cwd: io.cwd,
    vars: opts.vars,
    varFiles: opts.varFiles,
    env: io.env,
    ...options,
    baseline,
    online: opts.online,
    onlineTimeoutMs: opts.onlineTimeoutMs,
    prefilter: opts.prefilter,
    cache: opts.cache,
    jobs: opts.jobs,
    maxFileSize: opts.maxFileSize ?? options.maxFileSize,
  });
  // Pre-commit names files: report what is in them or caused by them, not the whole module.
  const scope = await namedScope(opts.paths, io.cwd);
  result.findings = restrictToScope(result.findings, scope, io.cwd);
  result.suppressed = restrictToScope(result.suppressed ?? [], scope, io.cwd);
  if (opts.writeBaseline) await recordBaseline(result, resolve(io.cwd, opts.writeBaseline));
  const threshold = severityRank(opts.failOn);
  const findings = opts.quiet ? result.findings.filter((f) => severityRank(f.severity) >= threshold) : result.findings;
  const reporter = getReporter(opts.format)!;
  const text = reporter(
    { findings, suppressed: result.suppressed, files: result.files, stats: result.stats },
    {
      color: colorEnabled(opts, io),
      width: io.isTTY && io.columns ? Math.min(io.columns, 120) : 100,
      toolVersion: version,
      rules: registry.rules,
    },
  );
  if (opts.output) await writeFile(resolve(io.cwd, opts.output), text);
  else io.stdout.write(text);
  return exitCode(result.findings, opts);
}

async function dispatch(opts: CliOptions, io: CliIO, version: string): Promise<number> {
  const registry: Registry = await import('../../rules/index.js');
  const { explain, init, listRules } = await import('./commands.js');
  if (opts.listRules) {
    listRules(registry.rules, opts.format, io.stdout);
    return EXIT_OK;
  }
  if (opts.explain !== undefined) {
    explain(opts.explain, registry.findRule, io.stdout);
    return EXIT_OK;
  }
  if (opts.init) {
    await init(io.cwd, registry.rules, io.stdout);
    return EXIT_OK;
  }
  return lintAndReport(opts, io, version, registry);
}

/**
 * Run the CLI with `argv` (the user's arguments, without node and the script). Never throws.
 * `io` is a CliIO; FixIO's optional fields (stdin, stderrIsTTY, chainOptions) reach --fix/--aws.
 */
export async function run(argv: string[], io: FixIO): Promise<number> {
  const version = toolVersion();
  const program = addFixOptions(buildProgram(version, io.stdout, io.stderr));
  try {
    program.parse(argv, { from: 'user' });
    // --fix, --aws and --rollback talk to AWS; their module loads the SDK only when used.
    const fix = readFixOptions(program);
    if (fix) return await runFixOrAws(fix, io);
    return await dispatch(readOptions(program), io, version);
  } catch (e) {
    // Commander has already printed help, the version or its own error message.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    if (isUsageError(e)) {
      io.stderr.write(`tfc-oidc-lint: ${e.message}\n(run tfc-oidc-lint --help for usage)\n`);
      return EXIT_ERROR;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(`tfc-oidc-lint: ${err.message}\n`);
    // DEBUG follows the `debug` package's convention: a comma-separated list, `*` for all.
    const debug = (io.env.DEBUG ?? '').split(/[\s,]+/).some((d) => d === '*' || d === 'tfc-oidc-lint');
    if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_ERROR;
  }
}
