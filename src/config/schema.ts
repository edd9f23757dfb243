// The config file's JSON schema (draft-07, validated with ajv). Rule ids are checked against the
// registry separately, so that the schema does not have to change with every new rule.
import { SEVERITIES } from '../core/finding.js';

const LEVELS = ['off', ...SEVERITIES];

const names = (what: string) => ({
  description: what,
  type: 'array',
  items: { type: 'string', minLength: 1 },
});

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/tfc-oidc-lint/tfc-oidc-lint/config.schema.json',
  title: 'tfc-oidc-lint configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: {
      description: 'Per rule: "off", a severity, or [severity, { options }] (ESLint style).',
      type: 'object',
      additionalProperties: {
        anyOf: [{ enum: LEVELS }, { type: 'array', minItems: 1, maxItems: 2, items: [{ enum: LEVELS }, { type: 'object' }] }],
      },
    },
    ignore: {
      description: 'Suppress a rule on files matching a glob (relative to this file), with the reason.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'path', 'reason'],
        properties: {
          rule: { type: 'string', minLength: 1 },
          path: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
    organizations: names('HCP Terraform organizations the team trusts.'),
    projects: names('Projects the team trusts.'),
    hostnames: names('HCP Terraform / Terraform Enterprise hostnames the team uses.'),
    maxFileSize: {
      description: 'Files larger than this many MB are reported as over the limit and not read (default 32; --max-file-size overrides).',
      type: 'number',
      exclusiveMinimum: 0,
    },
  },
} as const;
