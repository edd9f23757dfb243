import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './unexpected-organization.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const spec = (sub: string | string[]) => ({ conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': sub } } });
const two = [
  'organization:acme:project:infra:workspace:prod:run_phase:apply',
  'organization:acme-legacy:project:infra:workspace:prod:run_phase:apply',
];
const ACME = { expectations: { organizations: ['acme'] } };
const HEREDOC = ['heredoc JSON' as const];

ruleTester(rule, {
  valid: [
    { name: 'every admitted organization is listed', shapes: spec(two[0]), options: ACME },
    { name: 'nothing without expectations', shapes: spec('organization:*:project:infra:workspace:prod:run_phase:apply'), only: HEREDOC },
  ],
  invalid: [
    {
      name: 'an organization outside the team’s list, at that value, with its token',
      shapes: spec(two),
      options: ACME,
      errors: [
        {
          messageId: 'organization',
          text: `"${two[1]}"`,
          says: ['admits runs of organization "acme-legacy", which is not one the team trusts (acme)'],
          witness: { kind: 'accepted', sub: new RegExp(`^${two[1]}$`) },
        },
      ],
    },
    {
      name: 'a wildcard organization, with an outsider token',
      shapes: spec('organization:*:project:infra:workspace:prod:run_phase:apply'),
      only: HEREDOC,
      options: ACME,
      errors: [
        {
          messageId: 'organization',
          text: '"organization:*:project:infra:workspace:prod:run_phase:apply"',
          witness: { kind: 'accepted', sub: /^organization:(?!acme:)/ },
        },
      ],
    },
    {
      name: 'a project outside the list',
      shapes: spec('organization:acme:project:*:workspace:prod:run_phase:apply'),
      only: HEREDOC,
      options: { expectations: { organizations: ['acme'], projects: ['infra'] } },
      errors: [{ messageId: 'project', severity: 'high', text: '"organization:acme:project:*:workspace:prod:run_phase:apply"' }],
    },
    {
      name: 'a trusted issuer host outside the hostnames list',
      shapes: spec('organization:acme:project:infra:workspace:prod:run_phase:apply'),
      only: HEREDOC,
      options: { expectations: { hostnames: ['tfe.example.com'] } },
      errors: [
        {
          messageId: 'hostname',
          text: '"Federated": "${aws_iam_openid_connect_provider.tfc.arn}"',
          says: ['trusts tokens from app.terraform.io, which is not a hostname the team trusts (tfe.example.com)'],
        },
      ],
    },
  ],
});
