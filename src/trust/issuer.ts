// Issuer profiles as data: which OIDC hosts are HCP Terraform / Terraform Enterprise, and which
// are known other issuers whose roles must never get an HCP Terraform finding.

export interface IssuerProfile {
  id: string;
  name: string;
  /** True for HCP Terraform and Terraform Enterprise: the `sub` grammar of claims.ts applies. */
  terraform: boolean;
}

interface ProfileData extends IssuerProfile {
  /** Host patterns (lower case, `*` = any run without `/`). */
  hosts: string[];
}

export const HCP_TERRAFORM: IssuerProfile = { id: 'hcp-terraform', name: 'HCP Terraform', terraform: true };
export const TERRAFORM_ENTERPRISE: IssuerProfile = { id: 'terraform-enterprise', name: 'Terraform Enterprise', terraform: true };
export const UNKNOWN_ISSUER: IssuerProfile = { id: 'unknown', name: 'an unrecognised issuer', terraform: false };

const PROFILES: ProfileData[] = [
  { ...HCP_TERRAFORM, hosts: ['app.terraform.io', 'app.eu.terraform.io'] },
  { id: 'github-actions', name: 'GitHub Actions', terraform: false, hosts: ['token.actions.githubusercontent.com', 'token.actions.githubusercontent.com/*'] },
  { id: 'eks', name: 'Amazon EKS (IRSA)', terraform: false, hosts: ['oidc.eks.*.amazonaws.com/id/*'] },
  { id: 'google', name: 'Google', terraform: false, hosts: ['accounts.google.com'] },
  { id: 'gitlab', name: 'GitLab', terraform: false, hosts: ['gitlab.com'] },
  { id: 'circleci', name: 'CircleCI', terraform: false, hosts: ['oidc.circleci.com/org/*'] },
  { id: 'bitbucket', name: 'Bitbucket Pipelines', terraform: false, hosts: ['api.bitbucket.org/2.0/workspaces/*/pipelines-config/identity/oidc'] },
  { id: 'azure-ad', name: 'Microsoft Entra ID', terraform: false, hosts: ['sts.windows.net/*', 'login.microsoftonline.com/*/v2.0'] },
  { id: 'spacelift', name: 'Spacelift', terraform: false, hosts: ['*.app.spacelift.io'] },
  { id: 'buildkite', name: 'Buildkite', terraform: false, hosts: ['agent.buildkite.com'] },
  { id: 'kubernetes', name: 'Kubernetes service accounts', terraform: false, hosts: ['kubernetes.default.svc', 'container.googleapis.com/*', 'oidc.prod-aks.azure.com/*'] },
  { id: 'cognito', name: 'Amazon Cognito', terraform: false, hosts: ['cognito-identity.amazonaws.com'] },
];

function hostMatches(pattern: string, host: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(host);
}

/** `https://App.Terraform.io/` → `app.terraform.io`; keeps a path (EKS, Entra ID) without a trailing slash. */
export function normalizeHost(urlOrHost: string): string {
  return urlOrHost.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '').toLowerCase();
}

export interface IssuerOptions {
  /** Extra hosts to treat as Terraform Enterprise (a user setting). */
  terraformHosts?: string[];
}

/**
 * Which issuer a host is. A host nobody lists is Terraform Enterprise when the policy's `sub`
 * patterns follow the `organization:` grammar; the decision never looks at variable names.
 */
export function classifyIssuer(host: string | undefined, subPatterns: string[], options: IssuerOptions = {}): IssuerProfile {
  if (!host) return UNKNOWN_ISSUER;
  const h = normalizeHost(host);
  if (options.terraformHosts?.some((t) => normalizeHost(t) === h)) {
    return PROFILES[0].hosts.includes(h) ? HCP_TERRAFORM : TERRAFORM_ENTERPRISE;
  }
  const known = PROFILES.find((p) => p.hosts.some((pat) => hostMatches(pat, h)));
  if (known) {
    const { hosts: _hosts, ...profile } = known;
    return profile;
  }
  if (subPatterns.some((s) => s.startsWith('organization:'))) return TERRAFORM_ENTERPRISE;
  return UNKNOWN_ISSUER;
}
