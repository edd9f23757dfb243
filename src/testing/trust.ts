// Test support for the trust analysis's own unit tests (src/trust/): a trust policy (JSON text)
// written into real Terraform by ./rule-cases.ts's heredocRole (a role whose assume_role_policy is
// the text in a heredoc, next to real aws_iam_openid_connect_provider resources) and run through
// the real pipeline (files on disk → parse → evaluate → model, by ./lint-tree.ts). So `${var.x}`
// takes a variable's default with its origin, `${aws_iam_openid_connect_provider.X.arn}` is the
// symbol that links a principal to its provider, and the model is the one a user's scan builds.
// Rules are tested through ./rule-tester.ts.
import type { OidcProvider, Project, Role } from '../model/types.js';
import { lintTree } from './lint-tree.js';
import { type ProviderSpec, heredocRole } from './rule-cases.js';

export { type ProviderSpec, TFC_PROVIDER, tfcPolicy } from './rule-cases.js';

export interface TrustOptions {
  /** `var.name` → value, declared as defaults in variables.tf (in this order, from line 1). */
  vars?: Record<string, string>;
  /** The OIDC providers beside the role; default the app.terraform.io provider `tfc` (TFC_PROVIDER). */
  providers?: ProviderSpec[];
  /** The role's resource name; default `deploy`. */
  label?: string;
}

export interface TrustSetup {
  /** The model the scan built: the role and the providers. */
  project: Project;
  role: Role;
  /** The provider at `address` in the model; throws when there is none. */
  provider(address: string): OidcProvider;
}

/** The role whose trust policy is `policy` (JSON text; `${...}` is Terraform's), and the model around it. */
export async function trustSetup(policy: string, options: TrustOptions = {}): Promise<TrustSetup> {
  const label = options.label ?? 'deploy';
  const { files } = heredocRole(policy, options);
  // Every other `${var.x}` the policy names is declared without a value: unknown until apply.
  const declared = new Set(Object.keys(options.vars ?? {}).map((k) => k.replace(/^var\./, '')));
  const unset = new Set([...policy.matchAll(/\$\{\s*var\.([\w-]+)\s*\}/g)].map((m) => m[1]).filter((n) => !declared.has(n)));
  for (const name of unset) files['variables.tf'] = `${files['variables.tf'] ?? ''}variable "${name}" {\n  type = string\n}\n`;

  const { project } = await lintTree(files, { rules: [], prefilter: false, jobs: 1 });
  // A test's Terraform must be valid Terraform: an evaluation diagnostic means the case tests something a user cannot write.
  if (project.diagnostics.length)
    throw new Error(`trustSetup: the Terraform has problems: ${project.diagnostics.map((d) => `${d.severity} ${d.message}`).join('; ')}`);
  const role = project.roles.find((r) => r.address === `aws_iam_role.${label}`);
  if (!role) throw new Error(`no aws_iam_role.${label} in the model; diagnostics: ${project.diagnostics.map((d) => d.message).join('; ')}`);
  const provider = (address: string) => {
    const p = project.providers.find((x) => x.address === address);
    if (!p) throw new Error(`no provider ${address}; have ${project.providers.map((x) => x.address).join(', ')}`);
    return p;
  };
  return { project, role, provider };
}
