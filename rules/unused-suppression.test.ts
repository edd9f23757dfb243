import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const role = (comment: string, org: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  ${comment}
  resource "aws_iam_role" "r" {
    name = "r"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{
        Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }, StringLike = { "app.terraform.io:sub" = "organization:${org}:project:p:workspace:w:run_phase:apply" } }
      }]
    })
  }
`;

const unused = async (comment: string, org: string, options = {}) =>
  (await lintTree({ 'main.tf': role(comment, org) }, options)).findings.filter((f) => f.ruleId === 'unused-suppression');

describe('unused-suppression', () => {
  const comment = '# tfc-oidc-lint-ignore no-wildcard-organization: sandbox';
  it('fires when the suppressed problem is gone, at the comment', async () => {
    const [f] = await unused(comment, 'acme');
    expect(f).toMatchObject({ severity: 'low', range: { start: { line: 5 } }, message: expect.stringContaining('"no-wildcard-organization"') });
  });
  it('stays quiet while the comment suppresses a finding', async () => {
    expect(await unused(comment, '*')).toEqual([]);
  });
  it('does not judge a rule that did not run', async () => {
    expect(await unused(comment, 'acme', { ruleSettings: { 'no-wildcard-organization': 'off' } })).toEqual([]);
  });
});
