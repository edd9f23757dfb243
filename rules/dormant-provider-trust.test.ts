// dormant-provider-trust judges live roles only: it fires for a live role whose provider is
// missing and stays quiet for code (the provider may be in another state) and for a provider
// that exists. The live case through --aws is in test/fix-provider.test.ts.
import { describe, expect, it } from 'vitest';
import { buildProject } from '../src/model/extract.js';
import { runRules } from '../src/engine/run.js';
import { liveInstances } from '../src/fix/live-model.js';
import { lintTree } from '../src/testing/lint-tree.js';
import rule from './dormant-provider-trust.js';
import { placeName } from '../src/core/source.js';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io';
const trust = (sub?: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', ...(sub ? { 'app.terraform.io:sub': sub } : {}) } },
      },
    ],
  });

function live(roles: { name: string; trust: string }[], providers: string[]) {
  const details = liveInstances({
    roles: roles.map((r) => ({
      RoleName: r.name,
      Arn: `arn:aws:iam::123456789012:role/${r.name}`,
      Path: '/',
      AssumeRolePolicyDocument: encodeURIComponent(r.trust),
    })),
    policies: [],
    providers: providers.map((arn) => ({
      arn,
      url: arn.replace(/^.*oidc-provider\//, ''),
      host: arn.replace(/^.*oidc-provider\//, ''),
      clientIds: ['aws.workload.identity'],
      thumbprints: [],
    })),
  });
  return runRules(buildProject(details.resources, { diagnostics: details.diagnostics, files: details.files }), [rule]);
}

describe('dormant-provider-trust', () => {
  it('fires for a live role whose provider does not exist: high without a sub condition, medium with one', () => {
    const found = live(
      [
        { name: 'old', trust: trust() },
        { name: 'pinned', trust: trust('organization:a:project:b:workspace:c:run_phase:apply') },
      ],
      [],
    );
    expect(found.map((f) => [f.ruleId, placeName(f.range), f.severity])).toEqual([
      ['dormant-provider-trust', 'arn:aws:iam::123456789012:role/old', 'high'],
      ['dormant-provider-trust', 'arn:aws:iam::123456789012:role/pinned', 'medium'],
    ]);
    expect(found[0].message).toBe(
      `Role "old" trusts OIDC provider ${PROVIDER}, which does not exist in the account: the role is dormant, and comes back with this trust, which has no sub condition, as soon as someone creates that provider`,
    );
  });

  it('stays quiet when the provider exists', () => {
    expect(live([{ name: 'old', trust: trust() }], [PROVIDER])).toEqual([]);
  });

  it('stays quiet for code and for IAM JSON files: the provider may be managed elsewhere', async () => {
    const r = await lintTree({ 'trust.json': trust() }, { rules: [rule] });
    expect(r.findings.filter((f) => f.ruleId === 'dormant-provider-trust')).toEqual([]);
  });
});
