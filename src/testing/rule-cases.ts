// Sources for rule-tester cases (./rule-tester.ts) that several rules share: an HCP Terraform role
// whose trust policy is JSON text in a heredoc next to its provider, and another issuer's raw IAM
// trust document. Line k of the policy text is line k + HEREDOC_LINE of main.tf, columns unchanged,
// so a case can name the exact place of a value inside the policy.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from './tf.js';

/** The line of main.tf just before the policy's first line (`{`) in `heredocRole`. */
export const HEREDOC_LINE = 7;

/** An HCP Terraform trust policy around the given condition block (JSON text); the principal is the provider's ARN. */
export function tfcPolicy(condition: string, extraStatements = ''): string {
  return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "\${aws_iam_openid_connect_provider.tfc.arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": ${condition}
    }${extraStatements ? `,\n    ${extraStatements}` : ''}
  ]
}`;
}

/**
 * A raw IAM trust document (2-space JSON, as `JSON.stringify(doc, null, 2)` writes it) trusting the
 * HCP Terraform provider of account 123456789012 with the usual audience and this StringLike `sub`.
 */
export function tfcTrustJson(sub: string): string {
  const statement = {
    Effect: 'Allow',
    Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': sub } },
  };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}

/** An OIDC provider resource to declare beside a heredoc role. */
export interface ProviderSpec {
  /**
   * `aws_iam_openid_connect_provider.NAME`, or `module.M.aws_iam_openid_connect_provider.NAME`: declared in
   * modules/M, whose output `NAME_arn` is its ARN (`${module.M.NAME_arn}` in a policy).
   */
  address: string;
  host: string;
  /** Its client_id_list; 'unknown' reads it from `var.NAME_client_ids`, declared without a value. Default aws.workload.identity. */
  clientIds?: string[] | 'unknown';
}

/** The app.terraform.io provider `tfc`, the one tfcPolicy's principal names. */
export const TFC_PROVIDER: ProviderSpec = { address: 'aws_iam_openid_connect_provider.tfc', host: 'app.terraform.io' };

export interface HeredocOptions {
  /** The client IDs of the default provider (TFC_PROVIDER); 'unknown' reads them from a variable without a value. */
  clientIds?: string[] | 'unknown';
  /** The OIDC providers to declare instead of TFC_PROVIDER (root ones first in main.tf, as given). */
  providers?: ProviderSpec[];
  /** The role's resource name; default `deploy`. */
  label?: string;
  /** AWS-managed policies attached to the role (`AdministratorAccess`, `ReadOnlyAccess`...). */
  managed?: string[];
  /** `var.name` defaults, declared in variables.tf (in this order, from line 1). */
  vars?: Record<string, string>;
}

const PROVIDER_ADDRESS = /^(?:module\.([\w-]+)\.)?aws_iam_openid_connect_provider\.([\w-]+)$/;

/**
 * main.tf with the OIDC providers (default: the app.terraform.io provider `tfc`) and role "deploy"
 * whose assume_role_policy is `policy` in a heredoc (Terraform interpolates `${...}` in it, as it
 * does for users), variables.tf with the given defaults, and modules/M/main.tf for a provider in
 * module M. With the default provider the policy starts at line HEREDOC_LINE + 1.
 */
export function heredocRole(policy: string, options: HeredocOptions = {}): { files: Record<string, string> } {
  const label = options.label ?? 'deploy';
  const vars = Object.entries(options.vars ?? {}).map(
    ([name, value]) => `variable "${name.replace(/^var\./, '')}" {\n  default = ${JSON.stringify(value)}\n}\n`,
  );
  if (options.providers && options.clientIds) throw new Error('heredocRole: clientIds is for the default provider; give them in providers');
  let main = '';
  const modules = new Map<string, string>();
  for (const spec of options.providers ?? [{ ...TFC_PROVIDER, clientIds: options.clientIds }]) {
    const m = PROVIDER_ADDRESS.exec(spec.address);
    if (!m) throw new Error(`test provider address ${spec.address}: want [module.M.]aws_iam_openid_connect_provider.NAME`);
    const [, module, name] = m;
    const ids = spec.clientIds ?? ['aws.workload.identity'];
    if (ids === 'unknown') vars.push(`variable "${name}_client_ids" {\n  type = list(string)\n}\n`);
    const block = tf`
      resource "aws_iam_openid_connect_provider" "${name}" {
        url            = "https://${spec.host}"
        client_id_list = ${ids === 'unknown' ? `var.${name}_client_ids` : JSON.stringify(ids)}
      }
    `;
    // A caller reaches a module's provider through the module's output, as users write it.
    if (module)
      modules.set(
        module,
        (modules.get(module) ?? '') + block + `output "${name}_arn" {\n  value = aws_iam_openid_connect_provider.${name}.arn\n}\n`,
      );
    else main += block;
  }
  for (const module of modules.keys()) main += `module "${module}" {\n  source = "./modules/${module}"\n}\n`;
  main +=
    tf`
      resource "aws_iam_role" "${label}" {
        name               = "${label}"
        assume_role_policy = <<EOF
    ` +
    `${policy}\nEOF\n}\n` +
    (options.managed ?? [])
      .map(
        (name) =>
          `\nresource "aws_iam_role_policy_attachment" "${name.toLowerCase()}" {\n  role       = aws_iam_role.${label}.name\n  policy_arn = "arn:aws:iam::aws:policy/${name}"\n}\n`,
      )
      .join('');
  return {
    files: {
      'main.tf': main,
      ...(vars.length ? { 'variables.tf': vars.join('') } : {}),
      ...Object.fromEntries([...modules].map(([m, text]) => [`modules/${m}/main.tf`, text])),
    },
  };
}

/**
 * A raw IAM trust document (trust-policy.json) for another issuer's host, with a literal provider
 * ARN: `{"Statement": [{... "Condition": <condition>}]}` on one line per element, the condition
 * block on line 5.
 */
export function issuerDocument(host: string, condition: string): { code: string; file: string } {
  return {
    file: 'trust-policy.json',
    code: tf`
      {"Statement": [{"Effect": "Allow",
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/${host}"},
        "Condition":
          ${condition}}]}
    `,
  };
}

/** Every file of a scenario folder under fixtures/ (path relative to it → text), for a `files` case. */
export function fixtureFiles(scenario: string): Record<string, string> {
  const root = fileURLToPath(new URL(`../../fixtures/${scenario}/`, import.meta.url));
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
  }
  return files;
}

// Trust conditions for the rule tester's source shapes, shared by the rules' tests.
/** The HCP Terraform audience condition. */
export const SHAPE_AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
/** The HCP Terraform audience plus a `sub` pattern under `op`. */
export const shapeSub = (pattern: string, op = 'StringLike') => ({ StringEquals: SHAPE_AUD, [op]: { 'app.terraform.io:sub': pattern } });
export const SHAPE_GH = 'token.actions.githubusercontent.com';
/** A GitHub Actions trust with these conditions. */
export const ghSpec = (c: Record<string, Record<string, string>>) => ({ host: SHAPE_GH, clientIds: ['sts.amazonaws.com'], conditions: c });
export const ghAud = { [`${SHAPE_GH}:aud`]: 'sts.amazonaws.com' };
export const SHAPE_EKS = 'oidc.eks.eu-west-1.amazonaws.com/id/abcdef0123456789';
/** An EKS service-account trust with these conditions. */
export const eksSpec = (c: Record<string, Record<string, string>>) => ({
  host: SHAPE_EKS,
  clientIds: ['sts.amazonaws.com'],
  conditions: c,
});
