// The trust of every role as a rule sees it: analysed with the team's settings (Terraform
// Enterprise hostnames from the config), so every rule reads the same answer.
import type { RuleSettings } from '../model/rule.js';
import type { Project } from '../model/types.js';
import { type AnalyzeOptions, analyzeProject, permissionTrusts, terraformTrusts, trustsWithLatent } from './analyze.js';
import type { IssuerTrust, RoleTrust } from './analyze.js';
import type { OidcProvider, Role } from '../model/types.js';
import { type Value, isFullyKnown } from '../core/value.js';
import { classifyIssuer } from './issuer.js';

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

/** Terraform trusts and the latent copies of statements one problem makes unmatchable (src/trust/latent.ts). */
export function trustsWithLatentFor(ctx: TrustContext): { role: Role; trust: IssuerTrust }[] {
  return trustsWithLatent(ctx.project, analyzeOptionsOf(ctx.settings));
}

/**
 * For a finding on a latent copy (`trust.latent`): the assumption it rests on, to spread into the
 * report. Findings with a witness are marked through it anyway; this marks those without one.
 */
export function latentOf(trust: IssuerTrust): { assumptions?: string[] } {
  return trust.latent ? { assumptions: [trust.latent] } : {};
}

/** Roles HCP Terraform runs can assume, for the permission rules: also those whose trust cannot be read but a workspace is wired to. */
export function permissionTrustsFor(ctx: TrustContext): { role: Role; trust: IssuerTrust }[] {
  return permissionTrusts(ctx.project, analyzeOptionsOf(ctx.settings));
}

/** Every role's whole trust analysis (all issuers), with the team's settings. */
export function roleTrustsFor(ctx: TrustContext): RoleTrust[] {
  return analyzeProject(ctx.project, analyzeOptionsOf(ctx.settings));
}

/**
 * Providers of HCP Terraform / Terraform Enterprise: by host (profiles and the team's hostnames),
 * or because a Terraform trust in the scan uses them. A GitHub or EKS provider is never one.
 */
export function terraformProviders(ctx: TrustContext): OidcProvider[] {
  const used = new Set(
    trustsFor(ctx)
      .map(({ trust }) => trust.provider)
      .filter((p): p is OidcProvider => !!p),
  );
  // A provider whose URL is wrong (a path) links to roles the engine then cannot classify by their
  // `<host>:sub` keys: their `sub` values still follow the `organization:` grammar.
  for (const rt of roleTrustsFor(ctx)) {
    for (const i of rt.issuers) {
      if (
        i.provider &&
        !used.has(i.provider) &&
        i.statements.some((t) => t.statement.conditions.some((c) => c.values.some(isOrganizationSub)))
      )
        used.add(i.provider);
    }
  }
  const options = analyzeOptionsOf(ctx.settings);
  return ctx.project.providers.filter((p) => used.has(p) || classifyIssuer(p.host?.split('/')[0], [], options).terraform);
}

function isOrganizationSub(v: Value): boolean {
  return v.kind === 'string' && v.value.startsWith('organization:');
}

/**
 * The roles a web-identity issuer may be able to assume: a Federated (or everyone) principal with
 * an action that admits AssumeRoleWithWebIdentity (the trust analysis found an issuer), or a trust
 * policy that is not wholly known. Rules that look at "every role" look at these: a Lambda or ECS
 * role trusting its service is not this tool's business (docs/performance.md).
 */
export function webIdentityRoles(ctx: TrustContext): Role[] {
  return roleTrustsFor(ctx)
    .filter(
      (rt) =>
        rt.issuers.length > 0 || rt.oversized || !rt.role.trust || (rt.role.trustValue !== undefined && !isFullyKnown(rt.role.trustValue)),
    )
    .map((rt) => rt.role);
}
