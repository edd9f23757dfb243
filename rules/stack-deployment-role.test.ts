import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const iam = (sub: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "stack" {
    name = "tfc-stack"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "${sub}" }
        }
      }]
    })
  }
`;

const deploy = (aud: string, names: string[]) =>
  `identity_token "aws" {\n  audience = ["${aud}"]\n}\n` +
  names.map((n) => `\ndeployment "${n}" {\n  inputs = {\n    role_arn       = "arn:aws:iam::123456789012:role/tfc-stack"\n    identity_token = identity_token.aws.jwt\n  }\n}\n`).join('');

async function run(sub: string, aud: string, names: string[], extra: Record<string, string> = {}) {
  const r = await lintTree({ 'iam.tf': iam(sub), 'deployments.tfdeploy.hcl': deploy(aud, names), ...extra });
  return { found: r.findings.filter((f) => f.ruleId === 'stack-deployment-role'), r };
}

const PINNED = 'organization:acme:project:net:stack:core:deployment:production:operation:apply';

describe('stack-deployment-role', () => {
  it('stays quiet when the role admits the deployment with its identity_token audience', async () => {
    expect((await run(PINNED, 'aws.workload.identity', ['production'])).found).toEqual([]);
  });

  it('fires when the role admits workspace runs only, at the deployment\'s role_arn', async () => {
    const { found, r } = await run('organization:acme:project:net:workspace:prod:run_phase:apply', 'aws.workload.identity', ['production']);
    expect(found.map((f) => [f.messageId, f.severity])).toEqual([['notAdmitted', 'high']]);
    expect(r.text('deployments.tfdeploy.hcl', found[0].range)).toBe('"arn:aws:iam::123456789012:role/tfc-stack"');
  });

  it('fires when the identity_token audience is not what the role accepts, with a rejected witness', async () => {
    const { found, r } = await run(PINNED, 'custom-aud', ['production']);
    expect(found.map((f) => f.messageId)).toEqual(['audience']);
    expect(r.text('deployments.tfdeploy.hcl', found[0].range)).toBe('"custom-aud"');
    expect(found[0].witness).toMatchObject({ kind: 'rejected', aud: 'custom-aud', sub: PINNED });
  });

  it('reports one role shared by production and non-production deployments (medium), not two non-production ones', async () => {
    const wide = 'organization:acme:project:net:stack:core:deployment:*:operation:apply';
    const shared = (await run(wide, 'aws.workload.identity', ['production', 'staging'])).found;
    expect(shared.map((f) => [f.messageId, f.severity])).toEqual([['shared', 'medium'], ['shared', 'medium']]);
    expect(shared[0].message).toContain('production deployment "production" and non-production deployment "staging"');
    expect((await run(wide, 'aws.workload.identity', ['dev', 'staging'])).found).toEqual([]);
  });

  it('reads .tfstack.hcl and .tfcomponent.hcl files with the HCL grammar: a syntax error there is a parse error', async () => {
    const { r } = await run(PINNED, 'aws.workload.identity', ['production'], { 'network.tfcomponent.hcl': 'component "vpc" {\n  source = \n' });
    expect(r.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.range.file)).toEqual(['network.tfcomponent.hcl']);
  });

  it('finds the recall case\'s problems (shared role, audience, workspace-only role)', async () => {
    const { findings } = await lint(['fixtures/recall/stacks-shared-role-audience']);
    expect(findings.filter((f) => f.ruleId === 'stack-deployment-role').map((f) => f.messageId).sort()).toEqual(['audience', 'notAdmitted', 'shared', 'shared']);
  });
});
