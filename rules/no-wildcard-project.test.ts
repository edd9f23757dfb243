import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-wildcard-project.js';
import { eksSpec, SHAPE_EKS, shapeSub } from '../src/testing/rule-cases.js';

/**
 * A raw trust policy document whose `sub` condition is StringLike `sub` (line 9, the value from column 47),
 * then `more` statements (JSON objects) after it.
 */
const policy = (sub: string, ...more: object[]) => tf`
  {
    "Version": "2012-10-17",
    "Statement": [{
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
        "StringLike": { "app.terraform.io:sub": "${sub}" }
      }
    }${more.map((m) => `, ${JSON.stringify(m)}`).join('')}]
  }`;
const doc = (sub: string, ...more: object[]) => ({ code: policy(sub, ...more), file: 'trust-policy.json' });
const EKS = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
/** An EKS (IRSA) trust policy; the `sub` value is on line 9 from column 99. */
const eks = (sub: string) => ({
  file: 'trust-policy.json',
  code: tf`
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/${EKS}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringEquals": { "${EKS}:aud": "sts.amazonaws.com" },
          "StringLike": { "${EKS}:sub": "${sub}" }
        }
      }]
    }`,
});
const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };

ruleTester(rule, {
  valid: [
    { name: 'organization:* is no-wildcard-organization’s finding', ...doc('organization:*') },
    { name: 'a pinned project with an open workspace', ...doc('organization:acme:project:infra:workspace:*:run_phase:apply') },
    { name: 'the legacy exact form (one token shape, no project)', ...doc('organization:acme:workspace:prod:run_phase:apply') },
    { name: 'an EKS role pinned to one namespace', ...eks('system:serviceaccount:payments:*') },
    {
      name: 'a pinned project with a condition on a caller key: decided, so no could-not-evaluate either',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
        },
      },
    },
    {
      name: 'a pinned project in every shape',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'organization:acme:* swallows the project, legacy tokens and Stacks',
      ...doc('organization:acme:*'),
      errors: [
        {
          messageId: 'anyProject',
          line: 9,
          column: 47,
          endColumn: 68,
          text: '"organization:acme:*"',
          severity: 'high',
          witness: { kind: 'accepted', sub: /^organization:acme:/ },
          says: [
            'any project of organization "acme"',
            'every workspace and Stack in the organization, including project-less legacy tokens, can assume it',
          ],
        },
      ],
    },
    {
      name: 'project:* with a pinned workspace',
      ...doc('organization:acme:project:*:workspace:prod:run_phase:apply'),
      errors: [
        { messageId: 'anyProject', line: 9, column: 47, witness: { kind: 'accepted', sub: /^organization:acme:project:(?!infra:)/ } },
      ],
    },
    {
      name: 'a project name pattern says only what the value admits',
      ...doc('organization:acme:project:team-*:workspace:prod:run_phase:apply'),
      errors: [
        {
          messageId: 'anyProject',
          line: 9,
          column: 47,
          says: [
            'accepts runs from any project matching "team-*" of organization "acme"',
            'every workspace in such a project can assume it',
          ],
        },
      ],
    },
    {
      name: 'a project pattern for Stacks',
      ...doc('organization:acme:project:team-*:stack:*:*'),
      errors: [{ messageId: 'anyProject', line: 9, column: 47, says: ['every Stack in such a project can assume it'] }],
    },
    {
      name: 'an EKS role open to every namespace: another issuer’s project-like segment',
      ...eks('system:serviceaccount:*:app'),
      errors: [
        {
          messageId: 'openSegment',
          line: 9,
          column: 99,
          text: '"system:serviceaccount:*:app"',
          severity: 'high',
          says: ['accepts Amazon EKS (IRSA) tokens from any namespace'],
          witness: { kind: 'accepted', sub: /^system:serviceaccount:attacker-ns:/ },
        },
      ],
    },
    {
      name: 'a condition on a caller key (aws:SourceIp) does not hide it; the finding says what it assumes of the request',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:*:workspace:prod:run_phase:apply' },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
        },
      },
      errors: [
        {
          messageId: 'anyProject',
          text: '"organization:acme:project:*:workspace:prod:run_phase:apply"',
          says: ["(the caller's request meets IpAddress aws:SourceIp, which no token claim decides)"],
        },
      ],
    },
    {
      name: 'a Deny on a caller key (plain HTTP) does not hide it either',
      ...doc('organization:acme:*', {
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      errors: [
        {
          messageId: 'anyProject',
          line: 9,
          column: 47,
          says: ["(the caller's request escapes the Deny on Bool aws:SecureTransport, which no token claim decides)"],
        },
      ],
    },
    {
      name: 'project:* in every source shape',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:*:workspace:prod:run_phase:apply' },
        },
      },
      errors: [
        {
          messageId: 'anyProject',
          text: '"organization:acme:project:*:workspace:prod:run_phase:apply"',
          witness: { kind: 'accepted', sub: /^organization:acme:project:/ },
        },
      ],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [
    {
      name: 'an open workspace in every source shape',
      shapes: { conditions: shapeSub('organization:acme:project:infra:workspace:*:run_phase:apply') },
    },
    {
      name: 'an EKS role pinned to one service account in every source shape',
      shapes: eksSpec({
        StringEquals: { [`${SHAPE_EKS}:sub`]: 'system:serviceaccount:kube-system:external-dns', [`${SHAPE_EKS}:aud`]: 'sts.amazonaws.com' },
      }),
    },
  ],
  invalid: [
    {
      name: 'project:* in every source shape (table)',
      shapes: { conditions: shapeSub('organization:acme:project:*:workspace:prod:run_phase:apply') },
      errors: [
        {
          messageId: 'anyProject',
          text: '"organization:acme:project:*:workspace:prod:run_phase:apply"',
          witness: { kind: 'accepted', sub: /^organization:acme:project:/ },
        },
      ],
    },
    {
      name: 'an EKS role open to every namespace in every source shape',
      shapes: eksSpec({ StringLike: { [`${SHAPE_EKS}:sub`]: 'system:serviceaccount:*:*' } }),
      errors: [
        {
          messageId: 'openSegment',
          text: '"system:serviceaccount:*:*"',
          witness: { kind: 'accepted', sub: /^system:serviceaccount:attacker-ns:/ },
        },
      ],
    },
  ],
});
