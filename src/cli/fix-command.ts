// The acting flags: --fix (provision the compliant trust setup), --aws (scan the live account) and
// --rollback FILE. Everything AWS is in src/fix, imported only when one of these flags is given.
import { createInterface } from 'node:readline';
import { type Command, Option } from 'commander';
import { sortFindings } from '../engine/run.js';
import type { LintResult } from '../engine/types.js';
import type { ReadChainOptions } from '../online/tls.js';
import { checkPaths } from '../discover/paths.js';
import type { Registry, configOptions } from './cli-config.js';
import { UsageError } from './usage-error.js';
import { type CliIO, EXIT_ERROR, reportFindings } from './shared.js';
import { type CliOptions, readOptions } from './options.js';

export interface FixFlags {
  fix: boolean;
  /** --fix-code: the findings' fixes as edits to the files (src/cli/fix-code-command.ts). */
  fixCode: boolean;
  aws: boolean;
  rollback?: string;
  yes: boolean;
  organization?: string;
  project?: string;
  workspace?: string;
  runPhase?: 'plan' | 'apply';
  audiences: string[];
  thumbprints: string[];
  createMissing: boolean;
  detachAdmin: boolean;
  skipAccessAnalyzer: boolean;
  allowSharedProvider: string[];
  rollbackFile?: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  roleArn?: string;
  /** Seconds one AWS call may take (--aws-timeout, TFC_OIDC_LINT_AWS_TIMEOUT). */
  awsTimeout?: number;
  /** Seconds all AWS calls may take together (--aws-deadline, TFC_OIDC_LINT_AWS_DEADLINE). */
  awsDeadline?: number;
  /** Paths were named on the command line (with --aws, the code is linted too). */
  explicitPaths: boolean;
  /** For the JSON report's `tool` block. */
  toolVersion: string;
}

export type FixCommandOptions = CliOptions & FixFlags;

export interface FixIO extends CliIO {
  /** For the interactive "yes" (only when stdin and stdout are terminals); default process.stdin. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Progress goes to stderr only when it is a terminal; default process.stderr.isTTY. */
  stderrIsTTY?: boolean;
  /** How TLS chains are read for thumbprints (tests point the issuer host at a local server). */
  chainOptions?: ReadChainOptions;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function addFixOptions(program: Command): Command {
  return program
    .option('--aws', 'scan the live AWS account (IAM roles, policies, OIDC providers) with every rule')
    .option('--fix', 'provision the compliant OIDC provider and trust policies in AWS (shows a plan first)')
    .option('--fix-code', 'edit the Terraform code so the findings are fixed (prints a diff; --yes writes it)')
    .option('--rollback <file>', 'restore the state recorded in a rollback file written by --fix')
    .option('-y, --yes', 'apply the --fix or --rollback plan, or write the --fix-code edits, without asking')
    .option('--organization <name>', '--fix/--fix-code: HCP Terraform organization to pin in the sub condition')
    .option('--project <name>', '--fix/--fix-code: project to pin')
    .option('--workspace <name>', '--fix/--fix-code: workspace to pin')
    .addOption(new Option('--run-phase <phase>', '--fix/--fix-code: run phase to pin').choices(['plan', 'apply']))
    .option(
      '--audience <aud>',
      "--fix/--fix-code: audience to admit (repeatable; default: the code's, else aws.workload.identity)",
      collect,
    )
    .option('--thumbprint <sha1>', '--fix: provider thumbprint to use instead of reading the TLS chain (repeatable)', collect)
    .option('--create-missing', '--fix: create roles that do not exist yet')
    .option('--detach-admin', '--fix/--fix-code: detach AdministratorAccess and similar admin policies')
    .option(
      '--allow-shared-provider <role>',
      '--fix: let a provider change affect this role although its trust is not narrow (repeatable, or comma-separated)',
      collect,
    )
    .option('--skip-access-analyzer', '--fix: do not validate with IAM Access Analyzer (where it is unavailable)')
    .option('--rollback-file <file>', '--fix: where to write the rollback file (default: ./tfc-oidc-lint-rollback-<account>-<time>.json)')
    .option('--profile <name>', 'AWS profile (shared config/credentials files, SSO)')
    .option('--region <region>', 'AWS region for STS and Access Analyzer (IAM is global; default: AWS_REGION, else us-east-1)')
    .option('--endpoint-url <url>', 'AWS endpoint (LocalStack, moto)')
    .option('--role-arn <arn>', 'assume this role (sts:AssumeRole) to act on its account')
    .option('--aws-timeout <seconds>', 'seconds one AWS call may take before the run stops (default 30; env TFC_OIDC_LINT_AWS_TIMEOUT)')
    .option('--aws-deadline <seconds>', 'seconds all AWS calls of the run may take together (default 900; env TFC_OIDC_LINT_AWS_DEADLINE)');
}

/** The --fix/--aws/--rollback options after `program.parse`, or undefined when none of them is given. */
export function readFixOptions(program: Command): FixCommandOptions | undefined {
  const o = program.opts<Record<string, unknown>>();
  if (!o.fix && !o.aws && o.rollback === undefined && !o.fixCode) return undefined;
  const str = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
  const list = (k: string) => (Array.isArray(o[k]) ? (o[k] as string[]) : []);
  const flags: FixFlags = {
    fix: o.fix === true,
    fixCode: o.fixCode === true,
    aws: o.aws === true,
    rollback: str('rollback'),
    yes: o.yes === true,
    organization: str('organization'),
    project: str('project'),
    workspace: str('workspace'),
    runPhase: str('runPhase') as FixFlags['runPhase'],
    audiences: list('audience'),
    thumbprints: list('thumbprint'),
    createMissing: o.createMissing === true,
    detachAdmin: o.detachAdmin === true,
    skipAccessAnalyzer: o.skipAccessAnalyzer === true,
    allowSharedProvider: list('allowSharedProvider')
      .flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter(Boolean),
    rollbackFile: str('rollbackFile'),
    profile: str('profile'),
    region: str('region'),
    endpointUrl: str('endpointUrl'),
    roleArn: str('roleArn'),
    awsTimeout: seconds('--aws-timeout', str('awsTimeout')),
    awsDeadline: seconds('--aws-deadline', str('awsDeadline')),
    explicitPaths: program.args.length > 0,
    toolVersion: program.version() ?? '0.0.0',
  };
  return { ...readOptions(program), ...flags };
}

/** A positive number of seconds, or a usage error naming the flag. */
function seconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !(n > 0)) throw new UsageError(`${flag} "${text}": expected a positive number of seconds`);
  return n;
}

function checkFlags(o: FixCommandOptions): void {
  const modes = [o.fix, o.aws, o.rollback !== undefined, o.fixCode].filter(Boolean).length;
  if (modes > 1) throw new UsageError('--fix, --fix-code, --aws and --rollback are separate commands: give one of them');
  for (const t of o.thumbprints)
    if (!/^[0-9a-fA-F]{40}$/.test(t)) throw new UsageError(`--thumbprint "${t}": expected 40 hexadecimal digits (a SHA-1)`);
  if (o.endpointUrl && !/^https?:\/\//.test(o.endpointUrl))
    throw new UsageError(`--endpoint-url "${o.endpointUrl}": expected an http:// or https:// URL`);
  if (o.roleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(o.roleArn))
    throw new UsageError(`--role-arn "${o.roleArn}": expected an IAM role ARN`);
}

type LintSettings = Omit<ReturnType<typeof configOptions>, 'resolved'> & { registry: Registry };

/** The team's config file, --rule and --ignore-rule, as the plain lint reads them: they apply to live findings too. */
async function lintSettings(opts: FixCommandOptions, io: FixIO): Promise<LintSettings> {
  const registry: Registry = await import('../../rules/index.js');
  // The config loader compiles its schema: load it only when a command needs it.
  const { configOptions, readConfig } = await import('./cli-config.js');
  const config = await readConfig(opts, io.cwd, (id) => registry.findRule(id) !== undefined);
  const { resolved: _resolved, ...options } = configOptions(opts, config, registry);
  return { ...options, registry };
}

async function lintCode(opts: FixCommandOptions, io: FixIO, settings: LintSettings): Promise<LintResult> {
  await checkPaths(opts.paths, io.cwd);
  await checkPaths(opts.varFiles, io.cwd);
  const { lint } = await import('../engine/lint.js');
  const { registry: _registry, ...options } = settings;
  return lint(opts.paths, { cwd: io.cwd, vars: opts.vars, varFiles: opts.varFiles, env: io.env, ...options });
}

/** A one-line progress indicator, redrawn in place; only on a terminal and not with --quiet. */
function progressFor(opts: FixCommandOptions, io: FixIO): { update(m: string): void; done(): void } {
  const on = !opts.quiet && (io.stderrIsTTY ?? Boolean(process.stderr.isTTY));
  let shown = false;
  return {
    update: (m) => {
      if (!on) return;
      io.stderr.write(`\r\x1b[2K${m}…`);
      shown = true;
    },
    done: () => {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}

function confirmer(opts: FixCommandOptions, io: FixIO): (question: string) => Promise<boolean> {
  return async (question) => {
    if (opts.yes) return true;
    const stdin = io.stdin ?? process.stdin;
    if (!io.isTTY || !stdin.isTTY) return false;
    io.stderr.write(`${question} Only "yes" applies: `);
    const rl = createInterface({ input: stdin, terminal: false });
    try {
      const answer = await new Promise<string>((res) => rl.once('line', res).once('close', () => res('')));
      return answer.trim().toLowerCase() === 'yes';
    } finally {
      rl.close();
    }
  };
}

/** Runs --fix, --aws or --rollback. Usage errors are thrown (the CLI maps them to exit 2); AWS errors are reported here. */
export async function runFixOrAws(opts: FixCommandOptions, io: FixIO): Promise<number> {
  checkFlags(opts);
  const settings = await lintSettings(opts, io);
  if (opts.fixCode) {
    const { registry: _registry, ...options } = settings;
    return (await import('./fix-code-command.js')).runFixCode(opts, io, options);
  }
  const code = opts.fix || (opts.aws && opts.explicitPaths) ? await lintCode(opts, io, settings) : undefined;
  const { openSession, closeSession, AwsError } = await import('../fix/aws.js');
  const progress = progressFor(opts, io);
  let session;
  try {
    progress.update('connecting to AWS');
    session = await openSession({
      profile: opts.profile,
      region: opts.region,
      endpointUrl: opts.endpointUrl,
      roleArn: opts.roleArn,
      env: io.env,
      timeoutSeconds: opts.awsTimeout ?? seconds('TFC_OIDC_LINT_AWS_TIMEOUT', io.env.TFC_OIDC_LINT_AWS_TIMEOUT || undefined),
      deadlineSeconds: opts.awsDeadline ?? seconds('TFC_OIDC_LINT_AWS_DEADLINE', io.env.TFC_OIDC_LINT_AWS_DEADLINE || undefined),
    });
    const ask = confirmer(opts, io);
    const s = session;
    const interactive = io.isTTY && Boolean((io.stdin ?? process.stdin).isTTY);
    const act = {
      session,
      stdout: io.stdout,
      stderr: io.stderr,
      cwd: io.cwd,
      confirm: (q: string) => s.pauseDeadline(() => ask(q)),
      dryRun: !opts.yes && !interactive,
    };
    if (opts.aws) {
      const { scanAccount } = await import('../fix/scan.js');
      const { rules, ruleSettings, ruleOptions, expectations } = settings;
      const live = await scanAccount(session, { rules, ruleSettings, ruleOptions, expectations, progress: (m) => progress.update(m) });
      progress.done();
      return await reportFindings(merge(live, code), opts, io, { toolVersion: opts.toolVersion, rules: settings.registry.rules });
    }
    progress.done();
    const run = await import('../fix/live-commands.js');
    if (opts.rollback !== undefined) return await run.runRollback({ ...act, file: opts.rollback });
    return await run.runFix({
      ...act,
      code: code!,
      pins: {
        organization: opts.organization,
        project: opts.project,
        workspace: opts.workspace,
        runPhase: opts.runPhase,
        audiences: opts.audiences,
      },
      thumbprints: opts.thumbprints,
      createMissing: opts.createMissing,
      detachAdmin: opts.detachAdmin,
      skipAccessAnalyzer: opts.skipAccessAnalyzer,
      allowSharedProvider: opts.allowSharedProvider,
      rollbackFile: opts.rollbackFile,
      chainOptions: io.chainOptions,
    });
  } catch (e) {
    progress.done();
    if (!(e instanceof AwsError)) throw e;
    // Nothing is changed before the apply step, which reports its own Changed / Not changed lists.
    if (e.code === 'Timeout') io.stderr.write(`Stopped: ${e.message}\n${opts.aws ? '' : 'Nothing was changed.\n'}`);
    else io.stderr.write(`tfc-oidc-lint: ${e.message}\n`);
    return EXIT_ERROR;
  } finally {
    closeSession(session);
  }
}

/** Live findings and, when paths were named, the code's, in one report. */
function merge(live: LintResult, code: LintResult | undefined): LintResult {
  if (!code) return live;
  return {
    findings: sortFindings([...code.findings, ...live.findings]),
    suppressed: [...(code.suppressed ?? []), ...(live.suppressed ?? [])],
    project: live.project,
    files: new Map([...code.files, ...live.files]),
    stats: { ...code.stats, files: code.stats.files + live.stats.files, durationMs: code.stats.durationMs + live.stats.durationMs },
  };
}
