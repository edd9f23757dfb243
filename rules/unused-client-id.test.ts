import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import { tf } from '../src/testing/tf.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const IDS = ['aws.workload.identity', 'leftover.audience'];

/** The provider as `aws iam get-open-id-connect-provider` prints it: next to the raw IAM trust document. */
const providerJson = (ids: string[]) => JSON.stringify({ Url: 'app.terraform.io', ClientIDList: ids, ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'], CreateDate: '2024-02-11T09:29:12.112000+00:00', Tags: [] }, null, 4) + '\n';

function spec(aud: string | string[]): TrustSpec {
  return { clientIds: IDS, conditions: { StringEquals: { 'app.terraform.io:aud': aud, 'app.terraform.io:sub': SUB } } };
}

async function unused(files: Record<string, string>) {
  const r = await lintTree(files);
  return { ...r, found: r.findings.filter((f) => f.ruleId === 'unused-client-id') };
}

const withProvider = (files: Record<string, string>) => ('trust-policy.json' in files ? { ...files, 'provider.json': providerJson(IDS) } : files);

describe('unused-client-id', () => {
  for (const shape of allShapes(spec('aws.workload.identity'))) {
    it(`reports a client ID no aud condition accepts, at that ID (${shape.name})`, async () => {
      const { found, text } = await unused(withProvider(shape.files));
      expect(found).toHaveLength(1);
      expect(found[0].severity).toBe('low');
      expect(found[0].message).toContain('"leftover.audience"');
      expect(found[0].message).toMatch(shape.name.startsWith('raw') ? /no role that trusts it \("trust-policy\.json"\)/ : /no role that trusts it \("tfc-role"\)/);
      expect(text(found[0].range.file, found[0].range)).toBe('"leftover.audience"');
    });
  }

  for (const shape of allShapes(spec(IDS))) {
    it(`stays quiet when every client ID is accepted (${shape.name})`, async () => {
      const { found, findings } = await unused(withProvider(shape.files));
      expect(findings.some((f) => f.ruleId === 'parse-error')).toBe(false);
      expect(found).toEqual([]);
    });
  }

  it('counts a statement without an aud condition as accepting every client ID', async () => {
    const [shape] = allShapes({ clientIds: IDS, conditions: { StringEquals: { 'app.terraform.io:sub': SUB } } });
    expect((await unused(shape.files)).found).toEqual([]);
  });

  it('accepts through StringLike and through a second role', async () => {
    const like = allShapes({ clientIds: IDS, conditions: { StringLike: { 'app.terraform.io:aud': 'leftover.*', 'app.terraform.io:sub': SUB } } })[1];
    const r = await unused(like.files);
    expect(r.found.map((f) => f.message)).toEqual([expect.stringContaining('"aws.workload.identity"')]);
    const second = tf`
      resource "aws_iam_role" "other" {
        name = "other"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
            Action    = "sts:AssumeRoleWithWebIdentity"
            Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "${SUB}" } }
          }]
        })
      }
    `;
    expect((await unused({ 'main.tf': like.files['main.tf'] + second })).found).toEqual([]);
  });

  it('stays quiet when no role in the scan trusts the provider, and when the aud is not known', async () => {
    const alone = { 'provider.json': providerJson(IDS) };
    expect((await unused(alone)).found).toEqual([]);
    const unknownAud = allShapes(spec('${var.audience}'))[1];
    const files = { 'main.tf': unknownAud.files['main.tf'].replace('"${var.audience}"', 'var.audience') + '\nvariable "audience" {}\n' };
    expect(files['main.tf']).toContain('= var.audience');
    expect((await unused(files)).found).toEqual([]);
  });

  it('stays quiet for a GitHub Actions provider', async () => {
    const gh = allShapes({
      host: 'token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com', 'unused'],
      conditions: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } },
    });
    for (const shape of gh) expect((await unused(shape.files)).found).toEqual([]);
  });
});
