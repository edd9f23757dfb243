import { ghSpec, HEREDOC_LINE, heredocRole, issuerDocument, SHAPE_GH, shapeSub, tfcPolicy } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './require-aud-condition.js';

const SUB = '"app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"';
/** The condition block of tfcPolicy is on line 8, from column 20; the Allow statement starts at line 4, column 5. */
const CONDITION_LINE = 8 + HEREDOC_LINE;
const STATEMENT = { line: 4 + HEREDOC_LINE, column: 5 };
const GH = 'token.actions.githubusercontent.com';
const github = (extra: string) => issuerDocument(GH, `{"StringLike": {"${GH}:sub": "repo:acme/app:*"}${extra}}`);
const EKS = 'oidc.eks.us-east-1.amazonaws.com/id/abc123';

ruleTester(rule, {
  valid: [
    {
      name: 'a matching aud',
      ...heredocRole(tfcPolicy(`{ "StringEquals": { ${SUB}, "app.terraform.io:aud": "aws.workload.identity" } }`)),
    },
    {
      name: 'an aud that may not be a client ID, when the client IDs are unknown',
      ...heredocRole(tfcPolicy(`{ "StringEquals": { ${SUB}, "app.terraform.io:aud": "custom" } }`), { clientIds: 'unknown' }),
    },
    { name: 'a GitHub Actions role with an aud condition', ...github(`, "StringEquals": {"${GH}:aud": "sts.amazonaws.com"}`) },
  ],
  invalid: [
    {
      name: 'no aud condition: the shared default audience as witness',
      ...heredocRole(tfcPolicy(`{ "StringEquals": { ${SUB} } }`)),
      errors: [
        {
          messageId: 'noAud',
          ...STATEMENT,
          severity: 'high',
          witness: {
            kind: 'accepted',
            aud: /^aws\.workload\.identity$/,
            sub: /^organization:acme:project:infra:workspace:prod:run_phase:apply$/,
          },
        },
      ],
    },
    {
      name: 'an aud wildcard that admits any audience',
      ...heredocRole(tfcPolicy(`{ "StringEquals": { ${SUB} }, "StringLike": { "app.terraform.io:aud": "*" } }`)),
      errors: [{ messageId: 'noAud', line: CONDITION_LINE, column: 172, text: '"*"' }],
    },
    {
      name: 'an aud that is none of the client IDs: the role can never be assumed (rejected witness)',
      ...heredocRole(tfcPolicy(`{ "StringEquals": { ${SUB}, "app.terraform.io:aud": "sts.amazonaws.com" } }`)),
      errors: [
        {
          messageId: 'audMismatch',
          line: CONDITION_LINE,
          column: 154,
          text: '"sts.amazonaws.com"',
          says: ['never be assumed'],
          witness: { kind: 'rejected', aud: /^aws\.workload\.identity$/ },
        },
      ],
    },
    {
      name: 'a GitHub Actions role without an aud condition, at the profile’s severity, naming the issuer and its default audience',
      ...github(''),
      errors: [
        {
          messageId: 'noAudOther',
          line: 1,
          column: 16,
          severity: 'low',
          says: ['GitHub Actions tokens for any audience'],
          fix: [`"${GH}:aud": "sts.amazonaws.com"`],
        },
      ],
    },
    {
      name: 'an issuer nobody lists, whose sub follows no known grammar, without aud: medium',
      ...issuerDocument('oidc.example.com', '{"StringEquals": {"oidc.example.com:sub": "deploy"}}'),
      errors: [{ messageId: 'noAudOther', line: 1, column: 16, severity: 'medium', says: ['unrecognised OIDC tokens for any audience'] }],
    },
    {
      name: 'EKS without aud is an info note: every IRSA token carries sts.amazonaws.com',
      ...issuerDocument(EKS, `{"StringEquals": {"${EKS}:sub": "system:serviceaccount:kube-system:external-dns"}}`),
      errors: [{ messageId: 'noAudOther', line: 1, column: 16, severity: 'info' }],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [
    {
      name: 'an aud condition in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:prod:run_phase:apply') },
    },
  ],
  invalid: [
    {
      name: 'no aud condition in every source shape',
      shapes: { conditions: { StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } } },
      errors: [{ messageId: 'noAud', text: /^[\s\S]*sts:AssumeRoleWithWebIdentity[\s\S]*$/ }],
    },
    {
      name: 'no GitHub Actions aud condition in every source shape',
      shapes: ghSpec({ StringEquals: { [`${SHAPE_GH}:sub`]: 'repo:acme/app:environment:prod' } }),
      errors: [{ messageId: 'noAudOther', text: /^[\s\S]*sts:AssumeRoleWithWebIdentity[\s\S]*$/ }],
    },
  ],
});
