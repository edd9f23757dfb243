// Item 3 of issue 9: a trust whose hostname is unknown to the scan is classified by the evidence
// that remains (sub grammar, audience, principal) and every rule runs on it, with one note.
import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { lintTree } from '../testing/lint-tree.js';

const HOST = '${var.tfc_hostname}';
const roleWith = (opts: { principal: string; subKey: string; audKey: string; sub: string; aud?: string; extra?: string }) => tf`
  variable "tfc_hostname" {
    type = string
  }
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://${HOST}"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "deploy" {
    name = "deploy"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = ${opts.principal} }
        Condition = {
          StringEquals = { ${opts.audKey} = "${opts.aud ?? 'aws.workload.identity'}" }
          StringLike   = { ${opts.subKey} = "${opts.sub}" }
        }
      }]
    })
  }
  resource "aws_iam_role_policy_attachment" "admin" {
    role       = aws_iam_role.deploy.name
    policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  }
  ${opts.extra ?? ''}
`;

async function lintRole(opts: Parameters<typeof roleWith>[0]) {
  const r = await lintTree({ 'main.tf': roleWith(opts) });
  return {
    ...r,
    of: (id: string) => r.findings.filter((f) => f.ruleId === id),
    rules: [...new Set(r.findings.map((f) => f.ruleId))].sort(),
  };
}

const PROVIDER = 'aws_iam_openid_connect_provider.tfc.arn';
const OPEN = 'organization:acme:project:*:workspace:*:run_phase:*';

describe('keys "${var.tfc_hostname}:sub" and a provider whose URL is unknown', () => {
  it('runs every rule, each finding carrying the assumption, with one note', async () => {
    const r = await lintRole({ principal: PROVIDER, subKey: `"${HOST}:sub"`, audKey: `"${HOST}:aud"`, sub: OPEN });
    expect(r.rules).toEqual(expect.arrayContaining(['no-wildcard-project', 'no-wildcard-run-phase', 'no-admin-access']));
    for (const f of r.findings.filter((x) => x.ruleId !== 'could-not-evaluate')) {
      expect(f.assumptions).toEqual(['host unknown: assumed HCP Terraform']);
      expect(f.message).toMatch(/\(host unknown: assumed HCP Terraform\)$/);
    }
    const notes = r.of('could-not-evaluate');
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain('host unknown: assumed HCP Terraform');
    expect(notes[0].severity).toBe('info');
  });

  it('reads keys written with format("%s:sub", var.host) the same way', async () => {
    const r = await lintRole({
      principal: PROVIDER,
      subKey: '(format("%s:sub", var.tfc_hostname))',
      audKey: '(format("%s:aud", var.tfc_hostname))',
      sub: OPEN,
    });
    expect(r.of('no-wildcard-project')).toHaveLength(1);
  });

  it('shows the host as the value it stands for in the witness issuer, never as a private placeholder', async () => {
    const r = await lintRole({ principal: PROVIDER, subKey: `"${HOST}:sub"`, audKey: `"${HOST}:aud"`, sub: OPEN });
    const [f] = r.of('no-wildcard-project');
    expect(f.witness?.iss).toMatch(/^https:\/\/.*tfc_hostname/);
    for (const x of r.findings) expect(JSON.stringify(x)).not.toMatch(/[\ue000-\uf8ff]/);
  });

  it('stays quiet on a pinned role (the unknown host alone is only the note)', async () => {
    const r = await lintRole({
      principal: PROVIDER,
      subKey: `"${HOST}:sub"`,
      audKey: `"${HOST}:aud"`,
      sub: 'organization:acme:project:infra:workspace:prod:run_phase:apply',
    });
    // The permission rules, and prefer-string-equals (the helper writes StringLike), are beside the point here.
    const permissions = ['no-admin-access', 'no-self-managing-role', 'prefer-string-equals'];
    expect(r.findings.filter((f) => f.ruleId !== 'could-not-evaluate' && !permissions.includes(f.ruleId))).toEqual([]);
    // The admin grant on an apply-only pinned role is still reported, under the assumption.
    expect(r.of('no-admin-access')[0]?.assumptions).toEqual(['host unknown: assumed HCP Terraform']);
  });

  it("does not classify another issuer's trust (GitHub sub grammar and audience) as HCP Terraform", async () => {
    const r = await lintTree({
      'main.tf': tf`
        variable "host" {
          type = string
        }
        resource "aws_iam_openid_connect_provider" "gh" {
          url            = "https://${'${var.host}'}"
          client_id_list = ["sts.amazonaws.com"]
        }
        resource "aws_iam_role" "ci" {
          name = "ci"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Action    = "sts:AssumeRoleWithWebIdentity"
              Principal = { Federated = aws_iam_openid_connect_provider.gh.arn }
              Condition = { StringLike = { "${'${var.host}'}:sub" = "repo:acme/*" } }
            }]
          })
        }
      `,
    });
    expect(r.findings.filter((f) => f.ruleId !== 'could-not-evaluate')).toEqual([]);
    expect(r.findings.map((f) => f.message).join('\n')).not.toContain('assumed HCP Terraform');
  });
});

describe('a principal naming app.terraform.io and keys under an unknown prefix', () => {
  const principal = '"arn:aws:iam::123456789012:oidc-provider/app.terraform.io"';
  it("reads the keys as the provider host's: the sub findings come, and require-aud-condition does not say any audience passes", async () => {
    const r = await lintRole({ principal, subKey: `"${HOST}:sub"`, audKey: `"${HOST}:aud"`, sub: OPEN });
    expect(r.of('no-wildcard-project')).toHaveLength(1);
    expect(r.of('require-aud-condition')).toEqual([]);
    expect(r.of('require-sub-condition')).toEqual([]);
  });
  it('still reports a wrong audience under the unknown prefix', async () => {
    const r = await lintRole({
      principal,
      subKey: `"${HOST}:sub"`,
      audKey: `"${HOST}:aud"`,
      aud: 'sts.amazonaws.com',
      sub: 'organization:acme:project:infra:workspace:prod:run_phase:apply',
    });
    expect(
      r
        .of('require-aud-condition')
        .map((f) => f.message)
        .join('\n'),
    ).not.toMatch(/any audience/i);
  });
});

describe('a key written https://${var.tfc_hostname}:sub beside ${var.tfc_hostname}:aud', () => {
  it('is reported by condition-key-matches-provider as the scheme mistake, naming the host as the value it stands for', async () => {
    const r = await lintRole({
      principal: PROVIDER,
      subKey: `"https://${HOST}:sub"`,
      audKey: `"${HOST}:aud"`,
      sub: 'organization:acme:project:infra:workspace:prod:run_phase:apply',
    });
    const [f] = r.of('condition-key-matches-provider');
    expect(f?.message).toContain('https://');
    expect(f?.fix).toContain('tfc_hostname');
    expect(JSON.stringify(f)).not.toMatch(/[\ue000-\uf8ff]/);
  });
});
