// Item 4 of issue 9: a trust whose rendered JSON does not parse keeps parse-error as the primary
// finding and is also analysed as an error-tolerant parse recovers it; a role whose trust cannot
// be read at all still gets the permission rules when a workspace is wired to it.
import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { lintTree } from '../testing/lint-tree.js';
import { placeName } from '../core/source.js';

const RECOVERED = 'in a policy that does not parse as written';

const statement = (sub: string) => `{
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringLike": { "app.terraform.io:aud": "aws.workload.identity", "app.terraform.io:sub": "${sub}" } }
    }`;

async function lintTrust(json: string, extra = '') {
  const r = await lintTree({
    'main.tf': tf`
      resource "aws_iam_role" "r" {
        name               = "r"
        assume_role_policy = file("trust.json")
      }
      ${extra}
    `,
    'trust.json': json,
  });
  return { ...r, of: (id: string) => r.findings.filter((f) => f.ruleId === id) };
}

describe('JSON that does not parse as written', () => {
  it('a missing comma between statements: parse-error, and the open workspace of the second statement, marked', async () => {
    const r = await lintTrust(
      `{"Version": "2012-10-17", "Statement": [\n${statement('organization:acme:project:infra:workspace:prod:run_phase:apply')}\n${statement('organization:acme:project:infra:workspace:*:run_phase:apply')}\n]}`,
    );
    expect(r.of('parse-error')).toHaveLength(1);
    expect(r.of('parse-error')[0].assumptions).toBeUndefined();
    const [ws] = r.of('no-wildcard-workspace');
    expect(ws.assumptions).toEqual([RECOVERED]);
    expect(ws.message).toContain(RECOVERED);
    expect(placeName(ws.range)).toBe('trust.json');
  });

  it('a missing closing brace: the statement is still analysed', async () => {
    const r = await lintTrust(
      `{"Version": "2012-10-17", "Statement": [\n${statement('organization:*:project:*:workspace:*:run_phase:*')}\n]`,
    );
    expect(r.of('parse-error')).toHaveLength(1);
    expect(r.of('no-wildcard-organization')[0]?.assumptions).toEqual([RECOVERED]);
  });

  it('reports nothing but the parse error when the recovered statement is pinned, and the Version lost to doubled quotes is not a second finding', async () => {
    const r = await lintTrust(
      `{"Version": ""2012-10-17"", "Statement": [\n${statement('organization:acme:project:infra:workspace:prod:run_phase:apply').replace('StringLike', 'StringEquals')}\n]}`,
    );
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId)).toEqual(['parse-error']);
  });
});

describe('a trust that cannot be read at all', () => {
  const admin = `
    resource "aws_iam_role_policy_attachment" "admin" {
      role       = aws_iam_role.r.name
      policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
    }`;
  const wiring = `
    resource "tfe_workspace" "w" {
      name         = "prod"
      organization = "acme"
    }
    resource "tfe_variable" "role" {
      workspace_id = tfe_workspace.w.id
      key          = "TFC_AWS_RUN_ROLE_ARN"
      value        = aws_iam_role.r.arn
      category     = "env"
    }`;
  it('gets no-admin-access when TFC_AWS_RUN_ROLE_ARN wires it to a workspace, saying why', async () => {
    const r = await lintTrust('[ "not", "a", "policy" ', admin + wiring);
    const [f] = r.of('no-admin-access');
    expect(f.assumptions?.[0]).toMatch(
      /trust policy not readable; assumed HCP Terraform runs can assume it because TFC_AWS_RUN_ROLE_ARN wires it to workspace "prod"/,
    );
    expect(r.of('separate-plan-apply-roles')).toHaveLength(1);
    // The trust rules see no statement: nothing contradicts the wiring.
    expect(r.of('workspace-audience-matches')).toEqual([]);
  });
  it('stays quiet about permissions when nothing says HCP Terraform can assume it', async () => {
    const r = await lintTrust('[ "not", "a", "policy" ', admin);
    expect(r.of('no-admin-access')).toEqual([]);
  });
  it('gets the admin, escalation and self-management rules when its text names an HCP Terraform provider by ARN, saying why', async () => {
    const broken =
      '{"Version": "2012-10-17", "Statement": [ {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/app.terraform.io"} "Action": ';
    const perms = `
      resource "aws_iam_role_policy" "deploy" {
        role = aws_iam_role.r.id
        policy = jsonencode({
          Version = "2012-10-17"
          Statement = [
            { Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*" },
            { Effect = "Allow", Action = "iam:UpdateAssumeRolePolicy", Resource = aws_iam_role.r.arn },
          ]
        })
      }`;
    const why =
      /trust policy not readable; assumed HCP Terraform runs can assume it because its trust names the HCP Terraform provider oidc-provider\/app\.terraform\.io/;
    // AdministratorAccess is no-admin-access's; an inline policy's routes are the other two rules'.
    const withAdmin = await lintTrust(broken, admin);
    expect(withAdmin.of('parse-error')).toHaveLength(1);
    expect(withAdmin.of('no-admin-access')[0]?.assumptions?.[0]).toMatch(why);
    const withInline = await lintTrust(broken, perms);
    for (const id of ['no-privilege-escalation', 'no-self-managing-role']) {
      const found = withInline.of(id);
      expect(found.length, id).toBeGreaterThan(0);
      expect(found[0].assumptions?.[0], id).toMatch(why);
    }
    // The statement cut off before its Action is not judged: no "allows no action" finding.
    expect(withAdmin.of('federated-principal-matches-provider')).toEqual([]);
  });
  it('names the provider resource when the broken template gets its ARN by reference', async () => {
    const r = await lintTree({
      'main.tf': tf`
        resource "aws_iam_openid_connect_provider" "tfc" {
          url            = "https://app.terraform.io"
          client_id_list = ["aws.workload.identity"]
        }
        resource "aws_iam_role" "r" {
          name               = "r"
          assume_role_policy = templatefile("trust.json.tpl", { provider = aws_iam_openid_connect_provider.tfc.arn })
        }
        ${admin}
      `,
      'trust.json.tpl':
        '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${provider}"}, "Condition": {"StringLike": {"app.terraform.io:sub": "organization:acme:*',
    });
    const [f] = r.findings.filter((x) => x.ruleId === 'no-admin-access');
    expect(f?.assumptions?.[0]).toMatch(/because its trust names the HCP Terraform provider aws_iam_openid_connect_provider\.tfc/);
  });
  it('stays quiet about permissions when the unreadable text names a provider of another issuer', async () => {
    const broken =
      '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"} "Action": ';
    const r = await lintTrust(broken, admin);
    expect(r.of('no-admin-access')).toEqual([]);
  });
});
