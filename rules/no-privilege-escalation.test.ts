import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { allShapes } from '../src/testing/shapes.js';
import { tf } from '../src/testing/tf.js';

const base = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "https://app.terraform.io"
    client_id_list  = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "apply" {
    name = "tfc-apply"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = {
          "app.terraform.io:aud" = "aws.workload.identity"
          "app.terraform.io:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply"
        } }
      }]
    })
  }
`;

const inline = (statements: string) => base + tf`
  resource "aws_iam_role_policy" "deploy" {
    name = "deploy"
    role = aws_iam_role.apply.id
    policy = jsonencode({ Version = "2012-10-17", Statement = ${statements} })
  }
`;

async function found(files: Record<string, string>) {
  const r = await lintTree(files);
  return { ...r, esc: r.findings.filter((f) => f.ruleId === 'no-privilege-escalation') };
}

describe('no-privilege-escalation', () => {
  it('expands a wildcard (iam:Put*) and names the actions and the statement', async () => {
    const { esc, text } = await found({ 'main.tf': inline('[{ Sid = "Iam", Effect = "Allow", Action = ["s3:GetObject", "iam:Put*"], Resource = "*" }]') });
    expect(esc).toHaveLength(1);
    expect(esc[0]!.message).toContain('iam:PutRolePolicy');
    expect(esc[0]!.message).toContain('iam:PutUserPolicy');
    expect(esc[0]!.message).toContain('statement "Iam" of');
    expect(text('main.tf', esc[0]!.range)).toBe('"iam:Put*"');
  });

  it('finds iam:PassRole together with a compute action, across statements', async () => {
    const { esc } = await found({
      'main.tf': inline('[{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }, { Effect = "Allow", Action = "ec2:RunInstances", Resource = "*" }]'),
    });
    expect(esc.map((f) => f.message)).toEqual([expect.stringMatching(/pass any role.*iam:PassRole, ec2:RunInstances/)]);
  });

  it('says which roles PassRole can pass when Resource narrows it to a pattern', async () => {
    const { esc } = await found({
      'main.tf': inline('[{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::123456789012:role/app-*" }, { Effect = "Allow", Action = "ecs:RunTask", Resource = "*" }]'),
    });
    expect(esc.map((f) => f.message)).toEqual([expect.stringContaining('can pass roles matching "arn:aws:iam::123456789012:role/app-*" to a service')]);
    expect(esc[0]!.message).not.toContain('any role');
  });

  it('says which service PassRole can pass to when iam:PassedToService limits it', async () => {
    const { esc } = await found({
      'main.tf': inline('[{ Effect = "Allow", Action = "iam:PassRole", Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } } }, { Effect = "Allow", Action = "ecs:RunTask", Resource = "*" }]'),
    });
    expect(esc.map((f) => f.message)).toEqual([expect.stringContaining('can pass any role to ecs-tasks.amazonaws.com')]);
  });

  it('stays quiet when PassRole names exact role ARNs, literal or from a resource reference', async () => {
    const { esc } = await found({
      'main.tf': inline('[{ Effect = "Allow", Action = "iam:PassRole", Resource = ["arn:aws:iam::123456789012:role/app-task", aws_iam_role.task.arn] }, { Effect = "Allow", Action = ["ecs:RunTask", "ecs:RegisterTaskDefinition"], Resource = "*" }]') + tf`
        resource "aws_iam_role" "task" {
          name               = "app-task"
          assume_role_policy = "{}"
        }
      `,
    });
    expect(esc).toEqual([]);
  });

  it('finds sts:AssumeRole on *, and leaves IAMFullAccess (administrator) to no-admin-access', async () => {
    const { esc } = await found({
      'main.tf': inline('[{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }]') + tf`
        resource "aws_iam_role_policy_attachment" "iam" {
          role       = aws_iam_role.apply.name
          policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
        }
      `,
    });
    expect(esc.map((f) => f.message)).toEqual([expect.stringContaining('can assume any role')]);
  });

  it('stays quiet on read-only actions, PassRole alone, and IAM writes pinned to an exact ARN', async () => {
    const { esc } = await found({
      'main.tf': inline(
        '[{ Effect = "Allow", Action = ["s3:Get*", "iam:Get*", "iam:PassRole"], Resource = "*" }, { Effect = "Allow", Action = "iam:PutRolePolicy", Resource = "arn:aws:iam::123456789012:role/app-task" }]',
      ),
    });
    expect(esc).toEqual([]);
  });

  it('ignores roles HCP Terraform cannot assume', async () => {
    const files = { 'main.tf': inline('[{ Effect = "Allow", Action = "iam:*", Resource = "*" }]').replace(/app\.terraform\.io/g, 'token.actions.githubusercontent.com').replace('organization:acme:project:infra:workspace:prod:run_phase:apply', 'repo:acme/app:ref:refs/heads/main') };
    expect((await found(files)).esc).toEqual([]);
  });

  for (const shape of allShapes({ conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } }, managedPolicies: ['PowerUserAccess'] })) {
    if (shape.name === 'raw IAM JSON document') continue; // a bare trust document carries no attachments
    it(`fires through ${shape.name}`, async () => {
      // PowerUserAccess allows every action but iam:*, so sts:AssumeRole on every role.
      const { esc } = await found(shape.files);
      expect(esc.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(/can assume any role.*PowerUserAccess/)]));
      expect(esc.every((f) => f.message.includes("PowerUserAccess"))).toBe(true);
    });
  }
});

describe('no-privilege-escalation next to no-admin-access', () => {
  it('leaves an administrator grant to no-admin-access instead of reporting each escalation path', async () => {
    const { lint } = await import('../src/engine/lint.js');
    const r = await lint(['fixtures/seed']);
    expect(r.findings.filter((f) => f.ruleId === 'no-admin-access')).toHaveLength(1);
    expect(r.findings.filter((f) => f.ruleId === 'no-privilege-escalation')).toEqual([]);
  });
});
