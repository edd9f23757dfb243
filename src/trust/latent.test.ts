// Issue 9 item 5: a statement one problem makes unmatchable still gets its other findings, marked
// "takes effect once … is fixed"; the statement's own problem is still reported by its rule.
import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { lintTree } from '../testing/lint-tree.js';
import { placeName } from '../core/source.js';

const role = (subKey: string, sub: string, audKey = 'app.terraform.io:aud') => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "r" {
    name = "r"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "${audKey}" = "aws.workload.identity" }
          StringLike   = { "${subKey}" = "${sub}" }
        }
      }]
    })
  }
`;

async function lintRole(subKey: string, sub: string, audKey?: string) {
  const r = await lintTree({ 'main.tf': role(subKey, sub, audKey) });
  return { ...r, of: (id: string) => r.findings.filter((f) => f.ruleId === id) };
}

describe('latent findings', () => {
  it('a key written https://app.terraform.io:sub: the key finding, and the open project as latent', async () => {
    const r = await lintRole('https://app.terraform.io:sub', 'organization:acme:project:*:workspace:*:run_phase:apply');
    expect(r.of('condition-key-matches-provider')).toHaveLength(1);
    const [p] = r.of('no-wildcard-project');
    expect(p.assumptions).toEqual(['takes effect once the key https://app.terraform.io:sub is written app.terraform.io:sub']);
    expect(p.message).toMatch(/\(takes effect once the key https:\/\/app\.terraform\.io:sub is written app\.terraform\.io:sub\)$/);
  });
  it('an empty organization segment: valid-sub-pattern, and the open workspace as latent', async () => {
    const r = await lintRole('app.terraform.io:sub', 'organization::project:infra:workspace:*:run_phase:apply');
    expect(r.of('valid-sub-pattern')).toHaveLength(1);
    expect(r.of('no-wildcard-workspace')[0]?.assumptions).toEqual(['takes effect once the empty organization segment has a name']);
  });
  it('nothing latent when the repaired statement is pinned', async () => {
    const r = await lintRole('https://app.terraform.io:sub', 'organization:acme:project:infra:workspace:prod:run_phase:apply');
    expect(r.findings.filter((f) => f.assumptions?.length)).toEqual([]);
  });
  it('no contradiction: a statement shut by misspelt keys gets no "any audience passes" and no empty sub witness', async () => {
    const r = await lintRole(
      'https://app.terraform.io:sub',
      'organization:acme:project:infra:workspace:prod:run_phase:apply',
      'https://app.terraform.io:aud',
    );
    expect(r.of('condition-key-matches-provider')).toHaveLength(2);
    expect(r.of('require-aud-condition')).toEqual([]);
    expect(r.findings.filter((f) => f.witness && f.witness.sub === '')).toEqual([]);
  });
  it('a key written with the audience in front (aws.workload.identity:sub) is repaired like https://', async () => {
    const r = await lintRole(
      'aws.workload.identity:sub',
      'organization:acme:project:infra:workspace:*:run_phase:apply',
      'aws.workload.identity:aud',
    );
    const [w] = r.of('no-wildcard-workspace');
    expect(w?.assumptions).toEqual([
      'takes effect once the key aws.workload.identity:aud is written app.terraform.io:aud and the key aws.workload.identity:sub is written app.terraform.io:sub',
    ]);
  });
  it('a finding without a witness on the repaired copy (a placeholder organization) is marked latent too', async () => {
    const r = await lintRole('https://app.terraform.io:sub', 'organization:YOUR_ORG_NAME:project:infra:workspace:prod:run_phase:apply');
    const [p] = r.of('no-placeholder-scope');
    expect(p?.witness).toBeUndefined();
    expect(p?.assumptions).toEqual(['takes effect once the key https://app.terraform.io:sub is written app.terraform.io:sub']);
    expect(p?.message).toMatch(
      /a placeholder: .*\(takes effect once the key https:\/\/app\.terraform\.io:sub is written app\.terraform\.io:sub\)$/,
    );
  });
  it('the repaired copy keeps where each part was written: the wildcard names its tfvars line and points into the value', async () => {
    const r = await lintTree({
      'main.tf': tf`
        variable "project" { type = string }
        variable "workspace" { type = string }
        locals {
          sub = "organization:acme:project:\${var.project}:workspace:\${var.workspace}:run_phase:apply"
        }
        resource "aws_iam_openid_connect_provider" "tfc" {
          url            = "https://app.terraform.io"
          client_id_list = ["aws.workload.identity"]
        }
        resource "aws_iam_role" "r" {
          name = "r"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
              Action    = "sts:AssumeRoleWithWebIdentity"
              Condition = {
                StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
                StringLike   = { "app.terraform.io:sub" = local.sub }
              }
            }]
          })
        }
      `,
      'terraform.tfvars': 'project   = ""\nworkspace = "*"\n',
    });
    const [w] = r.findings.filter((f) => f.ruleId === 'no-wildcard-workspace');
    expect(w?.assumptions).toEqual(['takes effect once the empty project segment has a name']);
    const written = w.origins!.map((o) => `${o.name} ${o.range && placeName(o.range)}:${o.range?.start.line}`);
    expect(written[0]).toBe('var.workspace terraform.tfvars:2');
    expect(written).toContain('local.sub main.tf:4');
  });
});
