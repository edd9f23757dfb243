import { describe, expect, it } from 'vitest';
import { lintTree } from '../testing/lint-tree.js';
import { tf } from '../testing/tf.js';

// A Terraform Enterprise host nothing else identifies: no `organization:` sub pattern to go by.
const files = {
  'main.tf': tf`
    resource "aws_iam_openid_connect_provider" "tfe" {
      url             = "https://tfe.corp.internal"
      client_id_list  = ["aws.workload.identity"]
      thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
    }
    resource "aws_iam_role" "r" {
      name = "tfe-role"
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { Federated = aws_iam_openid_connect_provider.tfe.arn }
          Action    = "sts:AssumeRoleWithWebIdentity"
          Condition = { StringEquals = { "tfe.corp.internal:aud" = "aws.workload.identity" } }
        }]
      })
    }
  `,
};

describe("the team's hostnames reach every trust rule (trustsFor)", () => {
  it('an unknown host is not judged as HCP Terraform without the setting', async () => {
    const r = await lintTree(files);
    // Judged by the generic profile instead: sub required, nothing about Terraform assumed.
    const sub = r.findings.find((f) => f.ruleId === 'require-sub-condition');
    expect(sub?.messageId).toBe('noSubOther');
    expect(sub?.message).toContain('unrecognised OIDC tokens');
    expect(sub?.message).not.toContain('Terraform');
    expect(r.findings.find((f) => f.ruleId === 'valid-thumbprint')?.severity).toBe('low');
  });
  it('with hostnames: [host] it is Terraform Enterprise, for the trust rules and for valid-thumbprint', async () => {
    const r = await lintTree(files, { expectations: { hostnames: ['https://TFE.corp.internal'] } });
    const sub = r.findings.find((f) => f.ruleId === 'require-sub-condition');
    expect(sub?.message).toContain('Terraform Enterprise');
    expect(sub?.witness).toMatchObject({ iss: 'https://tfe.corp.internal', sub: expect.stringMatching(/^organization:attacker-org:/) });
    expect(r.findings.find((f) => f.ruleId === 'valid-thumbprint')?.severity).toBe('medium');
  });
});
