import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { APPLY_SUB, type WiringSpec, wiringShapes, workspaceWith } from '../src/testing/wiring.js';

const RULE = 'workspace-audience-matches';
const spec = (roleAud: string, vars: Record<string, string>, clientIds?: string[]): WiringSpec => ({
  roles: { run: { sub: APPLY_SUB, aud: roleAud } },
  ...(clientIds ? { clientIds } : {}),
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}', ...vars }),
});

describe(RULE, () => {
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    const run = async (s: WiringSpec) => {
      const r = await lintTree(wiringShapes(s)[i].files);
      return { r, f: r.findings.filter((x) => x.ruleId === RULE) };
    };
    it(`${name}: fires at the audience variable when the role's aud condition does not take it`, async () => {
      const { r, f } = await run(spec('aws.workload.identity', { TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: 'acme-prod' }, ['aws.workload.identity', 'acme-prod']));
      expect(f.map((x) => x.message)).toEqual([
        'Workspace "prod" sends audience "acme-prod" (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE), but the trust of role "tfc-run" does not accept it in its aud condition: every run fails to assume the role',
      ]);
      expect(r.text(f[0].range.file, f[0].range)).toBe('"acme-prod"');
      expect(f[0].witness).toMatchObject({ kind: 'rejected', aud: 'acme-prod' });
    });
    it(`${name}: fires at the role ARN when the workspace sends the default audience the role does not take`, async () => {
      const { f } = await run(spec('acme-prod', {}, ['aws.workload.identity', 'acme-prod']));
      expect(f.map((x) => x.message)).toEqual([expect.stringContaining('sends audience "aws.workload.identity" (the default: no TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE is set)')]);
    });
    it(`${name}: fires when the audience is not a client ID of the provider`, async () => {
      const { f } = await run(spec('acme-prod', { TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: 'acme-prod' }));
      expect(f.map((x) => x.message)).toEqual([expect.stringContaining('which is not a client ID of OIDC provider aws_iam_openid_connect_provider.tfc (aws.workload.identity): STS rejects every token')]);
    });
    it(`${name}: stays quiet when role and provider take the audience`, async () => {
      expect((await run(spec('acme-prod', { TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: 'acme-prod' }, ['acme-prod']))).f).toEqual([]);
      expect((await run(spec('aws.workload.identity', {}))).f).toEqual([]);
    });
  }
});
