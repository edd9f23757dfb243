import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-role-chaining.js';

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

/** An inline policy of the GitHub Actions role allowing sts:AssumeRole on `resource` (line 27 of main.tf, from column 18). */
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

const chains = (resource: string, extra = '') => ({ code: github + chain(resource) + extra });
const AT = { line: 27, column: 18 };
const target = tf`
  resource "aws_iam_role" "target" {
    name = "target"
    assume_role_policy = "{}"
  }
`;

ruleTester(rule, {
  valid: [
    { name: 'an exact role of the same account', ...chains('"arn:aws:iam::111111111111:role/deployer"') },
    { name: '"*" is left to no-privilege-escalation', ...chains('"*"') },
    { name: 'a computed ARN of a role in the scan', ...chains('aws_iam_role.target.arn', target) },
  ],
  invalid: [
    {
      name: 'high on a role ARN in any account, naming the chain from the issuer',
      ...chains('"arn:aws:iam::*:role/deployer"'),
      errors: [
        {
          messageId: 'chain',
          ...AT,
          text: '"arn:aws:iam::*:role/deployer"',
          severity: 'high',
          resource: 'aws_iam_role_policy.chain',
          says: ['GitHub Actions token (token.actions.githubusercontent.com) → gha-deploy → arn:aws:iam::*:role/deployer'],
        },
      ],
    },
    {
      name: 'high on OrganizationAccountAccessRole (administrator in every member account)',
      ...chains('"arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"'),
      errors: [{ messageId: 'chain', ...AT, severity: 'high', says: ['administrator access in every member account'] }],
    },
    {
      name: 'medium on a role of another account that the scan holds and that is not an administrator',
      ...chains('"arn:aws:iam::222222222222:role/target"', target),
      errors: [
        {
          messageId: 'chain',
          ...AT,
          severity: 'medium',
          says: ["a role in account 222222222222, not the role's own account 111111111111"],
        },
      ],
    },
    {
      name: 'a role in another account that the scan does not hold is unknown: high',
      ...chains('["arn:aws:iam::222222222222:role/deployer"]'),
      errors: [
        { messageId: 'chain', line: AT.line, column: AT.column + 1, severity: 'high', says: ["not the role's own account 111111111111"] },
      ],
    },
  ],
});
