// The trust of every role as a rule sees it: analysed with the team's settings (Terraform
// Enterprise hostnames from the config), so every rule reads the same answer.
import type { RuleSettings } from '../engine/rule.js';
import type { Project } from '../model/types.js';
import { type AnalyzeOptions, analyzeProject, terraformTrusts } from './analyze.js';
import type { IssuerTrust, RoleTrust } from './analyze.js';
import type { Role } from '../model/types.js';

export interface TrustContext {
  project: Project;
  settings: RuleSettings;
}

/** Analysis options from the run's settings. */
export function analyzeOptionsOf(settings: RuleSettings): AnalyzeOptions {
  return settings.hostnames?.length ? { terraformHosts: settings.hostnames } : {};
}

/** Terraform issuers of every role, with the team's hostnames treated as Terraform Enterprise. */
export function trustsFor(ctx: TrustContext): { role: Role; trust: IssuerTrust }[] {
  return terraformTrusts(ctx.project, analyzeOptionsOf(ctx.settings));
}

/** Every role's whole trust analysis (all issuers), with the team's settings. */
export function roleTrustsFor(ctx: TrustContext): RoleTrust[] {
  return analyzeProject(ctx.project, analyzeOptionsOf(ctx.settings));
}
