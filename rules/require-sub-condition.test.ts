import {
  ghAud,
  ghSpec,
  HEREDOC_LINE,
  heredocRole,
  issuerDocument,
  SHAPE_AUD,
  SHAPE_GH,
  shapeSub,
  tfcPolicy,
} from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './require-sub-condition.js';

const AUD_ONLY = '{ "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" } }';
/** The Allow statement of tfcPolicy: line 4, column 5. */
const STATEMENT = { line: 4 + HEREDOC_LINE, column: 5 };
const other = (host: string) => issuerDocument(host, `{"StringEquals": {"${host}:aud": "sts.amazonaws.com"}}`);
const deny = `{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringNotEquals": {"app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"}}}`;

ruleTester(rule, {
  valid: [
    {
      name: 'an exact sub',
      ...heredocRole(
        tfcPolicy('{ "StringEquals": { "app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply" } }'),
      ),
    },
    { name: 'a Deny closes the hole', ...heredocRole(tfcPolicy(AUD_ONLY, deny)) },
    {
      name: 'the principal cannot be linked to any provider or host (could-not-evaluate says so)',
      files: {
        ...heredocRole(tfcPolicy('{}').replace('${aws_iam_openid_connect_provider.tfc.arn}', '${var.provider_arn}')).files,
        'variables.tf': 'variable "provider_arn" {}\n',
      },
      undecided: [{ messageId: 'trust', ...STATEMENT }],
    },
  ],
  invalid: [
    {
      name: 'an HCP Terraform statement with only an aud condition, another organization as witness',
      ...heredocRole(tfcPolicy(AUD_ONLY)),
      errors: [
        {
          messageId: 'noSub',
          ...STATEMENT,
          severity: 'critical',
          witness: {
            kind: 'accepted',
            iss: /^https:\/\/app\.terraform\.io$/,
            sub: /^organization:attacker-org:project:any:workspace:any:run_phase:apply$/,
            aud: /^aws\.workload\.identity$/,
          },
          says: ['app.terraform.io:sub'],
          fix: ['organization:'],
        },
      ],
    },
    {
      name: 'the only sub condition names another host with IfExists (it always passes)',
      ...heredocRole(tfcPolicy('{ "StringLikeIfExists": { "tfe.example.com:sub": "organization:acme:*" } }')),
      errors: [{ messageId: 'noSub', ...STATEMENT }],
    },
    {
      name: 'a GitHub Actions role without a sub condition: any repository on GitHub, critical',
      ...other('token.actions.githubusercontent.com'),
      errors: [
        {
          messageId: 'noSubOther',
          line: 1,
          column: 16,
          severity: 'critical',
          witness: { kind: 'accepted', sub: /^repo:attacker\/attacker-repo:ref:refs\/heads\/attacker-branch$/ },
          says: ['any repository on GitHub'],
        },
      ],
    },
    {
      name: 'an EKS role without a sub condition: any namespace of the cluster, high',
      ...other('oidc.eks.us-east-1.amazonaws.com/id/abc123'),
      errors: [
        {
          messageId: 'noSubOther',
          line: 1,
          column: 16,
          severity: 'high',
          witness: { kind: 'accepted', sub: /^system:serviceaccount:attacker-ns:attacker-sa$/ },
          says: ['any namespace of the cluster'],
        },
      ],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
/** The whole Allow statement, a JSON object or an aws_iam_policy_document statement block. */
const WHOLE_STATEMENT = /^(\{|statement \{)[\s\S]*sts:AssumeRoleWithWebIdentity[\s\S]*\}$/;
ruleTester(rule, {
  valid: [
    {
      name: 'a pinned sub in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:prod:run_phase:apply', 'StringEquals') },
    },
    {
      name: 'a pinned GitHub Actions sub in every source shape',
      shapes: ghSpec({ StringEquals: { ...ghAud, [`${SHAPE_GH}:sub`]: 'repo:acme/app:environment:prod' } }),
    },
  ],
  invalid: [
    {
      name: 'no sub condition in every source shape',
      shapes: { conditions: { StringEquals: SHAPE_AUD } },
      errors: [{ messageId: 'noSub', text: WHOLE_STATEMENT, witness: { kind: 'accepted', sub: /^organization:/ } }],
    },
    {
      name: 'no GitHub Actions sub condition in every source shape',
      shapes: ghSpec({ StringEquals: ghAud }),
      errors: [{ messageId: 'noSubOther', text: WHOLE_STATEMENT, witness: { kind: 'accepted', sub: /^repo:attacker\// } }],
    },
  ],
});
