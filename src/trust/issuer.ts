// Which issuer a host is: the profiles (src/trust/issuers/, one module per issuer) say by host,
// and for a host nobody lists (Terraform Enterprise, self-managed GitLab, GitHub Enterprise Server)
// by the grammar its `sub` values follow.
import { ALL_PROFILES, PROFILES, generic, hcpTerraform, terraformEnterprise } from './issuers/index.js';
import type { IssuerProfileData } from './issuers/types.js';

export type IssuerProfile = IssuerProfileData;

export const HCP_TERRAFORM: IssuerProfile = hcpTerraform;
export const TERRAFORM_ENTERPRISE: IssuerProfile = terraformEnterprise;
/** A host nobody lists whose `sub` values follow no known grammar: the generic profile. */
export const UNKNOWN_ISSUER: IssuerProfile = { ...generic, id: 'unknown', name: 'unrecognised OIDC' };

export { ALL_PROFILES };

function hostMatches(pattern: string, host: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
  return re.test(host);
}

/** `https://App.Terraform.io/` → `app.terraform.io`; keeps a path (EKS, Entra ID) without a trailing slash. */
export function normalizeHost(urlOrHost: string): string {
  return urlOrHost
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export interface IssuerOptions {
  /** Extra hosts to treat as Terraform Enterprise (a user setting). */
  terraformHosts?: string[];
}

/** The profile whose host patterns name this host, if any. */
export function profileOfHost(host: string): IssuerProfile | undefined {
  const h = normalizeHost(host);
  return PROFILES.find((p) => p.hosts.some((pat) => hostMatches(pat, h)));
}

/**
 * Which issuer a host is. A host nobody lists is Terraform Enterprise when the policy's `sub`
 * patterns follow the `organization:` grammar, another issuer when they follow its grammar
 * (`repo:` for GitHub Enterprise Server, `project_path:` for self-managed GitLab); the decision
 * never looks at variable names.
 */
export function classifyIssuer(host: string | undefined, subPatterns: string[], options: IssuerOptions = {}): IssuerProfile {
  if (!host) return UNKNOWN_ISSUER;
  const h = normalizeHost(host);
  if (options.terraformHosts?.some((t) => normalizeHost(t) === h)) {
    return hcpTerraform.hosts.includes(h) ? HCP_TERRAFORM : TERRAFORM_ENTERPRISE;
  }
  const known = profileOfHost(h);
  if (known) return known;
  if (subPatterns.some((s) => s.startsWith('organization:'))) return TERRAFORM_ENTERPRISE;
  const bySub = PROFILES.find((p) => p.subPrefixes?.some((prefix) => subPatterns.some((s) => s.startsWith(prefix))));
  if (bySub) return bySub;
  return UNKNOWN_ISSUER;
}
