import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const openRole = (comment: string) => tf`
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
        Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }, StringLike = { "app.terraform.io:sub" = "organization:*:project:p:workspace:w:run_phase:apply" } }
      }]
    })
  }
`;

const invalid = async (comment: string) => (await lintTree({ 'main.tf': openRole(comment) })).findings.filter((f) => f.ruleId === 'invalid-suppression');

describe('invalid-suppression', () => {
  it('fires on a comment without a reason, at the comment', async () => {
    const [f] = await invalid('# tfc-oidc-lint-ignore no-wildcard-organization');
    expect(f).toMatchObject({ messageId: 'noReason', severity: 'medium', range: { file: 'main.tf', start: { line: 5, column: 1 } } });
  });
  it('fires on an unknown rule id and on a comment without ids', async () => {
    expect((await invalid('# tfc-oidc-lint-ignore no-wildcard-organisation: typo'))[0]).toMatchObject({ messageId: 'unknownRule', message: expect.stringContaining('"no-wildcard-organisation"') });
    expect((await invalid('// tfc-oidc-lint-ignore: why'))[0]).toMatchObject({ messageId: 'noRule' });
  });
  it('stays quiet on a well-formed comment', async () => {
    expect(await invalid('# tfc-oidc-lint-ignore no-wildcard-organization: sandbox (SEC-1)')).toEqual([]);
  });
});
