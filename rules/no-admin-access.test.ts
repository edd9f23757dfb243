import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';
import { allShapes } from '../src/testing/shapes.js';

const provider = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "https://app.terraform.io"
    client_id_list  = ["aws.workload.identity"]
    thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
  }
`;

const role = (sub: string) => tf`
  resource "aws_iam_role" "apply" {
    name = "tfc-apply"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "${sub}" }
        }
      }]
    })
  }
`;

const pinnedApply = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

async function findings(files: Record<string, string>) {
  const r = await lintTree(files);
  return { ...r, admin: r.findings.filter((f) => f.ruleId === 'no-admin-access') };
}

describe('no-admin-access', () => {
  it('fires on an AdministratorAccess attachment resource, pointing at the whole attachment block', async () => {
    const attach = tf`
      resource "aws_iam_role_policy_attachment" "admin" {
        role       = aws_iam_role.apply.name
        policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
      }
    `;
    const { admin } = await findings({ 'main.tf': provider + role(pinnedApply) + attach });
    expect(admin).toHaveLength(1);
    expect(admin[0].severity).toBe('high'); // apply-only and pinned: high, not critical
    expect(admin[0].message).toContain('"tfc-apply"');
    const firstLine = (provider + role(pinnedApply)).split('\n').length;
    expect(admin[0].range.start.line).toBe(firstLine);
    expect(admin[0].range.end.line).toBe(firstLine + 3);
  });

  it('is critical when the role also admits plan runs, with the plan token as witness', async () => {
    const attach = tf`
      resource "aws_iam_role" "x" {
        name = "unused"
        assume_role_policy = "{}"
      }
      resource "aws_iam_role_policy_attachment" "admin" {
        role       = aws_iam_role.apply.name
        policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
      }
    `;
    const { admin } = await findings({ 'main.tf': provider + role('organization:acme:project:infra:workspace:prod:run_phase:*') + attach });
    expect(admin).toHaveLength(1);
    expect(admin[0].severity).toBe('critical');
    expect(admin[0].witness?.sub).toBe('organization:acme:project:infra:workspace:prod:run_phase:plan');
  });

  it('fires on managed_policy_arns, an inline policy with * on *, and a customer policy with iam:* on *', async () => {
    const roleWith = (extra: string) => role(pinnedApply).replace('name = "tfc-apply"', `name = "tfc-apply"\n  ${extra}`);
    const managed = await findings({ 'main.tf': provider + roleWith('managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]') });
    expect(managed.admin.map((f) => f.message)).toEqual([expect.stringContaining('AdministratorAccess')]);
    expect(managed.text('main.tf', managed.admin[0].range)).toContain('AdministratorAccess');

    const inline = await findings({
      'main.tf': provider + role(pinnedApply) + tf`
        resource "aws_iam_role_policy" "all" {
          name   = "everything"
          role   = aws_iam_role.apply.id
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
        }
      `,
    });
    expect(inline.admin).toHaveLength(1);
    expect(inline.text('main.tf', inline.admin[0].range)).toBe('"*"');

    const customer = await findings({
      'main.tf': provider + role(pinnedApply) + tf`
        resource "aws_iam_policy" "iam_all" {
          name   = "iam-all"
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:*"], Resource = ["*"] }] })
        }
        resource "aws_iam_role_policy_attachment" "iam_all" {
          role       = aws_iam_role.apply.name
          policy_arn = aws_iam_policy.iam_all.arn
        }
      `,
    });
    expect(customer.admin).toHaveLength(1);
    expect(customer.admin[0].message).toContain('iam:*');
  });

  it('names a policy document grant as a noun phrase, so the sentence still reads', async () => {
    const { admin } = await findings({
      'main.tf': provider + role(pinnedApply) + tf`
        resource "aws_iam_policy" "all" {
          name   = "all"
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
        }
        resource "aws_iam_role_policy_attachment" "all" {
          role       = aws_iam_role.apply.name
          policy_arn = aws_iam_policy.all.arn
        }
      `,
    });
    expect(admin).toHaveLength(1);
    expect(admin[0].message).toMatch(/^aws_iam_policy\.all \(granting "\*" on "\*"\) is attached to role "tfc-apply"/);
  });

  it('stays quiet on scoped and read-only permissions', async () => {
    const { admin } = await findings({
      'main.tf': provider + role(pinnedApply) + tf`
        resource "aws_iam_role_policy_attachment" "ro" {
          role       = aws_iam_role.apply.name
          policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        }
        resource "aws_iam_role_policy" "s3" {
          name   = "deploy"
          role   = aws_iam_role.apply.id
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::acme/*" }] })
        }
      `,
    });
    expect(admin).toEqual([]);
  });

  it('reports admin on another issuer\'s role with that issuer\'s words, critical when its trust is open (GitHub Actions repo:acme/*)', async () => {
    const r = await lintTree({}, {});
    expect(r.findings).toEqual([]);
    const { lint } = await import('../src/engine/lint.js');
    const other = (await lint(['fixtures/other-issuers'])).findings.filter((f) => f.ruleId === 'no-admin-access');
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ severity: 'critical', resource: 'aws_iam_role_policy_attachment.github_admin' });
    expect(other[0].message).toContain('GitHub Actions workflow runs can assume, and its trust admits any repository');
    expect(other[0].witness).toMatchObject({ iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com' });
    expect(other[0].witness?.sub).toBe('repo:acme/attacker-repo:ref:refs/heads/main');
  });

  for (const shape of allShapes({ conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': pinnedApply } }, managedPolicies: ['AdministratorAccess'] })) {
    if (shape.name === 'raw IAM JSON document') continue; // a bare trust document carries no attachments
    it(`fires through ${shape.name}`, async () => {
      const { admin } = await findings(shape.files);
      expect(admin).toHaveLength(1);
      expect(admin[0].message).toContain('AdministratorAccess');
    });
  }
});

describe('no-admin-access: PowerUserAccess', () => {
  const attach = tf`
    resource "aws_iam_role_policy_attachment" "power" {
      role       = aws_iam_role.apply.name
      policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
    }
  `;
  it('is medium on a pinned apply-only role', async () => {
    const { admin } = await findings({ 'main.tf': provider + role(pinnedApply) + attach });
    expect(admin.map((f) => [f.messageId, f.severity])).toEqual([['powerUser', 'medium']]);
  });
  it('rises to high with a loose trust, with the witness', async () => {
    const { admin } = await findings({ 'main.tf': provider + role('organization:acme:project:*:workspace:*:run_phase:apply') + attach });
    expect(admin.map((f) => [f.messageId, f.severity])).toEqual([['powerUser', 'high']]);
    expect(admin[0]!.message).toContain('more than one project');
    expect(admin[0]!.witness?.sub).toMatch(/^organization:acme:project:/);
  });
});
