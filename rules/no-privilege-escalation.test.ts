import { expect } from 'vitest';
import { fixtureFiles } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-privilege-escalation.js';

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

/** The apply role with an inline policy whose statements are `statements` (on line 23). */
const inline = (statements: string) =>
  base +
  tf`
  resource "aws_iam_role_policy" "deploy" {
    name = "deploy"
    role = aws_iam_role.apply.id
    policy = jsonencode({ Version = "2012-10-17", Statement = ${statements} })
  }
`;

const POWER_USER = {
  conditions: {
    StringEquals: {
      'app.terraform.io:aud': 'aws.workload.identity',
      'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply',
    },
  },
  managedPolicies: ['PowerUserAccess'],
};
const github = (statements: string) =>
  inline(statements)
    .replace(/app\.terraform\.io/g, 'token.actions.githubusercontent.com')
    .replace('organization:acme:project:infra:workspace:prod:run_phase:apply', 'repo:acme/app:ref:refs/heads/main');

ruleTester(rule, {
  valid: [
    {
      name: 'PassRole naming exact role ARNs, literal or from a resource reference',
      code:
        inline(
          '[{ Effect = "Allow", Action = "iam:PassRole", Resource = ["arn:aws:iam::123456789012:role/app-task", aws_iam_role.task.arn] }, { Effect = "Allow", Action = ["ecs:RunTask", "ecs:RegisterTaskDefinition"], Resource = "*" }]',
        ) +
        tf`
          resource "aws_iam_role" "task" {
            name               = "app-task"
            assume_role_policy = "{}"
          }
        `,
    },
    {
      name: 'read-only actions, PassRole alone, and IAM writes pinned to an exact ARN',
      code: inline(
        '[{ Effect = "Allow", Action = ["s3:Get*", "iam:Get*", "iam:PassRole"], Resource = "*" }, { Effect = "Allow", Action = "iam:PutRolePolicy", Resource = "arn:aws:iam::123456789012:role/app-task" }]',
      ),
    },
    {
      name: 'iam:* on * on a GitHub Actions role is an administrator grant (no-admin-access reports it)',
      code: github('[{ Effect = "Allow", Action = "iam:*", Resource = "*" }]'),
    },
    {
      name: 'the seed’s administrator grant is left to no-admin-access instead of reporting each escalation path',
      files: fixtureFiles('seed'),
    },
  ],
  invalid: [
    {
      name: 'a wildcard (iam:Put*) is expanded, naming the actions and the statement',
      code: inline('[{ Sid = "Iam", Effect = "Allow", Action = ["s3:GetObject", "iam:Put*"], Resource = "*" }]'),
      errors: [
        {
          messageId: 'escalation',
          line: 23,
          column: 121,
          text: '"iam:Put*"',
          says: ['iam:PutRolePolicy', 'iam:PutUserPolicy', 'statement "Iam" of'],
        },
      ],
    },
    {
      name: 'iam:PassRole together with a compute action, across statements',
      code: inline(
        '[{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }, { Effect = "Allow", Action = "ec2:RunInstances", Resource = "*" }]',
      ),
      errors: [
        {
          messageId: 'escalation',
          line: 23,
          column: 91,
          check: (f) => expect(f.message).toMatch(/pass any role.*iam:PassRole, ec2:RunInstances/),
        },
      ],
    },
    {
      name: 'which roles PassRole can pass when Resource narrows it to a pattern',
      code: inline(
        '[{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::123456789012:role/app-*" }, { Effect = "Allow", Action = "ecs:RunTask", Resource = "*" }]',
      ),
      errors: [
        {
          messageId: 'escalation',
          line: 23,
          column: 91,
          says: ['can pass roles matching "arn:aws:iam::123456789012:role/app-*" to a service'],
          check: (f) => expect(f.message).not.toContain('any role'),
        },
      ],
    },
    {
      name: 'which service PassRole can pass to when iam:PassedToService limits it',
      code: inline(
        '[{ Effect = "Allow", Action = "iam:PassRole", Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } } }, { Effect = "Allow", Action = "ecs:RunTask", Resource = "*" }]',
      ),
      errors: [{ messageId: 'escalation', line: 23, column: 91, says: ['can pass any role to ecs-tasks.amazonaws.com'] }],
    },
    {
      name: 'sts:AssumeRole on *; IAMFullAccess (administrator) is left to no-admin-access',
      code:
        inline('[{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }]') +
        tf`
          resource "aws_iam_role_policy_attachment" "iam" {
            role       = aws_iam_role.apply.name
            policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
          }
        `,
      errors: [{ messageId: 'escalation', line: 23, column: 91, says: ['can assume any role'] }],
    },
    {
      name: 'a GitHub Actions role that can rewrite role policies',
      code: github('[{ Effect = "Allow", Action = "iam:PutRolePolicy", Resource = "*" }]'),
      errors: [{ messageId: 'escalationOther', severity: 'high', line: 23, column: 91, says: ['GitHub Actions'] }],
    },
    {
      // PowerUserAccess allows every action but iam:*, organizations:* and account:*: code updates, and sts:AssumeRole on every role.
      name: 'PowerUserAccess through every shape that carries attachments',
      shapes: POWER_USER,
      only: ['heredoc JSON', 'jsonencode', 'aws_iam_policy_document', 'Terraform JSON', 'plan JSON'],
      errors: [
        {
          messageId: 'escalation',
          text: /^[\s\S]*PowerUserAccess[\s\S]*$/,
          says: ['lambda:UpdateFunctionCode (from "NotAction iam:*, organizations:*, account:*" in PowerUserAccess)'],
        },
        {
          messageId: 'escalation',
          text: /^[\s\S]*PowerUserAccess[\s\S]*$/,
          check: (f) => expect(f.message).toMatch(/can assume any role.*PowerUserAccess/),
        },
      ],
    },
  ],
});
