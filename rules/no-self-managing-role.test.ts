import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import { APPLY_SUB, PLAN_SUB, type WiringSpec, wiringShapes } from '../src/testing/wiring-setup.js';
import rule from './no-self-managing-role.js';

const roleWith = (statements: object[], sub: string | string[] = APPLY_SUB): WiringSpec => ({
  roles: { run: { sub, inline: statements } },
  resources: {},
});
const managed = (policy: string): WiringSpec => ({ roles: { run: { sub: APPLY_SUB, managed: [policy] } }, resources: {} });
/** The attachment block, whose text differs between the syntaxes. */
const attachmentOf = (policy: string) =>
  new RegExp(`^(resource "aws_iam_role_policy_attachment"|\\{)[\\s\\S]*"arn:aws:iam::aws:policy/${policy}"[\\s\\S]*\\}$`);
const GH = 'token.actions.githubusercontent.com';
const ADMIN_OFF = { ruleSettings: { 'no-admin-access': 'off' as const } };
const said = (policy: string) =>
  `may iam:UpdateAssumeRolePolicy, iam:PutRolePolicy, iam:AttachRolePolicy, iam:PutRolePermissionsBoundary, iam:DeleteRolePermissionsBoundary on "*" (${policy})`;

ruleTester(rule, {
  valid: [
    {
      name: 'IAM changes to other roles',
      wiring: roleWith([{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: 'arn:aws:iam::123456789012:role/app-*' }]),
    },
    { name: 'a Deny', wiring: roleWith([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]) },
    { name: 'read-only IAM', wiring: roleWith([{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }], [PLAN_SUB, APPLY_SUB]) },
    {
      name: 'an unknown role name is not read as any role (the data source is not declared: could-not-evaluate says so)',
      wiring: roleWith([
        {
          Effect: 'Allow',
          Action: 'iam:UpdateAssumeRolePolicy',
          Resource: 'arn:aws:iam::123456789012:role/${data.aws_caller_identity.me.account_id}',
        },
      ]),
      undecided: [{ messageId: 'evaluation' }],
    },
    { name: 'PowerUserAccess', wiring: managed('PowerUserAccess') },
    // One finding per problem: no-admin-access reports the attachment and carries this as a related note (see below).
    { name: 'AWS managed IAMFullAccess while no-admin-access reports the same attachment', wiring: managed('IAMFullAccess') },
    { name: 'AWS managed AdministratorAccess while no-admin-access reports the same attachment', wiring: managed('AdministratorAccess') },
    { name: 'ReadOnlyAccess', wiring: managed('ReadOnlyAccess') },
  ],
  invalid: [
    {
      name: 'iam:UpdateAssumeRolePolicy on the role itself (by reference), at the action, with a token that gets in',
      wiring: roleWith([{ Effect: 'Allow', Action: ['s3:GetObject', 'iam:UpdateAssumeRolePolicy'], Resource: '${aws_iam_role.run.arn}' }]),
      errors: [
        {
          messageId: 'selfManaging',
          text: '"iam:UpdateAssumeRolePolicy"',
          says: [
            'Role "tfc-run" may iam:UpdateAssumeRolePolicy on itself (run-inline): any run its trust admits can rewrite the role\'s own trust policy and widen its access',
          ],
          witness: { kind: 'accepted', sub: new RegExp(`^${APPLY_SUB}$`) },
        },
      ],
    },
    {
      name: 'a wildcard (iam:Put*) on "*"',
      wiring: roleWith([{ Effect: 'Allow', Action: 'iam:Put*', Resource: '*' }]),
      errors: [{ messageId: 'selfManaging', text: '"iam:Put*"', says: ['may iam:PutRolePolicy, iam:PutRolePermissionsBoundary on "*"'] }],
    },
    {
      name: 'iam:AttachRolePolicy on a role-name pattern',
      wiring: roleWith([{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::123456789012:role/tfc-*' }]),
      errors: [{ messageId: 'selfManaging', text: '"iam:AttachRolePolicy"' }],
    },
    {
      name: 'an account known only at apply is read as any account',
      wiring: roleWith([
        {
          Effect: 'Allow',
          Action: 'iam:UpdateAssumeRolePolicy',
          Resource: 'arn:aws:iam::${data.aws_caller_identity.me.account_id}:role/tfc-*',
        },
      ]),
      errors: [{ messageId: 'selfManaging', text: '"iam:UpdateAssumeRolePolicy"' }],
    },
    ...['IAMFullAccess', 'AdministratorAccess'].map((policy) => ({
      name: `AWS managed ${policy}, with no-admin-access off: its document grants the IAM writes on "*"`,
      wiring: managed(policy),
      options: ADMIN_OFF,
      errors: [{ messageId: 'selfManaging' as const, text: attachmentOf(policy), says: [said(policy)] }],
    })),
    {
      name: 'a GitHub Actions role that may rewrite its own trust',
      code: tf`
        resource "aws_iam_role" "gh" {
          name = "gh"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/${GH}" }
              Action    = "sts:AssumeRoleWithWebIdentity"
              Condition = { StringEquals = { "${GH}:aud" = "sts.amazonaws.com", "${GH}:sub" = "repo:acme/app:ref:refs/heads/main" } }
            }]
          })
        }
        resource "aws_iam_role_policy" "gh" {
          name   = "gh"
          role   = aws_iam_role.gh.id
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:UpdateAssumeRolePolicy", Resource = aws_iam_role.gh.arn }] })
        }
      `,
      errors: [
        {
          messageId: 'selfManagingOther',
          severity: 'high',
          line: 16,
          column: 91,
          text: '"iam:UpdateAssumeRolePolicy"',
          says: ['GitHub Actions'],
        },
      ],
    },
  ],
});

describe('no-self-managing-role under an administrator grant', () => {
  it.each(
    ['IAMFullAccess', 'AdministratorAccess'].flatMap((policy) =>
      wiringShapes(managed(policy)).map((shape) => [policy, shape.name, shape.files] as const),
    ),
  )(
    '%s (%s): the same problem as the admin finding on that attachment (detaching it removes both), so it is a related note of that finding',
    async (policy, _shape, files) => {
      const r = await lintTree(files);
      const [admin] = r.findings.filter((x) => x.ruleId === 'no-admin-access');
      expect(admin?.related?.map((x) => x.message)).toContainEqual(expect.stringContaining(said(policy)));
    },
  );
});
