import { describe, expect, it } from 'vitest';
import { runRule, tfcPolicy, textOf } from '../src/testing/trust.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-wildcard-run-phase.js';

const like = (v: string | string[]) => tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);
const PHASE_STAR = 'organization:acme:project:infra:workspace:prod:run_phase:*';

describe('no-wildcard-run-phase', () => {
  it('is high on an admin role that admits run_phase:*, naming the permission, with the plan token as witness', () => {
    const json = like(PHASE_STAR);
    const [f, ...rest] = runRule(rule, json, { managed: ['AdministratorAccess'] });
    expect(rest).toEqual([]);
    expect(f.severity).toBe('high');
    expect(textOf(json, f)).toBe(`"${PHASE_STAR}"`);
    expect(f.message).toContain('has AdministratorAccess: any speculative plan, including one from a pull request, runs with admin credentials');
    expect(f.witness?.sub).toBe('organization:acme:project:infra:workspace:prod:run_phase:plan');
    expect(f.related?.[0].message).toContain('AdministratorAccess');
  });

  it('names admin grants from policy documents as noun phrases: "has AdministratorAccess and aws_iam_policy.x (granting …)"', async () => {
    const r = await lintTree({
      'main.tf': tf`
        resource "aws_iam_role" "deploy" {
          name = "deploy"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" }
              Action    = "sts:AssumeRoleWithWebIdentity"
              Condition = {
                StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
                StringLike   = { "app.terraform.io:sub" = "${PHASE_STAR}" }
              }
            }]
          })
          managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess", aws_iam_policy.iam.arn]
        }
        resource "aws_iam_policy" "iam" {
          name   = "iam"
          policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] })
        }
      `,
    });
    const [f, ...rest] = r.findings.filter((x) => x.ruleId === 'no-wildcard-run-phase');
    expect(rest).toEqual([]);
    expect(f.message).toContain('has AdministratorAccess and aws_iam_policy.iam (granting "iam:*" on "*"): any speculative plan');
  });

  it('is high for write permissions, medium when no policy is in the scan, and quiet for a read-only role (what plan runs are meant to get)', () => {
    expect(runRule(rule, like(PHASE_STAR), { managed: ['PowerUserAccess'] })[0].severity).toBe('high');
    expect(runRule(rule, like(PHASE_STAR))[0].severity).toBe('medium');
    expect(runRule(rule, like(PHASE_STAR), { managed: ['ReadOnlyAccess'] })).toEqual([]);
  });

  it('fires when no phase is pinned, and when plan and apply come from two values', () => {
    expect(runRule(rule, like('organization:acme:project:infra:workspace:prod:*'))).toHaveLength(1);
    const two = like(['organization:acme:project:infra:workspace:prod:run_phase:plan', 'organization:acme:project:infra:workspace:prod:run_phase:apply']);
    expect(runRule(rule, two)).toHaveLength(1);
  });

  it('stays quiet when only apply is admitted, or a Deny removes plan', () => {
    expect(runRule(rule, like('organization:acme:project:infra:workspace:prod:run_phase:apply'), { managed: ['AdministratorAccess'] })).toEqual([]);
    const deny = `{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringLike": {"app.terraform.io:sub": "*:run_phase:plan"}}}`;
    expect(runRule(rule, tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": "${PHASE_STAR}" } }`, deny))).toEqual([]);
  });

  it('stays quiet on organization:* (the organization finding says more)', () => {
    expect(runRule(rule, like('organization:*'), { managed: ['AdministratorAccess'] })).toEqual([]);
  });
});
