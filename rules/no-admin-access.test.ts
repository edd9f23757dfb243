import { expect } from 'vitest';
import { fixtureFiles, ghAud, ghSpec, issuerDocument, SHAPE_GH } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-admin-access.js';

const provider = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "https://app.terraform.io"
    client_id_list  = ["aws.workload.identity"]
    thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
  }
`;
/** The role "tfc-apply": 15 lines after the 5 of `provider`, so what follows starts on line 21. */
const role = (sub: string, extra = '') => tf`
  resource "aws_iam_role" "apply" {
    name = "tfc-apply"${extra}
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "${sub}" }
        }
      }]
    })
  }
`;
const AFTER = 21;
const pinnedApply = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const attach = (name: string, policy: string) => tf`
  resource "aws_iam_role_policy_attachment" "${name}" {
    role       = aws_iam_role.apply.name
    policy_arn = ${policy}
  }
`;
const ADMIN = attach('admin', '"arn:aws:iam::aws:policy/AdministratorAccess"');
const POWER = attach('power', '"arn:aws:iam::aws:policy/PowerUserAccess"');
const GH = 'token.actions.githubusercontent.com';

ruleTester(rule, {
  valid: [
    {
      name: 'scoped and read-only permissions',
      code:
        provider +
        role(pinnedApply) +
        attach('ro', '"arn:aws:iam::aws:policy/ReadOnlyAccess"') +
        tf`
          resource "aws_iam_role_policy" "s3" {
            name   = "deploy"
            role   = aws_iam_role.apply.id
            policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::acme/*" }] })
          }
        `,
    },
  ],
  invalid: [
    {
      name: 'an AdministratorAccess attachment resource, at the whole attachment block; apply-only and pinned: high, not critical',
      code: provider + role(pinnedApply) + ADMIN,
      errors: [{ messageId: 'admin', line: AFTER, column: 1, endLine: AFTER + 3, severity: 'high', says: ['"tfc-apply"'] }],
    },
    {
      name: 'critical when the role also admits plan runs, with the plan token as witness',
      code:
        provider +
        role('organization:acme:project:infra:workspace:prod:run_phase:*') +
        tf`
        resource "aws_iam_role" "x" {
          name = "unused"
          assume_role_policy = "{}"
        }
      ` +
        ADMIN,
      errors: [
        {
          messageId: 'adminExposed',
          line: AFTER + 4,
          column: 1,
          severity: 'critical',
          witness: { kind: 'accepted', sub: /^organization:acme:project:infra:workspace:prod:run_phase:plan$/ },
        },
      ],
    },
    {
      name: 'managed_policy_arns on the role, at the policy ARN',
      code: provider + role(pinnedApply, '\n  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]'),
      errors: [
        { messageId: 'admin', line: 8, column: 24, text: '"arn:aws:iam::aws:policy/AdministratorAccess"', says: ['AdministratorAccess'] },
      ],
    },
    {
      name: 'an inline policy with * on *, at the action',
      code:
        provider +
        role(pinnedApply) +
        tf`
        resource "aws_iam_role_policy" "all" {
          name   = "everything"
          role   = aws_iam_role.apply.id
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
        }
      `,
      errors: [{ messageId: 'admin', line: AFTER + 3, column: 91, text: '"*"' }],
    },
    {
      name: 'a customer policy with iam:* on *',
      code:
        provider +
        role(pinnedApply) +
        tf`
        resource "aws_iam_policy" "iam_all" {
          name   = "iam-all"
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:*"], Resource = ["*"] }] })
        }
      ` +
        attach('iam_all', 'aws_iam_policy.iam_all.arn'),
      errors: [{ messageId: 'admin', line: AFTER + 4, column: 1, says: ['iam:*'] }],
    },
    {
      name: 'a policy document grant is named as a noun phrase, so the sentence still reads',
      code:
        provider +
        role(pinnedApply) +
        tf`
        resource "aws_iam_policy" "all" {
          name   = "all"
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
        }
      ` +
        attach('all', 'aws_iam_policy.all.arn'),
      errors: [
        {
          messageId: 'admin',
          line: AFTER + 4,
          column: 1,
          check: (f) => expect(f.message).toMatch(/^aws_iam_policy\.all \(granting "\*" on "\*"\) is attached to role "tfc-apply"/),
        },
      ],
    },
    {
      name: 'another issuer’s role, in that issuer’s words, critical when its trust is open (fixtures/other-issuers: GitHub Actions repo:acme/*)',
      files: fixtureFiles('other-issuers'),
      errors: [
        {
          messageId: 'adminOther',
          line: 53,
          column: 1,
          severity: 'critical',
          resource: 'aws_iam_role_policy_attachment.github_admin',
          says: ['GitHub Actions workflow runs can assume, and its trust admits any repository'],
          witness: {
            kind: 'accepted',
            iss: /^https:\/\/token\.actions\.githubusercontent\.com$/,
            aud: /^sts\.amazonaws\.com$/,
            sub: /^repo:acme\/attacker-repo:ref:refs\/heads\/main$/,
          },
        },
      ],
    },
    {
      name: 'AdministratorAccess through every source shape that carries attachments',
      shapes: {
        conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': pinnedApply } },
        managedPolicies: ['AdministratorAccess'],
      },
      only: ['heredoc JSON', 'jsonencode', 'aws_iam_policy_document', 'Terraform JSON', 'plan JSON'],
      errors: [{ messageId: 'admin', text: /^[\s\S]*AdministratorAccess[\s\S]*$/, says: ['AdministratorAccess'] }],
    },
    {
      name: 'PowerUserAccess is medium on a pinned apply-only role',
      code: provider + role(pinnedApply) + POWER,
      errors: [{ messageId: 'powerUser', line: AFTER, column: 1, severity: 'medium' }],
    },
    {
      name: 'PowerUserAccess rises to high with a loose trust, with the witness',
      code: provider + role('organization:acme:project:*:workspace:*:run_phase:apply') + POWER,
      errors: [
        {
          messageId: 'powerUser',
          line: AFTER,
          column: 1,
          severity: 'high',
          says: ['more than one project'],
          witness: { kind: 'accepted', sub: /^organization:acme:project:/ },
        },
      ],
    },
    {
      name: 'PowerUserAccess on a GitHub Actions role pinned to one repository and branch',
      files: {
        'trust-policy.json': issuerDocument(
          GH,
          `{"StringEquals": {"${GH}:aud": "sts.amazonaws.com", "${GH}:sub": "repo:acme/app:ref:refs/heads/main"}}`,
        ).code,
        'main.tf':
          tf`
          resource "aws_iam_role" "gh" {
            name               = "gh"
            assume_role_policy = file("\${path.module}/trust-policy.json")
          }
        ` + attach('power', '"arn:aws:iam::aws:policy/PowerUserAccess"').replace('aws_iam_role.apply.name', 'aws_iam_role.gh.name'),
      },
      errors: [{ messageId: 'powerUserOther', line: 5, column: 1, file: 'main.tf', severity: 'medium' }],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [
    {
      name: 'a pinned GitHub Actions role with ReadOnlyAccess in every source shape',
      shapes: {
        ...ghSpec({ StringEquals: { ...ghAud, [`${SHAPE_GH}:sub`]: 'repo:acme/app:environment:prod' } }),
        managedPolicies: ['ReadOnlyAccess'],
      },
    },
  ],
  invalid: [
    {
      name: 'a GitHub Actions role open to repo:acme/* with AdministratorAccess, in every shape that carries attachments',
      shapes: {
        ...ghSpec({ StringEquals: ghAud, StringLike: { [`${SHAPE_GH}:sub`]: 'repo:acme/*' } }),
        managedPolicies: ['AdministratorAccess'],
      },
      only: ['heredoc JSON', 'jsonencode', 'aws_iam_policy_document', 'Terraform JSON', 'plan JSON'],
      errors: [{ messageId: 'adminOther', text: /^[\s\S]*AdministratorAccess[\s\S]*$/ }],
    },
  ],
});
