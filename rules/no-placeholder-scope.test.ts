import { HEREDOC_LINE, heredocRole, shapeSub, tfcPolicy } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './no-placeholder-scope.js';

const SEED_SUB =
  'organization:${var.tfc_organization_name}:project:${var.tfc_project_name}:workspace:${var.tfc_workspace_name}:run_phase:*';
const like = (v: string) => tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);
/** The sub value of `like` (line 8 of tfcPolicy), from column 62. */
const SUB_AT = { line: 8 + HEREDOC_LINE, column: 62 };
const SEED_VARS = {
  tfc_organization_name: 'YOUR_ORG_NAME',
  tfc_project_name: 'YOUR_PROJECT_NAME',
  tfc_workspace_name: 'YOUR_WORKSPACE_NAME',
};

ruleTester(rule, {
  valid: [
    { name: 'real names', ...heredocRole(like('organization:acme:project:infra:workspace:prod:run_phase:apply')) },
    { name: 'wildcards', ...heredocRole(like('organization:acme:project:*:workspace:your*:run_phase:apply')) },
    {
      name: 'an unknown value',
      files: { ...heredocRole(like('organization:${var.org}:*')).files, 'variables.tf': 'variable "org" {\n  type = string\n}\n' },
    },
    {
      name: 'placeholders in a negated condition (they pin nothing)',
      ...heredocRole(
        tfcPolicy(
          '{ "StringLike": { "app.terraform.io:sub": "organization:acme:*" }, "StringNotLike": { "app.terraform.io:sub": "organization:acme:project:YOUR_PROJECT:*" } }',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'the seed placeholders at the sub value, each named, with its variable default as origin',
      ...heredocRole(like(SEED_SUB), { vars: SEED_VARS }),
      errors: [
        {
          messageId: 'placeholderOrganization',
          ...SUB_AT,
          text: JSON.stringify(SEED_SUB),
          severity: 'high',
          says: [
            'The trust policy pins organization "YOUR_ORG_NAME", a placeholder: the role trusts whoever registers an organization of that name',
          ],
          origin: { kind: 'variable-default', name: 'var.tfc_organization_name', file: 'variables.tf', line: 2 },
          fix: ['var.tfc_organization_name'],
        },
        { messageId: 'placeholderScope', ...SUB_AT, says: ['project "YOUR_PROJECT_NAME"'], origin: { name: 'var.tfc_project_name' } },
        { messageId: 'placeholderScope', ...SUB_AT, says: ['workspace "YOUR_WORKSPACE_NAME"'], origin: { name: 'var.tfc_workspace_name' } },
      ],
    },
    ...['my-org', '<org>', 'changeme', 'example-org'].map((name) => ({
      name: `a literal placeholder organization ${name}`,
      ...heredocRole(like(`organization:${name}:project:infra:workspace:prod:run_phase:apply`)),
      errors: [{ messageId: 'placeholderOrganization' as const, ...SUB_AT, says: [`"${name}"`] }],
    })),
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [
    {
      name: 'real names in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:prod:run_phase:apply') },
    },
  ],
  invalid: [
    {
      name: 'YOUR_ORG_NAME in every source shape',
      shapes: { conditions: shapeSub('organization:YOUR_ORG_NAME:project:infra:workspace:prod:run_phase:apply') },
      errors: [{ messageId: 'placeholderOrganization', text: '"organization:YOUR_ORG_NAME:project:infra:workspace:prod:run_phase:apply"' }],
    },
  ],
});
