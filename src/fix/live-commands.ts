// The three acting commands: --fix (plan, validate, confirm, rollback file, apply, drift),
// --rollback FILE, and the live-account scan behind --aws.
import { resolve } from 'node:path';
import type { LintResult } from '../engine/types.js';
import type { ReadChainOptions } from '../online/tls.js';
import { type Action, applyActions, describeAction } from './actions.js';
import type { AwsSession } from './aws.js';
import { type PinFlags, fixTargets } from './desired.js';
import { correctedTerraform } from './drift.js';
import { type FixPlan, formatPlan, planFix } from './plan.js';
import { type RollbackFile, readRollbackFile, restorePlan, rollbackState, writeRollbackFile } from './rollback.js';
import { validateTrustChanges } from './validate.js';
import { AwsError } from './aws.js';

export interface Out {
  write(chunk: string): unknown;
}

export interface ActOptions {
  session: AwsSession;
  stdout: Out;
  stderr: Out;
  cwd: string;
  /** Whether changes are approved: --yes, or an interactive "yes". */
  confirm(question: string): Promise<boolean>;
  /** Neither --yes nor a terminal to ask on: the run can only preview. */
  dryRun?: boolean;
}

export interface FixOptions extends ActOptions {
  /** The code's lint result (model and findings). */
  code: LintResult;
  pins: PinFlags;
  thumbprints: string[];
  createMissing: boolean;
  detachAdmin: boolean;
  skipAccessAnalyzer: boolean;
  /** --allow-shared-provider: roles a provider change may affect although they are not narrow. */
  allowSharedProvider?: string[];
  rollbackFile?: string;
  chainOptions?: ReadChainOptions;
}

export const FIX_OK = 0;
/** Changes are pending (not confirmed): the account is not yet as it should be. */
export const FIX_PENDING = 1;
export const FIX_ERROR = 2;

function defaultRollbackPath(cwd: string, account: string): string {
  return resolve(cwd, `tfc-oidc-lint-rollback-${account}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
}

/** Applies and reports; the rollback file is written by the caller before this runs. */
async function applyAndReport(
  o: ActOptions,
  actions: Action[],
  rollbackPath: string | undefined,
): Promise<{ ok: boolean; done: Action[] }> {
  const outcome = await applyActions(o.session, actions, (a) => o.stdout.write(`  done: ${describeAction(a)}\n`));
  if (!outcome.failed) {
    o.stdout.write(`Applied ${outcome.done.length} change${outcome.done.length === 1 ? '' : 's'}.\n`);
    return { ok: true, done: outcome.done };
  }
  const lines = [
    `Stopped: ${outcome.failed.error.message}`,
    outcome.done.length ? 'Changed:' : 'Nothing was changed.',
    ...outcome.done.map((a) => `  ${describeAction(a)}`),
    'Not changed:',
    isTimeout(outcome.failed.error)
      ? `  ${describeAction(outcome.failed.action)} (no answer: AWS may or may not have applied it; the rollback file covers either case)`
      : `  ${describeAction(outcome.failed.action)} (failed)`,
    ...outcome.notDone.map((a) => `  ${describeAction(a)}`),
    ...(rollbackPath
      ? [`The rollback file ${rollbackPath} restores the state before this run: tfc-oidc-lint --rollback ${rollbackPath} --yes`]
      : []),
  ];
  o.stderr.write(lines.join('\n') + '\n');
  return { ok: false, done: outcome.done };
}

const isTimeout = (e: Error) => (e as { code?: string }).code === 'Timeout';

async function confirmed(o: ActOptions, count: number): Promise<boolean> {
  if (await o.confirm(`Apply ${count} change${count === 1 ? '' : 's'} to AWS account ${o.session.account}?`)) return true;
  o.stdout.write('Nothing was changed. Run again with --yes to apply the plan.\n');
  return false;
}

export async function runFix(o: FixOptions): Promise<number> {
  const { targets, problems, skipped } = fixTargets(o.code.project, o.pins);
  for (const p of problems) o.stderr.write(`tfc-oidc-lint: cannot fix role ${p.role}: ${p.message}\n`);
  for (const p of skipped) o.stderr.write(`tfc-oidc-lint: skipped ${p.message}\n`);
  if (problems.length) return FIX_ERROR;
  if (!targets.length) {
    if (!skipped.length)
      o.stderr.write('tfc-oidc-lint: no role in the code trusts HCP Terraform or Terraform Enterprise: nothing to fix\n');
    return FIX_ERROR;
  }
  const plan = await planFix(o.session, targets, {
    thumbprints: o.thumbprints,
    createMissing: o.createMissing,
    detachAdmin: o.detachAdmin,
    chainOptions: o.chainOptions,
    allowSharedProvider: o.allowSharedProvider,
  });
  o.stdout.write(formatPlan(plan, o.session.callerArn));
  if (plan.problems.length) return FIX_ERROR;
  if (!plan.actions.length) return FIX_OK;
  const checked = await validated(o, plan);
  if (checked === 'stop') return FIX_ERROR;
  if (checked === 'unavailable') {
    // A preview still shows the plan; applying it needs the checks or --skip-access-analyzer.
    if (o.dryRun) {
      o.stdout.write('Nothing was changed. To apply, run where IAM Access Analyzer is available, or add --skip-access-analyzer.\n');
      return FIX_PENDING;
    }
    return FIX_ERROR;
  }
  if (!(await confirmed(o, plan.actions.length))) return FIX_PENDING;

  const rollbackPath = o.rollbackFile ? resolve(o.cwd, o.rollbackFile) : defaultRollbackPath(o.cwd, plan.account);
  const state = rollbackState(
    plan.account,
    plan.providers.map((p) => ({ arn: p.arn, url: p.host, live: p.live })),
    plan.roles.map((r) => ({ name: r.target.roleName, path: r.path, live: r.live })),
  );
  try {
    await writeRollbackFile(rollbackPath, state);
  } catch (e) {
    o.stderr.write(`tfc-oidc-lint: could not write the rollback file ${rollbackPath} (${(e as Error).message}); nothing was changed\n`);
    return FIX_ERROR;
  }
  o.stdout.write(`\nRollback file: ${rollbackPath}\n`);
  const { ok, done } = await applyAndReport(o, plan.actions, rollbackPath);
  // Corrected Terraform only for what was changed.
  const drift = correctedTerraform(plan, o.code.project, o.detachAdmin, done);
  if (drift) o.stdout.write(`\n${drift}`);
  return ok ? FIX_OK : FIX_ERROR;
}

/** Access Analyzer's verdict: 'ok' (or skipped), 'stop' (it found a problem), 'unavailable' (it could not be asked). */
async function validated(o: FixOptions, plan: FixPlan): Promise<'ok' | 'stop' | 'unavailable'> {
  const changes = plan.actions.flatMap((a) =>
    a.kind === 'update-trust'
      ? [{ role: a.name, next: a.to, current: a.from }]
      : a.kind === 'create-role'
        ? [{ role: a.name, next: a.trust }]
        : [],
  );
  if (!changes.length) return 'ok';
  if (o.skipAccessAnalyzer) {
    o.stderr.write(
      'note: --skip-access-analyzer: IAM Access Analyzer did not validate the new trust policies (ValidatePolicy, CheckNoNewAccess)\n',
    );
    return 'ok';
  }
  let v;
  try {
    v = await validateTrustChanges(o.session, changes);
  } catch (e) {
    if (!(e instanceof AwsError) || e.code === 'Timeout') throw e;
    // One plain line: what could not be done and what to do, not the SDK's text.
    o.stderr.write(
      `${o.dryRun ? 'note' : 'tfc-oidc-lint'}: IAM Access Analyzer could not check the new trust policies (${e.action}: ${e.code}); where it is not available (some partitions and accounts), --skip-access-analyzer applies without it\n`,
    );
    return 'unavailable';
  }
  for (const n of v.notes) o.stderr.write(`note: Access Analyzer: ${n}\n`);
  if (v.ok) {
    o.stdout.write(`\nIAM Access Analyzer: ${changes.length} trust polic${changes.length === 1 ? 'y' : 'ies'} valid, no new access.\n`);
    return 'ok';
  }
  o.stderr.write(`tfc-oidc-lint: IAM Access Analyzer stopped the fix; nothing was changed:\n${v.errors.map((e) => `  ${e}`).join('\n')}\n`);
  return 'stop';
}

export async function runRollback(o: ActOptions & { file: string }): Promise<number> {
  let file: RollbackFile;
  const path = resolve(o.cwd, o.file);
  try {
    file = await readRollbackFile(path);
  } catch (e) {
    o.stderr.write(`tfc-oidc-lint: cannot read the rollback file ${path}: ${rollbackReadError(e)}\n`);
    return FIX_ERROR;
  }
  const actions = await restorePlan(o.session, file);
  o.stdout.write(`Rollback to the state of ${file.createdAt} in AWS account ${file.account}:\n\n`);
  if (!actions.length) {
    o.stdout.write('  No changes: the account is already in the recorded state.\n');
    return FIX_OK;
  }
  o.stdout.write(actions.map((a) => `  ${describeAction(a)}\n`).join('') + '\n');
  if (!(await confirmed(o, actions.length))) return FIX_PENDING;
  return (await applyAndReport(o, actions, path)).ok ? FIX_OK : FIX_ERROR;
}

/** Why a rollback file could not be read, in words (the path is said by the caller). */
function rollbackReadError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'file not found';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'EISDIR') return 'it is a directory';
  if (e instanceof SyntaxError) return `it is not valid JSON (${e.message}); it may have been cut off or edited`;
  return err.message ?? String(e);
}
