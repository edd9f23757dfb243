import { expect } from 'vitest';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './read-only-plan-role.js';

/** A plan role with one inline policy whose statements are `policy` (on line 23). */
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
const sub = (phase: string) => `organization:acme:project:infra:workspace:prod:run_phase:${phase}`;
const managed = (policy: string) => ({
  conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': sub('plan') } },
  managedPolicies: [policy],
});
/** A bare trust document carries no attachments. */
const ATTACHING = [
  'heredoc JSON' as const,
  'jsonencode' as const,
  'aws_iam_policy_document' as const,
  'Terraform JSON' as const,
  'plan JSON' as const,
];

ruleTester(rule, {
  valid: [
    {
      name: 'read and list actions (Get*, List*, Describe*)',
      code: planRole('{ Effect = "Allow", Action = ["s3:Get*", "ec2:Describe*", "iam:List*"], Resource = "*" }'),
    },
    {
      name: 'an apply role with write access',
      code: planRole('{ Effect = "Allow", Action = "s3:PutObject", Resource = "*" }').replace('run_phase:plan', 'run_phase:apply'),
    },
    { name: 'ReadOnlyAccess through every shape that carries attachments', shapes: managed('ReadOnlyAccess'), only: ATTACHING },
  ],
  invalid: [
    {
      name: 'write actions by iam-data access level, naming the first few and the plan witness',
      code: planRole('{ Effect = "Allow", Action = ["s3:GetObject", "s3:Put*"], Resource = "*" }'),
      errors: [
        {
          messageId: 'writeOnPlan',
          severity: 'high',
          line: 23,
          column: 108,
          text: '"s3:Put*"',
          says: ['admits only run_phase:plan'],
          witness: { kind: 'accepted', sub: new RegExp(`^${sub('plan')}$`) },
          check: (f) => expect(f.message).toMatch(/admits only run_phase:plan.*s3:Put\w+, s3:Put\w+, s3:Put\w+, s3:Put\w+ and \d+ more/),
        },
      ],
    },
    {
      name: 'Permissions management counts as write (iam:AttachRolePolicy)',
      code: planRole('{ Effect = "Allow", Action = "iam:AttachRolePolicy", Resource = "*" }'),
      errors: [{ messageId: 'writeOnPlan', line: 23, column: 91, says: ['iam:AttachRolePolicy'] }],
    },
    {
      name: 'PowerUserAccess through every shape that carries attachments',
      shapes: managed('PowerUserAccess'),
      only: ATTACHING,
      errors: [{ messageId: 'writeOnPlan', text: /^[\s\S]*PowerUserAccess[\s\S]*$/ }],
    },
  ],
});
