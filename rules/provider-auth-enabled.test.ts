import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { APPLY_SUB, type WiringSpec, wiringShapes, workspaceWith } from '../src/testing/wiring.js';

const RULE = 'provider-auth-enabled';
const spec = (vars: Record<string, string>): WiringSpec => ({ roles: { run: { sub: APPLY_SUB } }, resources: workspaceWith('prod', vars) });
const ROLE = '${aws_iam_role.run.arn}';

describe(RULE, () => {
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    const run = async (vars: Record<string, string>) => {
      const r = await lintTree(wiringShapes(spec(vars))[i].files);
      return { r, f: r.findings.filter((x) => x.ruleId === RULE) };
    };
    it(`${name}: fires at the role ARN when TFC_AWS_PROVIDER_AUTH is missing`, async () => {
      const { r, f } = await run({ TFC_AWS_RUN_ROLE_ARN: ROLE });
      expect(f.map((x) => x.message)).toEqual(['Workspace "prod" sets TFC_AWS_RUN_ROLE_ARN but not TFC_AWS_PROVIDER_AUTH: dynamic credentials are off, so runs never assume the role']);
      expect(r.text(f[0].range.file, f[0].range)).toContain('aws_iam_role.run.arn');
    });
    it(`${name}: fires at the value when it is not "true", and for a tag without its own PROVIDER_AUTH`, async () => {
      const off = await run({ TFC_AWS_PROVIDER_AUTH: 'false', TFC_AWS_RUN_ROLE_ARN: ROLE });
      expect(off.f).toHaveLength(1);
      expect(off.r.text(off.f[0].range.file, off.f[0].range)).toBe('"false"');
      const tagged = await run({ TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN_PROD: ROLE });
      expect(tagged.f.map((x) => x.message)).toEqual([expect.stringContaining('sets TFC_AWS_RUN_ROLE_ARN_PROD but not TFC_AWS_PROVIDER_AUTH_PROD')]);
    });
    it(`${name}: stays quiet when it is "true"`, async () => {
      expect((await run({ TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: ROLE })).f).toEqual([]);
      expect((await run({ TFC_AWS_PROVIDER_AUTH_PROD: 'true', TFC_AWS_RUN_ROLE_ARN_PROD: ROLE })).f).toEqual([]);
    });
  }
});
