// The rule on the model alone: OidcProvider.live is set by hand, no network (test/online.test.ts
// covers the real TLS server, the proxy and the timeouts).
import { describe, expect, it } from 'vitest';
import { runRules } from '../src/engine/run.js';
import type { LiveChain } from '../src/model/types.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';
import rule from './thumbprint-current.js';

const TOP = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const LEAF = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const chain = (trustedPublicly: boolean, host = 'tfe.acme.example'): LiveChain => ({
  host,
  port: 443,
  trustedPublicly,
  certificates: [
    { subject: `CN=${host}`, issuer: 'CN=Acme CA', sha1: LEAF, notAfter: '2030-01-01T00:00:00.000Z', selfSigned: false },
    { subject: 'CN=Acme CA', issuer: 'CN=Acme Root', sha1: TOP, notAfter: '2031-01-01T00:00:00.000Z', selfSigned: false },
  ],
});

const providerTf = (host: string, thumbprints: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "https://${host}"
    client_id_list  = ["aws.workload.identity"]
    thumbprint_list = ${thumbprints}
  }
`;

// A Terraform Enterprise host is known as one by the trust that uses it (organization:… sub).
const tfeRole = tf`
  resource "aws_iam_role" "apply" {
    name = "tfe-apply"
    assume_role_policy = jsonencode({
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = {
          "tfe.acme.example:aud" = "aws.workload.identity"
          "tfe.acme.example:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply"
        } }
      }]
    })
  }
`;

async function check(files: Record<string, string>, live?: LiveChain) {
  const r = await lintTree(files, { rules: [] });
  for (const p of r.project.providers) if (live) p.live = live;
  return { findings: runRules(r.project, [rule]), text: r.text };
}

describe('thumbprint-current', () => {
  it('fires high on a stale thumbprint of a private-CA host, at the listed value', async () => {
    const { findings, text } = await check(
      { 'main.tf': providerTf('tfe.acme.example', '["0123456789abcdef0123456789abcdef01234567"]') + tfeRole },
      chain(false),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'high', messageId: 'stale' });
    expect(findings[0].message).toContain(`current thumbprint ${TOP} (of "CN=Acme CA"`);
    expect(text('main.tf', findings[0].range)).toBe('"0123456789abcdef0123456789abcdef01234567"');
  });

  it('is low for app.terraform.io, whose chain AWS trusts by its root CAs', async () => {
    const { findings } = await check(
      { 'main.tf': providerTf('app.terraform.io', '["0123456789abcdef0123456789abcdef01234567"]') },
      chain(true, 'app.terraform.io'),
    );
    expect(findings.map((f) => f.severity)).toEqual(['low']);
  });

  it('compares case-insensitively and stays quiet on the current value', async () => {
    const { findings } = await check(
      { 'main.tf': providerTf('tfe.acme.example', `["${LEAF}", "${TOP.toUpperCase()}"]`) + tfeRole },
      chain(false),
    );
    expect(findings).toEqual([]);
  });

  it('names the leaf when only the leaf thumbprint is listed', async () => {
    const { findings } = await check({ 'main.tf': providerTf('tfe.acme.example', `["${LEAF}"]`) + tfeRole }, chain(false));
    expect(findings[0].message).toContain('the leaf certificate');
  });

  it('stays quiet on a thumbprint read at apply time from data.tls_certificate', async () => {
    const files = {
      'main.tf':
        tf`
        data "tls_certificate" "tfe" {
          url = "https://tfe.acme.example"
        }
      ` + providerTf('tfe.acme.example', '[data.tls_certificate.tfe.certificates[0].sha1_fingerprint]'),
    };
    expect((await check(files, chain(false))).findings).toEqual([]);
  });

  it('says nothing without --online (no live chain in the model)', async () => {
    expect((await check({ 'main.tf': providerTf('tfe.acme.example', '["0123456789abcdef0123456789abcdef01234567"]') })).findings).toEqual(
      [],
    );
  });

  it('notes a host it could not reach, as info', async () => {
    const { findings } = await check(
      { 'main.tf': providerTf('tfe.acme.example', '["0123456789abcdef0123456789abcdef01234567"]') + tfeRole },
      {
        host: 'tfe.acme.example',
        port: 443,
        certificates: [],
        trustedPublicly: false,
        error: 'DNS lookup of tfe.acme.example failed (ENOTFOUND)',
      },
    );
    expect(findings).toMatchObject([{ severity: 'info', messageId: 'unreachable' }]);
  });

  it('works on IAM JSON input (get-open-id-connect-provider output) too', async () => {
    const doc = JSON.stringify(
      {
        Url: 'app.terraform.io',
        ClientIDList: ['aws.workload.identity'],
        ThumbprintList: ['0123456789abcdef0123456789abcdef01234567'],
        CreateDate: '2024-01-01T00:00:00Z',
      },
      null,
      2,
    );
    const { findings } = await check({ 'provider.json': doc }, chain(true, 'app.terraform.io'));
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([['stale', 'low']]);
  });

  it('ignores providers of other issuers', async () => {
    const { findings } = await check(
      { 'main.tf': providerTf('token.actions.githubusercontent.com', '["0123456789abcdef0123456789abcdef01234567"]') },
      chain(false, 'token.actions.githubusercontent.com'),
    );
    expect(findings).toEqual([]);
  });
});
