// Trust policies whose audience or principal account is known only at apply: the `sub` findings
// must still come (neither is what the `sub` rules are about).
import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { lintTree } from '../testing/lint-tree.js';
import { str, unknown } from '../core/value.js';
import { linkFederated } from './federated-link.js';

const role = (principal: string, aud: string, sub: string, subKey = 'app.terraform.io:sub', extra = '') => tf`
  data "aws_iam_openid_connect_provider" "tfc" {
    url = "https://app.terraform.io"
  }
  variable "account" {
    type = string
  }
  variable "org" {
    type = string
  }
  resource "aws_iam_role" "deploy" {
    name = "deploy"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = ${principal} }
        Condition = {
          StringEquals = { "app.terraform.io:aud" = ${aud} }
          StringLike   = { "${subKey}" = "${sub}" }
          ${extra}
        }
      }]
    })
  }
`;

const DATA_ARN = 'data.aws_iam_openid_connect_provider.tfc.arn';
const DATA_AUD = 'one(data.aws_iam_openid_connect_provider.tfc.client_id_list)';
const ACCOUNT_ARN = '"arn:aws:iam::${var.account}:oidc-provider/app.terraform.io"';
const AUD = '"aws.workload.identity"';

async function lintRole(principal: string, aud: string, sub: string, subKey?: string, extra?: string) {
  const r = await lintTree({ 'main.tf': role(principal, aud, sub, subKey, extra) });
  return { ...r, of: (id: string) => r.findings.filter((f) => f.ruleId === id) };
}

describe('an aud value known only at apply', () => {
  it('still gives the project and run-phase findings, assuming the audience the provider accepts', async () => {
    const sub = 'organization:acme:project:*:workspace:*:run_phase:*';
    const r = await lintRole(DATA_ARN, DATA_AUD, sub);
    const [project, ...more] = r.of('no-wildcard-project');
    expect(more).toEqual([]);
    expect(r.text('main.tf', project.range)).toBe(`"${sub}"`);
    expect(project.witness?.sub).toMatch(/^organization:acme:project:[^:]+:workspace:[^:]+:run_phase:(plan|apply)$/);
    expect(project.witness?.note).toContain('assuming the audience the provider accepts');
    expect(project.witness?.aud).toContain('client_id_list');
    const [phase] = r.of('no-wildcard-run-phase');
    expect(phase.witness?.sub).toMatch(/:run_phase:plan$/);
    expect(phase.witness?.note).toContain('assuming the audience the provider accepts');
    expect(r.of('could-not-evaluate')).toEqual([]);
  });

  it('still gives the workspace finding', async () => {
    const r = await lintRole(DATA_ARN, DATA_AUD, 'organization:acme:project:infra:workspace:*:run_phase:apply');
    const [f] = r.of('no-wildcard-workspace');
    expect(f.witness?.sub).toMatch(/^organization:acme:project:infra:workspace:[^:]+:run_phase:apply$/);
    expect(f.witness?.note).toContain('assuming the audience the provider accepts');
  });

  it('stays quiet on a pinned sub', async () => {
    const r = await lintRole(DATA_ARN, DATA_AUD, 'organization:acme:project:infra:workspace:prod:run_phase:apply');
    expect(r.findings.filter((f) => /^no-wildcard/.test(f.ruleId))).toEqual([]);
  });

  it('does not let a condition on a caller key hide the findings: they say what they assume of the request', async () => {
    const sub = 'organization:acme:project:*:workspace:*:run_phase:*';
    const r = await lintRole(DATA_ARN, DATA_AUD, sub, undefined, 'IpAddress = { "aws:SourceIp" = "10.0.0.0/8" }');
    const [project] = r.of('no-wildcard-project');
    expect(project.assumptions).toContain("the caller's request meets IpAddress aws:SourceIp, which no token claim decides");
    expect(r.of('could-not-evaluate')).toEqual([]);
  });

  it('reports the same rules as with the audience written out', async () => {
    const sub = 'organization:${var.org}:project:*:workspace:*:run_phase:*';
    const ids = async (aud: string) => (await lintRole(DATA_ARN, aud, sub)).findings.map((f) => f.ruleId).sort();
    expect(await ids(DATA_AUD)).toEqual(await ids(AUD));
    expect(await ids(DATA_AUD)).toContain('no-wildcard-project');
  });

  it('keeps the real audience in the witness when the aud is known', async () => {
    const r = await lintRole(DATA_ARN, AUD, 'organization:acme:project:*:workspace:*:run_phase:apply');
    const [f] = r.of('no-wildcard-project');
    expect(f.witness?.aud).toBe('aws.workload.identity');
    expect(f.witness?.note).not.toContain('assuming');
  });
});

describe('a provider ARN whose account is known only at apply', () => {
  it('links by the host written out', async () => {
    // A scan without any OIDC provider: the ARN alone must link.
    const { project } = await lintTree({ 'main.tf': '' }, { rules: [] });
    const at = { file: 'main.tf', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    const text = 'arn:aws:iam::${var.account}:oidc-provider/app.terraform.io';
    const v = { ...str(text, at), segments: [{ start: 13, end: 27, unknown: unknown('var.account has no value') }] };
    expect(linkFederated(v, project)).toMatchObject({ kind: 'arn', host: 'app.terraform.io' });
    const hostUnknown = {
      ...str('arn:aws:iam::123456789012:oidc-provider/${var.host}', at),
      segments: [{ start: 40, end: 51, unknown: unknown('no value') }],
    };
    expect(linkFederated(hostUnknown, project).kind).toBe('unknown');
  });

  it('gets no-wildcard-organization on organization:*', async () => {
    const r = await lintRole(ACCOUNT_ARN, AUD, 'organization:*');
    const [f] = r.of('no-wildcard-organization');
    expect(r.text('main.tf', f.range)).toBe('"organization:*"');
    expect(f.witness?.sub).toMatch(/^organization:attacker-org:/);
  });

  it('gets the trust rules that need a linked principal: a key with https:// fails closed', async () => {
    const r = await lintRole(
      ACCOUNT_ARN,
      AUD,
      'organization:acme:project:infra:workspace:prod:run_phase:apply',
      'https://app.terraform.io:sub',
    );
    const [f] = r.of('condition-key-matches-provider');
    expect(f.messageId).toBe('failsClosed');
    expect(r.text('main.tf', f.range)).toBe('"https://app.terraform.io:sub"');
  });

  it('stays quiet on a pinned organization', async () => {
    const r = await lintRole(ACCOUNT_ARN, AUD, 'organization:acme:project:infra:workspace:prod:run_phase:apply');
    expect(r.of('no-wildcard-organization')).toEqual([]);
  });
});
