// The workspace wiring scenarios end to end: a tfe workspace wired to roles whose trust does not
// admit it, and static keys left next to a dynamic setup.
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { placeName } from '../src/core/source.js';

describe('fixtures/tfe-wiring-mismatch: the workspace lives in another project than the roles trust', async () => {
  const r = await lint(['fixtures/tfe-wiring-mismatch']);
  it('reports exactly the two wired phases, at the role ARN values, saying which part does not match', () => {
    expect(r.findings.map((f) => [f.ruleId, f.range.start.line, f.witness?.sub])).toEqual([
      ['workspace-role-trusts-workspace', 89, 'organization:acme:project:platform:workspace:prod:run_phase:plan'],
      ['workspace-role-trusts-workspace', 96, 'organization:acme:project:platform:workspace:prod:run_phase:apply'],
    ]);
    for (const f of r.findings) {
      expect(f.message).toContain('the token has project "platform" where the trust admits "infra"');
      expect(f.witness?.kind).toBe('rejected');
      expect(f.related?.map((x) => placeName(x.range))).toEqual([
        'fixtures/tfe-wiring-mismatch/main.tf',
        'fixtures/tfe-wiring-mismatch/main.tf',
      ]);
    }
  });
  it('models the workspace in project "platform" with one binding wired to both roles', () => {
    const [b] = r.project.workspaceBindings ?? [];
    expect(b.label).toBe('prod');
    expect(b.project).toMatchObject({ value: 'platform' });
    expect([b.plan?.role?.label, b.apply?.role?.label]).toEqual(['tfc-prod-plan', 'tfc-prod-apply']);
  });
});

describe('fixtures/static-keys-next-to-dynamic: the keys dynamic credentials replaced are still handed over', async () => {
  const r = await lint(['fixtures/static-keys-next-to-dynamic']);
  it('reports both key variables and the access key, and nothing about the dynamic setup itself', () => {
    expect(r.findings.map((f) => [f.ruleId, f.messageId, f.range.start.line])).toEqual([
      ['no-static-credentials', 'accessKey', 103],
      ['no-static-credentials', 'staticNextToDynamic', 108],
      ['no-static-credentials', 'staticNextToDynamic', 115],
    ]);
    expect(r.findings[0].message).toContain('IAM user "terraform-cloud-ci"');
  });
  it('takes TFC_AWS_PROVIDER_AUTH from the project variable set', () => {
    const [b] = r.project.workspaceBindings ?? [];
    expect(b.settings.PROVIDER_AUTH?.variableSet?.id).toBe('tfe_variable_set.aws');
  });
});

describe('quiet', () => {
  it('fixtures/secure stays quiet with the workspace rules in the set', async () => {
    expect((await lint(['fixtures/secure'])).findings).toEqual([]);
  });
});
