// A role whose trust policy cannot be read at all is still assumable by HCP Terraform runs when
// the evidence says so: a workspace's TFC_AWS_*_ROLE_ARN names it, or its trust text refers to an
// HCP Terraform OIDC provider. The permission rules (admin, escalation, self-management) must run
// on it: its permissions are what a run gets, whatever the trust says in detail.
import type { Project, Role } from '../model/types.js';
import type { Value } from '../core/value.js';
import { classifyIssuer } from './issuer.js';

const PROVIDER_ARN_RE = /oidc-provider\/([a-z0-9.-]+)/i;

/** Why HCP Terraform runs can assume a role whose trust is unreadable, or undefined when nothing says so. */
export function assumableWithoutTrust(role: Role, project: Project): string | undefined {
  const wired = (project.workspaceVariables ?? []).find((v) => v.role === role && /ROLE_ARN$/.test(v.setting?.name ?? ''));
  if (wired)
    return `${wired.key} wires it to ${wired.workspace?.name?.kind === 'string' ? `workspace "${wired.workspace.name.value}"` : 'a workspace'}`;
  const provider = terraformProviderIn(role.trustValue, project);
  if (provider) return `its trust names the HCP Terraform provider ${provider}`;
  return undefined;
}

/** An HCP Terraform / Terraform Enterprise provider the trust text refers to (by reference or ARN). */
function terraformProviderIn(v: Value | undefined, project: Project): string | undefined {
  if (!v || v.kind !== 'string') return undefined;
  for (const seg of v.segments ?? []) {
    const sym = seg.unknown?.symbol;
    if (!sym || !sym.address.startsWith('aws_iam_openid_connect_provider.')) continue;
    const p = project.providers.find((x) => x.address === (sym.module ? `${sym.module}.${sym.address}` : sym.address));
    if (p?.host && classifyIssuer(p.host, []).terraform) return p.address ?? p.id;
  }
  const m = PROVIDER_ARN_RE.exec(v.value);
  if (m && classifyIssuer(m[1], []).terraform) return `oidc-provider/${m[1]}`;
  return undefined;
}
