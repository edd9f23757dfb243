import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const github = tf`
  resource "aws_iam_openid_connect_provider" "github" {
    url            = "https://token.actions.githubusercontent.com"
    client_id_list = ["sts.amazonaws.com"]
  }
  resource "aws_iam_role" "deploy" {
    name = "gha-deploy"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = {
          "token.actions.githubusercontent.com:sub" = "repo:acme/app:environment:prod"
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
        } }
      }]
    })
  }
`;

const chain = (resource: string) => tf`
  resource "aws_iam_role_policy" "chain" {
    role = aws_iam_role.deploy.id
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = ${resource}
      }]
    })
  }
`;

async function chains(resource: string, extra = '') {
  const r = await lintTree({ 'main.tf': github + chain(resource) + extra });
  return { found: r.findings.filter((f) => f.ruleId === 'no-role-chaining'), r };
}

describe('no-role-chaining', () => {
  it('fires high on a role ARN in any account, naming the chain from the issuer', async () => {
    const { found, r } = await chains('"arn:aws:iam::*:role/deployer"');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'high', resource: 'aws_iam_role_policy.chain' });
    expect(r.text('main.tf', found[0].range)).toBe('"arn:aws:iam::*:role/deployer"');
    expect(found[0].message).toContain('GitHub Actions token (token.actions.githubusercontent.com) → gha-deploy → arn:aws:iam::*:role/deployer');
  });

  it('fires high on OrganizationAccountAccessRole (administrator in every member account)', async () => {
    const { found } = await chains('"arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"');
    expect(found.map((f) => f.severity)).toEqual(['high']);
    expect(found[0].message).toContain('administrator access in every member account');
  });

  it('a role in another account that the scan does not hold is unknown: high', async () => {
    const { found } = await chains('["arn:aws:iam::222222222222:role/deployer"]');
    expect(found.map((f) => f.severity)).toEqual(['high']);
    expect(found[0].message).toContain('not the role\'s own account 111111111111');
  });

  it('stays quiet on an exact role of the same account, on a computed ARN, and leaves "*" to no-privilege-escalation', async () => {
    expect((await chains('"arn:aws:iam::111111111111:role/deployer"')).found).toEqual([]);
    expect((await chains('"*"')).found).toEqual([]);
    const target = tf`
      resource "aws_iam_role" "target" {
        name = "target"
        assume_role_policy = "{}"
      }
    `;
    expect((await chains('aws_iam_role.target.arn', target)).found).toEqual([]);
  });
});
