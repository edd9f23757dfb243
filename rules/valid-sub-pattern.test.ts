import { expect } from 'vitest';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './valid-sub-pattern.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const eq = (sub: string) => ({ shapes: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': sub } } } });
const like = (sub: string) => ({ shapes: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': sub } } } });

const provider = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
`;
/** A role whose jsonencode trust pins one sub; 12 lines, the sub value on its 9th line from column 113. */
const role = (name: string, sub: string) => tf`
  resource "aws_iam_role" "${name}" {
    name = "${name}"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "${sub}" } }
      }]
    })
  }
`;
/** Roles referring to tfe resources by ID or name (issue 9 item 6); the sub value is on line 21 from column 113. */
const tfe = (ref: string) => tf`
  resource "tfe_workspace" "app" {
    name         = "app-prod"
    organization = "acme"
  }
  data "tfe_project" "infra" {
    name         = "infra"
    organization = "acme"
  }
  resource "tfe_organization" "acme" {
    name  = "acme"
    email = "ops@example.com"
  }
  resource "aws_iam_role" "r" {
    name = "r"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "${ref}" } }
      }]
    })
  }
`;
const sub = (org: string, proj: string, ws: string) => `organization:${org}:project:${proj}:workspace:${ws}:run_phase:apply`;
const pinnedRoles = ['a', 'b', 'c', 'd']
  .map((w) => role(`rr${w}`, `organization:acme:project:infra:workspace:${w}:run_phase:apply`))
  .join('');

ruleTester(rule, {
  valid: [
    { name: 'the workspace shape', ...eq('organization:acme:project:infra:workspace:prod:run_phase:apply') },
    { name: 'the legacy shape', ...eq('organization:acme:workspace:prod:run_phase:apply') },
    { name: 'a Stacks deployment', ...eq('organization:acme:project:infra:stack:network:deployment:prod:operation:apply') },
    { name: 'module tests', ...eq('organization:acme:module:vpc:operation:test_run') },
    { name: 'a broad but matchable pattern', ...like('organization:acme:*') },
    { name: 'a project named like a sentence', ...eq('organization:acme:project:Default Project:workspace:prod:run_phase:apply') },
    {
      name: 'a project pinned while legacy tokens are trusted in another organization',
      code:
        provider +
        role('old', 'organization:globex:workspace:net:run_phase:apply') +
        role('new', 'organization:acme:project:infra:workspace:prod:run_phase:apply'),
    },
    { name: 'tfe_workspace.X.name', code: tfe(sub('acme', 'infra', '${tfe_workspace.app.name}')) },
    { name: 'tfe_organization.X.id (that id is the name)', code: tfe(sub('${tfe_organization.acme.id}', 'infra', 'app-prod')) },
  ],
  invalid: [
    {
      name: 'an empty segment from a variable set to "" names the variable as where the value came from',
      code:
        'variable "workspace" {\n  default = ""\n}\n' +
        provider +
        role('deploy', 'organization:acme:project:infra:workspace:${var.workspace}:run_phase:apply'),
      errors: [
        {
          messageId: 'noToken',
          line: 16,
          column: 113,
          says: ['the workspace segment is empty: an empty string went into the pattern'],
          origin: { kind: 'variable-default', name: 'var.workspace', line: 2 },
        },
      ],
    },
    {
      name: 'a workspace ID where the token carries the name',
      ...eq('organization:acme:project:infra:workspace:ws-CZcmD7eagjhyX0vN:run_phase:apply'),
      errors: [
        {
          messageId: 'idNotName',
          text: '"organization:acme:project:infra:workspace:ws-CZcmD7eagjhyX0vN:run_phase:apply"',
          says: ['workspace ID'],
          witness: { kind: 'rejected', sub: /^organization:acme:project:infra:workspace:<name of ws-CZcmD7eagjhyX0vN>:run_phase:apply$/ },
        },
      ],
    },
    {
      name: 'a misspelt keyword (workspaces:)',
      ...eq('organization:acme:project:infra:workspaces:prod:run_phase:apply'),
      errors: [
        {
          messageId: 'noToken',
          text: '"organization:acme:project:infra:workspaces:prod:run_phase:apply"',
          says: ['"workspaces"', '"workspace"'],
          witness: { kind: 'rejected', sub: /^organization:acme:project:infra:workspace:prod:run_phase:apply$/ },
        },
      ],
    },
    {
      name: 'an empty project segment',
      ...eq('organization:acme:project::workspace:prod:run_phase:apply'),
      errors: [
        { messageId: 'noToken', text: '"organization:acme:project::workspace:prod:run_phase:apply"', says: ['project segment is empty'] },
      ],
    },
    {
      name: 'a Stacks pattern with a run_phase tail',
      ...like('organization:acme:project:infra:stack:network:run_phase:*'),
      errors: [
        { messageId: 'noToken', text: '"organization:acme:project:infra:stack:network:run_phase:*"', says: ['Stacks tokens end in'] },
      ],
    },
    {
      name: 'a module-test pattern with an apply operation',
      ...eq('organization:acme:module:vpc:operation:apply'),
      errors: [{ messageId: 'noToken', text: '"organization:acme:module:vpc:operation:apply"', says: ['operation:test_run'] }],
    },
    {
      name: 'segments out of order',
      ...eq('organization:acme:workspace:prod:project:infra:run_phase:apply'),
      errors: [
        {
          messageId: 'noToken',
          severity: 'high',
          text: '"organization:acme:workspace:prod:project:infra:run_phase:apply"',
          says: ['out of order'],
        },
      ],
    },
    {
      name: 'a capitalised run phase',
      ...eq('organization:acme:project:infra:workspace:prod:run_phase:Apply'),
      errors: [{ messageId: 'noToken', text: '"organization:acme:project:infra:workspace:prod:run_phase:Apply"', says: ['"Apply"'] }],
    },
    {
      name: 'a project pinned where the organization still issues legacy tokens: at the project-pinned value, naming the role that shows them, the legacy token as rejected witness',
      code:
        provider +
        role('old', 'organization:acme:workspace:net:run_phase:apply') +
        role('new', 'organization:acme:project:infra:workspace:prod:run_phase:apply'),
      errors: [
        {
          messageId: 'projectPinnedLegacy',
          line: 4 + 12 + 9,
          column: 113,
          text: '"organization:acme:project:infra:workspace:prod:run_phase:apply"',
          severity: 'medium',
          resource: 'aws_iam_role.new',
          says: ['role "old"'],
          witness: { kind: 'rejected', sub: /^organization:acme:workspace:prod:run_phase:apply$/ },
        },
      ],
    },
    ...(
      [
        ['tfe_workspace.X.id', sub('acme', 'infra', '${tfe_workspace.app.id}'), 'tfe_workspace.app.name', /workspace:app-prod:/],
        [
          'data.tfe_project.X.id',
          sub('acme', '${data.tfe_project.infra.id}', 'app-prod'),
          'data.tfe_project.infra.name',
          /project:infra:workspace:app-prod:/,
        ],
        [
          'tfe_organization.X.external_id',
          sub('${tfe_organization.acme.external_id}', 'infra', 'app-prod'),
          'tfe_organization.acme.name',
          /^organization:<name of tfe_organization\.acme\.external_id>:/,
        ],
      ] as const
    ).map(([name, value, fix, witness]) => ({
      name: `an ID from a reference where the token carries the name (${name}), with the reference that gives the name as fix`,
      code: tfe(value),
      errors: [
        {
          messageId: 'idNotName' as const,
          line: 21,
          column: 113,
          fix: [`Use ${fix}, not the ID`],
          witness: { kind: 'rejected' as const, sub: witness },
        },
      ],
    })),
    {
      name: 'one legacy-shaped value does not spread: one finding for the organization however many roles pin a project, and the fix suggests no widening',
      code: provider + role('old', 'organization:acme:workspace:net:run_phase:apply') + pinnedRoles,
      errors: [
        {
          messageId: 'projectPinnedLegacy',
          line: 4 + 12 + 9,
          column: 113,
          check: (f) => expect(f.fix).not.toMatch(/\badd\b|legacy form|widen/i),
        },
      ],
    },
  ],
});
