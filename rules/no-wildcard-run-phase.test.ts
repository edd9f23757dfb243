import { HEREDOC_LINE, heredocRole, issuerDocument, shapeSub, tfcPolicy } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-wildcard-run-phase.js';

const like = (v: string | string[]) => tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);
const GH = 'token.actions.githubusercontent.com';
const PHASE_STAR = 'organization:acme:project:infra:workspace:prod:run_phase:*';
/** The sub value of `like` (line 8 of tfcPolicy), from column 62. */
const SUB_AT = { line: 8 + HEREDOC_LINE, column: 62 };
const deny = `{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringLike": {"app.terraform.io:sub": "*:run_phase:plan"}}}`;

ruleTester(rule, {
  valid: [
    {
      name: 'only apply is admitted',
      ...heredocRole(like('organization:acme:project:infra:workspace:prod:run_phase:apply'), { managed: ['AdministratorAccess'] }),
    },
    { name: 'a Deny removes plan', ...heredocRole(tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": "${PHASE_STAR}" } }`, deny)) },
    {
      name: 'organization:* (the organization finding says more)',
      ...heredocRole(like('organization:*'), { managed: ['AdministratorAccess'] }),
    },
    { name: 'a read-only role (what plan runs are meant to get)', ...heredocRole(like(PHASE_STAR), { managed: ['ReadOnlyAccess'] }) },
  ],
  invalid: [
    {
      name: 'an admin role that admits run_phase:* is high, naming the permission, with the plan token as witness',
      ...heredocRole(like(PHASE_STAR), { managed: ['AdministratorAccess'] }),
      errors: [
        {
          messageId: 'planWithPower',
          ...SUB_AT,
          text: `"${PHASE_STAR}"`,
          severity: 'high',
          says: ['has AdministratorAccess: any speculative plan, including one from a pull request, runs with admin credentials'],
          witness: { kind: 'accepted', sub: /^organization:acme:project:infra:workspace:prod:run_phase:plan$/ },
          related: ['AdministratorAccess'],
        },
      ],
    },
    {
      name: 'admin grants from policy documents are named as noun phrases: "has AdministratorAccess and aws_iam_policy.x (granting …)"',
      code: tf`
        resource "aws_iam_role" "deploy" {
          name = "deploy"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" }
              Action    = "sts:AssumeRoleWithWebIdentity"
              Condition = {
                StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
                StringLike   = { "app.terraform.io:sub" = "${PHASE_STAR}" }
              }
            }]
          })
          managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess", aws_iam_policy.iam.arn]
        }
        resource "aws_iam_policy" "iam" {
          name   = "iam"
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] })
        }
      `,
      errors: [
        {
          messageId: 'planWithPower',
          line: 11,
          column: 51,
          says: ['has AdministratorAccess and aws_iam_policy.iam (granting "iam:*" on "*"): any speculative plan'],
        },
      ],
    },
    {
      name: 'write permissions are high',
      ...heredocRole(like(PHASE_STAR), { managed: ['PowerUserAccess'] }),
      errors: [{ messageId: 'planWithPower', ...SUB_AT, severity: 'high' }],
    },
    {
      name: 'medium when no policy is in the scan',
      ...heredocRole(like(PHASE_STAR)),
      errors: [{ messageId: 'planAndApply', ...SUB_AT, severity: 'medium' }],
    },
    {
      name: 'no phase pinned',
      ...heredocRole(like('organization:acme:project:infra:workspace:prod:*')),
      errors: [{ messageId: 'planAndApply', ...SUB_AT, text: '"organization:acme:project:infra:workspace:prod:*"' }],
    },
    {
      name: 'plan and apply come from two values',
      ...heredocRole(
        like([
          'organization:acme:project:infra:workspace:prod:run_phase:plan',
          'organization:acme:project:infra:workspace:prod:run_phase:apply',
        ]),
      ),
      errors: [{ messageId: 'planAndApply', line: SUB_AT.line, column: 63 }],
    },
    {
      name: 'a GitHub Actions role open to every branch of one repository: an info note',
      ...issuerDocument(GH, `{"StringEquals": {"${GH}:aud": "sts.amazonaws.com"}, "StringLike": {"${GH}:sub": "repo:acme/app:*"}}`),
      errors: [
        {
          messageId: 'openSegment',
          line: 5,
          column: 146,
          text: '"repo:acme/app:*"',
          severity: 'info',
          witness: { kind: 'accepted', sub: /^repo:acme\/app:/ },
        },
      ],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [
    {
      name: 'apply only in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:prod:run_phase:apply') },
    },
  ],
  invalid: [
    {
      name: 'run_phase:* in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:prod:run_phase:*') },
      errors: [
        {
          messageId: 'planAndApply',
          text: '"organization:acme:project:infra:workspace:prod:run_phase:*"',
          witness: { kind: 'accepted', sub: /run_phase:plan$/ },
        },
      ],
    },
  ],
});
