// One trust policy written in every source shape users write it in, so that each trust rule is
// tested end to end on heredoc JSON, jsonencode, aws_iam_policy_document, a raw IAM document,
// Terraform JSON and plan JSON.

export interface TrustSpec {
  /** IAM condition block: operator → key → value(s). Keys use the host literally. */
  conditions: Record<string, Record<string, string | string[]>>;
  action?: string;
  host?: string;
  /** Permissions: AWS-managed policy names attached to the role. */
  managedPolicies?: string[];
  clientIds?: string[];
  /** A literal `Federated` principal instead of the provider's ARN; `*` alone means `"Principal": "*"`. */
  principal?: string;
  /** The document's Version (default 2012-10-17). */
  version?: string;
  /** More statements after the first (Deny statements, a second Allow). */
  extraStatements?: ExtraStatement[];
  /** The role's ARN where the input can carry one (plan JSON). */
  roleArn?: string;
}

export interface ExtraStatement {
  effect: 'Allow' | 'Deny';
  conditions: TrustSpec['conditions'];
  action?: string;
}

export interface Shape {
  name: string;
  files: Record<string, string>;
}

const ACCOUNT = '123456789012';

function principalOf(spec: TrustSpec, federated: string): unknown {
  if (spec.principal === '*') return '*';
  return { Federated: spec.principal ?? federated };
}

function statement(spec: TrustSpec, federated: string, extra?: ExtraStatement) {
  return {
    Effect: extra?.effect ?? 'Allow',
    Principal: principalOf(spec, federated),
    Action: (extra ?? spec).action ?? 'sts:AssumeRoleWithWebIdentity',
    Condition: (extra ?? spec).conditions,
  };
}

function policy(spec: TrustSpec, federated: string) {
  return {
    Version: spec.version ?? '2012-10-17',
    Statement: [statement(spec, federated), ...(spec.extraStatements ?? []).map((x) => statement(spec, federated, x))],
  };
}

const hclString = (s: string) => JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');

/** HCL for a JSON-like value; strings starting with `=` are raw expressions. */
function hcl(v: unknown, indent = ''): string {
  if (typeof v === 'string') return v.startsWith('=') ? v.slice(1) : hclString(v);
  if (Array.isArray(v)) return `[${v.map((x) => hcl(x, indent)).join(', ')}]`;
  if (v && typeof v === 'object') {
    const inner = indent + '  ';
    const lines = Object.entries(v).map(([k, x]) => `${inner}${hclString(k)} = ${hcl(x, inner)}`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return String(v);
}

function provider(spec: TrustSpec): string {
  const host = spec.host ?? 'app.terraform.io';
  const ids = spec.clientIds ?? ['aws.workload.identity'];
  return `resource "aws_iam_openid_connect_provider" "tfc" {
  url             = "https://${host}"
  client_id_list  = ${hcl(ids)}
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}
`;
}

function attachments(spec: TrustSpec): string {
  return (spec.managedPolicies ?? [])
    .map(
      (name, i) => `
resource "aws_iam_role_policy_attachment" "p${i}" {
  role       = aws_iam_role.tfc.name
  policy_arn = "arn:aws:iam::aws:policy/${name}"
}
`,
    )
    .join('');
}

const ARN_EXPR = 'aws_iam_openid_connect_provider.tfc.arn';

export function heredocShape(spec: TrustSpec): Shape {
  const json = JSON.stringify(policy(spec, `\${${ARN_EXPR}}`), null, 2);
  return {
    name: 'heredoc JSON',
    files: {
      'main.tf': `${provider(spec)}
resource "aws_iam_role" "tfc" {
  name               = "tfc-role"
  assume_role_policy = <<EOF
${json}
EOF
}
${attachments(spec)}`,
    },
  };
}

export function jsonencodeShape(spec: TrustSpec): Shape {
  return {
    name: 'jsonencode',
    files: {
      'main.tf': `${provider(spec)}
resource "aws_iam_role" "tfc" {
  name               = "tfc-role"
  assume_role_policy = jsonencode(${hcl(policy(spec, `=${ARN_EXPR}`), '  ')})
}
${attachments(spec)}`,
    },
  };
}

function documentStatement(spec: TrustSpec, s: { effect: string; action?: string; conditions: TrustSpec['conditions'] }): string {
  const conditions = Object.entries(s.conditions).flatMap(([test, keys]) =>
    Object.entries(keys).map(
      ([variable, values]) => `
    condition {
      test     = ${hclString(test)}
      variable = ${hclString(variable)}
      values   = ${hcl(Array.isArray(values) ? values : [values])}
    }`,
    ),
  );
  const type = spec.principal === '*' ? '*' : 'Federated';
  const id = spec.principal === undefined ? ARN_EXPR : hclString(spec.principal);
  return `
  statement {
    effect  = ${hclString(s.effect)}
    actions = [${hclString(s.action ?? 'sts:AssumeRoleWithWebIdentity')}]
    principals {
      type        = ${hclString(type)}
      identifiers = [${id}]
    }${conditions.join('')}
  }`;
}

export function policyDocumentShape(spec: TrustSpec): Shape {
  const statements = [{ effect: 'Allow', action: spec.action, conditions: spec.conditions }, ...(spec.extraStatements ?? [])].map((s) =>
    documentStatement(spec, s),
  );
  return {
    name: 'aws_iam_policy_document',
    files: {
      'main.tf': `${provider(spec)}
data "aws_iam_policy_document" "trust" {${
        spec.version
          ? `
  version = ${hclString(spec.version)}`
          : ''
      }${statements.join('')}
}

resource "aws_iam_role" "tfc" {
  name               = "tfc-role"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
${attachments(spec)}`,
    },
  };
}

export function rawJsonShape(spec: TrustSpec): Shape {
  const host = spec.host ?? 'app.terraform.io';
  return {
    name: 'raw IAM JSON document',
    files: { 'trust-policy.json': JSON.stringify(policy(spec, `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`), null, 2) + '\n' },
  };
}

export function tfJsonShape(spec: TrustSpec): Shape {
  const host = spec.host ?? 'app.terraform.io';
  const doc = JSON.stringify(policy(spec, `\${${ARN_EXPR}}`), null, 2);
  const config = {
    resource: {
      aws_iam_openid_connect_provider: {
        tfc: {
          url: `https://${host}`,
          client_id_list: spec.clientIds ?? ['aws.workload.identity'],
          thumbprint_list: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
        },
      },
      aws_iam_role: { tfc: { name: 'tfc-role', assume_role_policy: doc } },
      ...(spec.managedPolicies?.length
        ? {
            aws_iam_role_policy_attachment: Object.fromEntries(
              spec.managedPolicies.map((n, i) => [
                `p${i}`,
                { role: '${aws_iam_role.tfc.name}', policy_arn: `arn:aws:iam::aws:policy/${n}` },
              ]),
            ),
          }
        : {}),
    },
  };
  return { name: 'Terraform JSON', files: { 'main.tf.json': JSON.stringify(config, null, 2) + '\n' } };
}

export function planJsonShape(spec: TrustSpec): Shape {
  const host = spec.host ?? 'app.terraform.io';
  const providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`;
  const resources: unknown[] = [
    {
      address: 'aws_iam_openid_connect_provider.tfc',
      mode: 'managed',
      type: 'aws_iam_openid_connect_provider',
      name: 'tfc',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values: {
        arn: providerArn,
        url: `https://${host}`,
        client_id_list: spec.clientIds ?? ['aws.workload.identity'],
        thumbprint_list: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
      },
    },
    {
      address: 'aws_iam_role.tfc',
      mode: 'managed',
      type: 'aws_iam_role',
      name: 'tfc',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values: {
        name: 'tfc-role',
        assume_role_policy: JSON.stringify(policy(spec, providerArn)),
        managed_policy_arns: [],
        ...(spec.roleArn ? { arn: spec.roleArn } : {}),
      },
    },
    ...(spec.managedPolicies ?? []).map((n, i) => ({
      address: `aws_iam_role_policy_attachment.p${i}`,
      mode: 'managed',
      type: 'aws_iam_role_policy_attachment',
      name: `p${i}`,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values: { role: 'tfc-role', policy_arn: `arn:aws:iam::aws:policy/${n}` },
    })),
  ];
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources } },
    configuration: { root_module: {} },
  };
  return { name: 'plan JSON', files: { 'plan.json': JSON.stringify(plan, null, 2) + '\n' } };
}

export function allShapes(spec: TrustSpec): Shape[] {
  return [heredocShape, jsonencodeShape, policyDocumentShape, rawJsonShape, tfJsonShape, planJsonShape].map((f) => f(spec));
}
