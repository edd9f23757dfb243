// Test builder for workspace wiring: one setup (OIDC provider, roles, tfe workspaces, projects,
// variable sets and variables) written as HCL and as Terraform JSON, so each wiring rule is
// tested end to end on both syntaxes. A string that is exactly `${expr}` is a reference.

export interface RoleSpec {
  /** Allowed `sub` values (StringLike). */
  sub: string | string[];
  aud?: string;
  /** AWS-managed policy names attached to the role. */
  managed?: string[];
  /** Inline policy statements (IAM JSON). */
  inline?: object[];
}

export interface WiringSpec {
  roles: Record<string, RoleSpec>;
  clientIds?: string[];
  /** Further resources, Terraform JSON style: type → name → arguments. */
  resources: Record<string, Record<string, Record<string, unknown>>>;
}

export interface WiringShape {
  name: string;
  files: Record<string, string>;
}

const ref = (expr: string) => `\${${expr}}`;

function trustPolicy(r: RoleSpec): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: ref('aws_iam_openid_connect_provider.tfc.arn') },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'app.terraform.io:aud': r.aud ?? 'aws.workload.identity' },
          StringLike: { 'app.terraform.io:sub': r.sub },
        },
      },
    ],
  });
}

/** The whole setup as a Terraform JSON `resource` object. */
export function wiringConfig(spec: WiringSpec): Record<string, Record<string, Record<string, unknown>>> {
  const res: Record<string, Record<string, Record<string, unknown>>> = {
    aws_iam_openid_connect_provider: {
      tfc: { url: 'https://app.terraform.io', client_id_list: spec.clientIds ?? ['aws.workload.identity'] },
    },
    aws_iam_role: {},
    aws_iam_role_policy_attachment: {},
    aws_iam_role_policy: {},
  };
  for (const [name, r] of Object.entries(spec.roles)) {
    res.aws_iam_role[name] = { name: `tfc-${name}`, assume_role_policy: trustPolicy(r) };
    (r.managed ?? []).forEach((m, i) => {
      res.aws_iam_role_policy_attachment[`${name}_${i}`] = {
        role: ref(`aws_iam_role.${name}.name`),
        policy_arn: `arn:aws:iam::aws:policy/${m}`,
      };
    });
    if (r.inline) {
      res.aws_iam_role_policy[name] = {
        name: `${name}-inline`,
        role: ref(`aws_iam_role.${name}.id`),
        policy: JSON.stringify({ Version: '2012-10-17', Statement: r.inline }),
      };
    }
  }
  for (const [type, byName] of Object.entries(spec.resources)) res[type] = { ...res[type], ...byName };
  for (const k of Object.keys(res)) if (!Object.keys(res[k]).length) delete res[k];
  return res;
}

function hclValue(v: unknown): string {
  if (typeof v === 'string') {
    const m = /^\$\{([^}]+)\}$/.exec(v);
    return m ? m[1] : JSON.stringify(v).replace(/%\{/g, '%%{');
  }
  if (Array.isArray(v)) return `[${v.map(hclValue).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)} = ${hclValue(x)}`)
      .join(', ')} }`;
  return String(v);
}

export function wiringHcl(spec: WiringSpec): string {
  const blocks: string[] = [];
  for (const [type, byName] of Object.entries(wiringConfig(spec))) {
    for (const [name, args] of Object.entries(byName)) {
      blocks.push(
        `resource "${type}" "${name}" {\n${Object.entries(args)
          .map(([k, v]) => `  ${k} = ${hclValue(v)}`)
          .join('\n')}\n}\n`,
      );
    }
  }
  return blocks.join('\n');
}

export function wiringShapes(spec: WiringSpec): WiringShape[] {
  return [
    { name: 'HCL', files: { 'main.tf': wiringHcl(spec) } },
    { name: 'Terraform JSON', files: { 'main.tf.json': JSON.stringify({ resource: wiringConfig(spec) }, null, 2) + '\n' } },
  ];
}

/** A workspace with `tfe_variable`s: key → value (`${...}` for references), all category env unless given. */
export function workspaceWith(
  ws: string,
  vars: Record<string, string | { value: string; category?: string }>,
  extra: { organization?: string; project?: string } = {},
): WiringSpec['resources'] {
  const out: WiringSpec['resources'] = {
    tfe_project: { [ws]: { name: extra.project ?? 'infra', organization: extra.organization ?? 'acme' } },
    tfe_workspace: { [ws]: { name: ws, organization: extra.organization ?? 'acme', project_id: ref(`tfe_project.${ws}.id`) } },
    tfe_variable: {},
  };
  for (const [key, v] of Object.entries(vars)) {
    const { value, category } = typeof v === 'string' ? { value: v, category: 'env' } : { value: v.value, category: v.category ?? 'env' };
    out.tfe_variable[`${ws}_${key.toLowerCase()}`] = { key, value, category, workspace_id: ref(`tfe_workspace.${ws}.id`) };
  }
  return out;
}

export const PLAN_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:plan';
export const APPLY_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
