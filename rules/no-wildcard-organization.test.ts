import { ghAud, ghSpec, HEREDOC_LINE, heredocRole, issuerDocument, SHAPE_GH, shapeSub, tfcPolicy } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './no-wildcard-organization.js';

const like = (v: string) =>
  tfcPolicy(
    `{ "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" }, "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`,
  );
/** The sub value of `like` (line 8 of tfcPolicy), from column 131. */
const SUB_AT = { line: 8 + HEREDOC_LINE, column: 131 };
const GH = 'token.actions.githubusercontent.com';
const github = (sub: string) => issuerDocument(GH, `{"StringLike": {"${GH}:sub": "${sub}"}}`);
const generic = (sub: string) =>
  issuerDocument(
    'oidc.example.com',
    `{"StringLike": {"oidc.example.com:sub": "${sub}"}, "StringEquals": {"oidc.example.com:aud": "my-app"}}`,
  );
const deny = `{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringNotLike": {"app.terraform.io:sub": "organization:acme:project:infra:*"}}}`;

ruleTester(rule, {
  valid: [
    { name: 'a pinned organization with an open project (another rule)', ...heredocRole(like('organization:acme:*')) },
    { name: 'an exact sub', ...heredocRole(like('organization:acme:project:infra:workspace:prod:run_phase:apply')) },
    {
      name: 'no sub condition at all (require-sub-condition reports it)',
      ...heredocRole(tfcPolicy('{ "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" } }')),
    },
    { name: 'a Deny pins the organization', ...heredocRole(tfcPolicy('{"StringLike": {"app.terraform.io:sub": "organization:*"}}', deny)) },
    {
      name: 'the organization comes from a variable without a value',
      files: {
        ...heredocRole(like('organization:${var.org}:project:infra:workspace:prod:run_phase:apply')).files,
        'variables.tf': 'variable "org" {\n  type = string\n}\n',
      },
    },
    { name: 'GitHub Actions repo:acme/* (one owner)', ...github('repo:acme/*') },
    { name: 'a generic issuer’s literal prefix with a trailing wildcard', ...generic('space:legacy:stack:net:*') },
  ],
  invalid: [
    {
      name: 'organization:* at the sub value, with an outsider organization as witness',
      ...heredocRole(like('organization:*')),
      errors: [
        {
          messageId: 'anyOrganization',
          ...SUB_AT,
          text: '"organization:*"',
          severity: 'critical',
          witness: { kind: 'accepted', sub: /^organization:attacker-org:/ },
        },
      ],
    },
    {
      name: 'a prefix wildcard acme*, with acme-evil as the witness organization',
      ...heredocRole(like('organization:acme*:project:infra:workspace:prod:run_phase:apply')),
      errors: [
        {
          messageId: 'anyOrganization',
          ...SUB_AT,
          says: ['acme-evil'],
          witness: { kind: 'accepted', sub: /^organization:acme-evil:project:infra:workspace:prod:run_phase:apply$/ },
        },
      ],
    },
    {
      name: '*:workspace:prod:* (the organization is swallowed)',
      ...heredocRole(like('*:workspace:prod:*')),
      errors: [{ messageId: 'anyOrganization', ...SUB_AT }],
    },
    {
      name: 'a ? in the organization name',
      ...heredocRole(like('organization:acm?:project:infra:workspace:prod:run_phase:apply')),
      errors: [{ messageId: 'anyOrganization', ...SUB_AT }],
    },
    ...['*', 'repo:*'].map((sub) => ({
      name: `a GitHub Actions sub of "${sub}" is any repository owner`,
      ...github(sub),
      errors: [
        {
          messageId: 'openSegment' as const,
          line: 5,
          column: 64,
          text: `"${sub}"`,
          severity: 'critical' as const,
          says: ['accepts GitHub Actions tokens from any repository owner'],
          witness: { kind: 'accepted' as const, sub: /^repo:attacker\// },
        },
      ],
    })),
    {
      name: 'a generic issuer’s sub of "*" (any subject)',
      ...generic('*'),
      errors: [{ messageId: 'openSegment', line: 5, column: 45, text: '"*"', severity: 'high' }],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [
    {
      name: 'an open project in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:*:workspace:prod:run_phase:apply') },
    },
    {
      name: 'GitHub Actions repo:acme/* in every source shape',
      shapes: ghSpec({ StringEquals: ghAud, StringLike: { [`${SHAPE_GH}:sub`]: 'repo:acme/*' } }),
    },
  ],
  invalid: [
    {
      name: 'organization:* in every source shape',
      shapes: { conditions: shapeSub('organization:*:project:infra:workspace:prod:run_phase:apply') },
      errors: [
        {
          messageId: 'anyOrganization',
          text: '"organization:*:project:infra:workspace:prod:run_phase:apply"',
          witness: { kind: 'accepted', sub: /^organization:(?!\*)/ },
        },
      ],
    },
    {
      name: 'acme* in every source shape',
      shapes: { conditions: shapeSub('organization:acme*:project:infra:workspace:prod:run_phase:apply') },
      errors: [
        {
          messageId: 'anyOrganization',
          text: '"organization:acme*:project:infra:workspace:prod:run_phase:apply"',
          witness: { kind: 'accepted', sub: /^organization:acme.+?:project/ },
        },
      ],
    },
    {
      name: 'GitHub Actions repo:* in every source shape',
      shapes: ghSpec({ StringEquals: ghAud, StringLike: { [`${SHAPE_GH}:sub`]: 'repo:*' } }),
      errors: [{ messageId: 'openSegment', text: '"repo:*"', witness: { kind: 'accepted', sub: /^repo:attacker\// } }],
    },
  ],
});
