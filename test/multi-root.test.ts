// Two root modules scanned together may declare the same addresses; references stay in their own.
import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';
import { placeName } from '../src/core/source.js';

const stack = (org: string, policy: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "plan" {
    name = "tfc-plan-${org}"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "organization:${org}:project:infra:workspace:prod:run_phase:plan" }
        }
      }]
    })
  }
  resource "aws_iam_role_policy_attachment" "p" {
    role       = aws_iam_role.plan.name
    policy_arn = "arn:aws:iam::aws:policy/${policy}"
  }
`;

describe('several root modules with the same addresses', () => {
  it('links each attachment to the role of its own root module', async () => {
    const r = await lintTree({
      'prod/main.tf': stack('acme', 'ReadOnlyAccess'),
      'staging/main.tf': stack('acme-staging', 'AdministratorAccess'),
    });
    const roles = r.project.roles.map((role) => [role.label, role.attachments.map((a) => a.label)]);
    expect(roles).toEqual(
      expect.arrayContaining([
        ['tfc-plan-acme', ['ReadOnlyAccess']],
        ['tfc-plan-acme-staging', ['AdministratorAccess']],
      ]),
    );
    const admin = r.findings.filter((f) => f.ruleId === 'no-admin-access');
    expect(admin.map((f) => placeName(f.range))).toEqual(['staging/main.tf']);
  });
});

describe('several root modules with the same provider address', () => {
  it('links each role to the provider of its own root module', async () => {
    const prod = stack('acme', 'ReadOnlyAccess');
    const tfe = stack('acme', 'ReadOnlyAccess')
      .replace('https://app.terraform.io', 'https://tfe.acme.example')
      .replace(/app\.terraform\.io:/g, 'tfe.acme.example:');
    const r = await lintTree({ 'a/main.tf': prod, 'b/main.tf': tfe });
    const { analyzeRoleTrust } = await import('../src/trust/index.js');
    const hosts = r.project.roles.map((role) => [
      placeName(role.range),
      analyzeRoleTrust(role, r.project).issuers.map((i) => i.provider && placeName(i.provider.range)),
    ]);
    expect(hosts).toEqual(
      expect.arrayContaining([
        ['a/main.tf', ['a/main.tf']],
        ['b/main.tf', ['b/main.tf']],
      ]),
    );
  });
});
