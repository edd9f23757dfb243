import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { APPLY_SUB, type WiringSpec, wiringShapes, workspaceWith } from '../src/testing/wiring.js';

const RULE = 'variable-category-env';
const spec = (category: string): WiringSpec => ({
  roles: { run: { sub: APPLY_SUB } },
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: { value: 'true', category }, TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
});

describe(RULE, () => {
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    it(`${name}: fires on a TFC_AWS_* variable with category "terraform", at the category`, async () => {
      const r = await lintTree(wiringShapes(spec('terraform'))[i].files);
      const f = r.findings.filter((x) => x.ruleId === RULE);
      expect(f.map((x) => x.message)).toEqual(['TFC_AWS_PROVIDER_AUTH on workspace "prod" has category "terraform": HCP Terraform reads dynamic-credential settings only from environment variables, so this one is silently ignored']);
      expect(r.text(f[0].range.file, f[0].range)).toBe('"terraform"');
    });
    it(`${name}: stays quiet for category "env" and for other variables`, async () => {
      const quiet = spec('env');
      quiet.resources.tfe_variable.other = { key: 'region', value: 'eu-west-1', category: 'terraform', workspace_id: '${tfe_workspace.prod.id}' };
      const r = await lintTree(wiringShapes(quiet)[i].files);
      expect(r.findings.filter((x) => x.ruleId === RULE)).toEqual([]);
    });
  }
});
