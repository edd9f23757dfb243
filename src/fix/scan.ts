// --aws: every rule against what is deployed. Same model, same rules; findings are located by ARN.
import { runRules } from '../engine/run.js';
import { attachAssumptions } from '../trust/assumptions.js';
import { analyzeOptionsOf } from '../trust/context.js';
import type { LintOptions, LintResult } from '../engine/types.js';
import { buildProject } from '../model/extract.js';
import { recommendedRules } from '../../rules/index.js';
import type { AwsSession } from './aws.js';
import { type AccountDetails, type Progress, readAccount } from './live.js';
import { liveInstances } from './live-model.js';

export type ScanOptions = Pick<LintOptions, 'rules' | 'ruleSettings' | 'ruleOptions' | 'expectations'> & { progress?: Progress };

export async function scanAccount(session: AwsSession, options: ScanOptions = {}): Promise<LintResult> {
  const started = performance.now();
  return scanDetails(await readAccount(session, options.progress), options, started);
}

/** The rules against account details already read (the rule tester's live cases start here). */
export function scanDetails(details: AccountDetails, options: ScanOptions = {}, started = performance.now()): LintResult {
  const live = liveInstances(details);
  const project = buildProject(live.resources, { diagnostics: live.diagnostics, files: live.files });
  const findings = runRules(project, options.rules ?? recommendedRules, {
    severities: options.ruleSettings,
    ruleOptions: options.ruleOptions,
    settings: options.expectations ?? {},
  });
  attachAssumptions(findings, project, analyzeOptionsOf(options.expectations ?? {}));
  return {
    findings,
    project,
    files: live.files,
    stats: { files: live.files.size, modules: 0, documents: 0, durationMs: performance.now() - started },
  };
}
