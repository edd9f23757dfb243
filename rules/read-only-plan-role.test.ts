import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { allShapes } from '../src/testing/shapes.js';
import { tf } from '../src/testing/tf.js';

const planRole = (policy: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "https://app.terraform.io"
    client_id_list  = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "plan" {
    name = "tfc-plan"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = {
          "app.terraform.io:aud" = "aws.workload.identity"
          "app.terraform.io:sub" = "organization:acme:project:infra:workspace:prod:run_phase:plan"
        } }
      }]
    })
  }
  resource "aws_iam_role_policy" "p" {
    name   = "plan"
    role   = aws_iam_role.plan.id
    policy = jsonencode({ Version = "2012-10-17", Statement = [${policy}] })
  }
`;

async function found(files: Record<string, string>) {
  const r = await lintTree(files);
  return { ...r, ro: r.findings.filter((f) => f.ruleId === 'read-only-plan-role') };
}

const sub = (phase: string) => `organization:acme:project:infra:workspace:prod:run_phase:${phase}`;

describe('read-only-plan-role', () => {
  it('fires on write actions by iam-data access level, naming the first few and the plan witness', async () => {
    const { ro, text } = await found({ 'main.tf': planRole('{ Effect = "Allow", Action = ["s3:GetObject", "s3:Put*"], Resource = "*" }') });
    expect(ro).toHaveLength(1);
    expect(ro[0]!.message).toMatch(/admits only run_phase:plan.*s3:Put\w+, s3:Put\w+, s3:Put\w+, s3:Put\w+ and \d+ more/);
    expect(ro[0]!.witness?.sub).toBe(sub('plan'));
    expect(text('main.tf', ro[0]!.range)).toBe('"s3:Put*"');
  });

  it('counts Permissions management as write (iam:AttachRolePolicy)', async () => {
    const { ro } = await found({ 'main.tf': planRole('{ Effect = "Allow", Action = "iam:AttachRolePolicy", Resource = "*" }') });
    expect(ro.map((f) => f.message)).toEqual([expect.stringContaining('iam:AttachRolePolicy')]);
  });

  it('stays quiet on read and list actions (Get*, List*, Describe*)', async () => {
    const { ro } = await found({ 'main.tf': planRole('{ Effect = "Allow", Action = ["s3:Get*", "ec2:Describe*", "iam:List*"], Resource = "*" }') });
    expect(ro).toEqual([]);
  });

  it('stays quiet on an apply role with write access', async () => {
    const { ro } = await found({ 'main.tf': planRole('{ Effect = "Allow", Action = "s3:PutObject", Resource = "*" }').replace('run_phase:plan', 'run_phase:apply') });
    expect(ro).toEqual([]);
  });

  for (const [policies, fires] of [[['PowerUserAccess'], true], [['ReadOnlyAccess'], false]] as const) {
    for (const shape of allShapes({ conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': sub('plan') } }, managedPolicies: [...policies] })) {
      if (shape.name === 'raw IAM JSON document') continue; // a bare trust document carries no attachments
      it(`${fires ? 'fires on' : 'stays quiet on'} ${policies[0]} through ${shape.name}`, async () => {
        const { ro } = await found(shape.files);
        expect(ro.length).toBe(fires ? 1 : 0);
      });
    }
  }
});
