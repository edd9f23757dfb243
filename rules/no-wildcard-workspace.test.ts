import { ghAud, ghSpec, HEREDOC_LINE, heredocRole, issuerDocument, SHAPE_GH, shapeSub, tfcPolicy } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './no-wildcard-workspace.js';

const like = (v: string | string[]) => tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);
/** The sub value of `like` (line 8 of tfcPolicy), from column 62. */
const SUB_AT = { line: 8 + HEREDOC_LINE, column: 62 };
const GH = 'token.actions.githubusercontent.com';

ruleTester(rule, {
  valid: [
    {
      name: 'exact workspaces',
      ...heredocRole(
        like([
          'organization:acme:project:infra:workspace:a:run_phase:apply',
          'organization:acme:project:infra:workspace:b:run_phase:apply',
        ]),
      ),
    },
    { name: 'an open project (no-wildcard-project reports it)', ...heredocRole(like('organization:acme:*')) },
  ],
  invalid: [
    {
      name: 'workspace:* in a pinned project, naming project and organization',
      ...heredocRole(like('organization:acme:project:infra:workspace:*:run_phase:apply')),
      errors: [
        {
          messageId: 'anyWorkspace',
          ...SUB_AT,
          text: '"organization:acme:project:infra:workspace:*:run_phase:apply"',
          severity: 'medium',
          says: ['project "infra"'],
          witness: { kind: 'accepted', sub: /^organization:acme:project:infra:workspace:(?!\*)/ },
        },
      ],
    },
    {
      name: 'a prefix prod-*',
      ...heredocRole(like('organization:acme:project:infra:workspace:prod-*:run_phase:apply')),
      errors: [{ messageId: 'anyWorkspace', ...SUB_AT }],
    },
    {
      name: 'a * after the project admits Stacks, and says so',
      ...heredocRole(like('organization:acme:project:infra:*')),
      errors: [{ messageId: 'anyWorkspace', ...SUB_AT, says: ['or Stack'] }],
    },
    {
      name: 'only the loose value of several',
      ...heredocRole(
        like([
          'organization:acme:project:infra:workspace:prod:run_phase:apply',
          'organization:acme:project:infra:workspace:*:run_phase:apply',
        ]),
      ),
      errors: [
        {
          messageId: 'anyWorkspace',
          line: SUB_AT.line,
          column: 128,
          text: '"organization:acme:project:infra:workspace:*:run_phase:apply"',
        },
      ],
    },
    {
      name: 'a GitHub Actions role open to every repository of one owner',
      ...issuerDocument(GH, `{"StringEquals": {"${GH}:aud": "sts.amazonaws.com"}, "StringLike": {"${GH}:sub": "repo:acme/*"}}`),
      errors: [
        {
          messageId: 'openSegment',
          line: 5,
          column: 146,
          text: '"repo:acme/*"',
          severity: 'medium',
          witness: { kind: 'accepted', sub: /^repo:acme\// },
        },
      ],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [
    {
      name: 'an open run phase in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:prod:run_phase:*') },
    },
    {
      name: 'GitHub Actions repo:acme/app:* in every source shape',
      shapes: ghSpec({ StringEquals: ghAud, StringLike: { [`${SHAPE_GH}:sub`]: 'repo:acme/app:*' } }),
    },
  ],
  invalid: [
    {
      name: 'prod-? in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:prod-?:run_phase:apply') },
      errors: [
        {
          messageId: 'anyWorkspace',
          text: '"organization:acme:project:infra:workspace:prod-?:run_phase:apply"',
          witness: { kind: 'accepted', sub: /workspace:prod-/ },
        },
      ],
    },
    {
      name: 'GitHub Actions repo:acme/* in every source shape',
      shapes: ghSpec({ StringEquals: ghAud, StringLike: { [`${SHAPE_GH}:sub`]: 'repo:acme/*' } }),
      errors: [{ messageId: 'openSegment', text: '"repo:acme/*"', witness: { kind: 'accepted', sub: /^repo:acme\/attacker-repo:/ } }],
    },
  ],
});
