// The CLI: argv → report on stdout (or --output) → exit code. The engine (and with it
// tree-sitter) is imported only when there is something to lint, so --help and --version stay fast.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import type { Finding } from '../core/finding.js';
import { ownPackage } from '../core/package.js';
import type { LintResult } from '../engine/types.js';
import { checkPaths } from '../discover/paths.js';
import { isUsageError, UsageError } from './usage-error.js';
import type { Registry } from './cli-config.js';
import { type FixIO, addFixOptions, readFixOptions, runFixOrAws } from './fix-command.js';
import { buildProgram, readOptions, type CliOptions } from './options.js';

export { UsageError } from './usage-error.js';
export type { FixIO } from './fix-command.js';
export { type CliIO, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, colorEnabled, exitCode } from './shared.js';
import { type CliIO, EXIT_ERROR, EXIT_OK, reportFindings } from './shared.js';

/** The version in our package.json. */
function toolVersion(): string {
  return ownPackage()?.version || '0.0.0';
}

/** --write-baseline records what is open now (and what the old baseline held); then it holds all of it. */
async function recordBaseline(result: LintResult, file: string): Promise<number> {
  const { BASELINE_JUSTIFICATION, toBaseline, writeBaseline } = await import('../engine/baseline.js');
  const fromBaseline = (f: Finding) => f.suppressions?.every((s) => s.justification === BASELINE_JUSTIFICATION);
  const accepted = [...result.findings, ...(result.suppressed ?? []).filter(fromBaseline)];
  await writeBaseline(file, toBaseline(accepted, result.files));
  for (const f of result.findings) (f.suppressions ??= []).push({ kind: 'external', justification: BASELINE_JUSTIFICATION });
  result.suppressed = [...(result.suppressed ?? []), ...result.findings];
  result.findings = [];
  return accepted.length;
}

/**
 * What fingerprints take paths relative to, so that a baseline written from one directory matches
 * a scan from another: the git repository around cwd, else the baseline file's directory.
 */
function fingerprintRoot(cwd: string, baseline: string | undefined): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  return baseline ? dirname(resolve(cwd, baseline)) : undefined;
}

/** The run's settings as the flags (and their defaults) make them, for --print-config. */
function effectiveSettings(opts: CliOptions): Record<string, unknown> {
  return {
    paths: opts.paths,
    format: opts.format,
    output: opts.output ?? null,
    failOn: opts.failOn,
    maxWarnings: opts.maxWarnings ?? null,
    quiet: opts.quiet,
    allowEmpty: opts.allowEmpty,
    vars: opts.vars,
    varFiles: opts.varFiles,
    only: opts.only,
    ignoreRules: opts.skip,
    baseline: opts.baseline ?? null,
    writeBaseline: opts.writeBaseline ?? null,
    inlineSuppressions: opts.inlineSuppressions,
    online: opts.online,
    onlineTimeoutMs: opts.onlineTimeoutMs ?? 10_000,
    prefilter: opts.prefilter,
    cache: opts.cache === true ? '.tfc-oidc-lint-cache' : (opts.cache ?? false),
    jobs: opts.jobs ?? 'auto',
  };
}

async function lintAndReport(opts: CliOptions, io: CliIO, version: string, registry: Registry): Promise<number> {
  // Fail on a mistyped path before loading the parser.
  await checkPaths(opts.paths, io.cwd);
  await checkPaths(opts.varFiles, io.cwd);
  // Everything below loads only for a real run, so --version and --help stay light.
  const { configOptions, readConfig } = await import('./cli-config.js');
  const { namedScope, restrictToScope } = await import('../engine/changed.js');
  const config = await readConfig(
    opts,
    io.cwd,
    (id) => registry.findRule(id) !== undefined,
    registry.rules.map((r) => r.meta.id),
  );
  const { resolved, ...options } = configOptions(opts, config, registry);
  if (opts.printConfig) {
    const { printableConfig } = await import('../config/resolve.js');
    const printed = { ...printableConfig(registry.rules, config, resolved), settings: effectiveSettings(opts) };
    io.stdout.write(JSON.stringify(printed, null, 2) + '\n');
    return EXIT_OK;
  }
  const baseline = opts.baseline
    ? await (
        await import('../engine/baseline.js')
      )
        .readBaseline(resolve(io.cwd, opts.baseline))
        .catch((e: Error) => Promise.reject(new UsageError(e.message)))
    : undefined;
  const { lint } = await import('../engine/lint.js');
  const result = await lint(opts.paths, {
    cwd: io.cwd,
    vars: opts.vars,
    varFiles: opts.varFiles,
    env: io.env,
    ...options,
    baseline,
    fingerprintRoot: fingerprintRoot(io.cwd, opts.baseline ?? opts.writeBaseline),
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
  // A mistyped CI path that exists but holds nothing must not pass as "no problems". Named files
  // (pre-commit passes whatever matches its pattern, package.json included) are what was asked for.
  const inputs = result.stats.modules + result.stats.documents - (result.stats.skippedDocuments ?? 0);
  if (inputs === 0 && !scope && !opts.allowEmpty) {
    throw new UsageError(
      `no Terraform (.tf, .tf.json, terraform.tfvars) or IAM/plan JSON input in ${opts.paths.join(', ')} (pass --allow-empty if that is expected)`,
    );
  }
  if (opts.writeBaseline) {
    const recorded = await recordBaseline(result, resolve(io.cwd, opts.writeBaseline));
    io.stderr.write(`tfc-oidc-lint: recorded ${recorded} finding${recorded === 1 ? '' : 's'} in ${opts.writeBaseline}\n`);
  }
  return reportFindings(result, opts, io, { toolVersion: version, rules: registry.rules });
}

async function dispatch(opts: CliOptions, io: CliIO, version: string): Promise<number> {
  const registry: Registry = await import('../../rules/index.js');
  const { explain, init, listRules } = await import('./commands.js');
  if (opts.listRules) {
    listRules(registry.rules, opts.format, io.stdout);
    return EXIT_OK;
  }
  if (opts.explain !== undefined) {
    explain(
      opts.explain,
      registry.findRule,
      io.stdout,
      registry.rules.map((r) => r.meta.id),
    );
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
