import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { APPLY_SUB, PLAN_SUB, type WiringSpec, wiringShapes, workspaceWith } from '../src/testing/wiring.js';

const RULE = 'separate-plan-apply-roles';
const both = [PLAN_SUB, APPLY_SUB];
const oneRole = (managed: string[]): WiringSpec => ({
  roles: { run: { sub: both, managed } },
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
});

describe(RULE, () => {
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    const hits = async (spec: WiringSpec) => {
      const r = await lintTree(wiringShapes(spec)[i].files);
      return { r, hits: r.findings.filter((f) => f.ruleId === RULE) };
    };
    it(`${name}: fires when plan and apply share one role with write access, at the role ARN variable`, async () => {
      const { r, hits: f } = await hits(oneRole(['PowerUserAccess']));
      expect(f).toHaveLength(1);
      expect(f[0].message).toContain('runs plan and apply with the same role "tfc-run" (TFC_AWS_RUN_ROLE_ARN), which has write access (PowerUserAccess)');
      expect(r.text(f[0].range.file, f[0].range)).toContain('aws_iam_role.run.arn');
    });
    it(`${name}: stays quiet for a read-only shared role and for split roles`, async () => {
      expect((await hits(oneRole(['ReadOnlyAccess']))).hits).toEqual([]);
      const split: WiringSpec = {
        roles: { plan: { sub: PLAN_SUB, managed: ['ReadOnlyAccess'] }, apply: { sub: APPLY_SUB, managed: ['PowerUserAccess'] } },
        resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_PLAN_ROLE_ARN: '${aws_iam_role.plan.arn}', TFC_AWS_APPLY_ROLE_ARN: '${aws_iam_role.apply.arn}' }),
      };
      expect((await hits(split)).hits).toEqual([]);
    });
  }
  it('names a project variable set as the project, not as a workspace called "project …"', async () => {
    const spec: WiringSpec = {
      roles: { run: { sub: both, managed: ['PowerUserAccess'] } },
      resources: {
        tfe_project: { infra: { name: 'infra', organization: 'acme' } },
        tfe_variable_set: { aws: { name: 'aws', organization: 'acme' } },
        tfe_project_variable_set: { aws: { project_id: '${tfe_project.infra.id}', variable_set_id: '${tfe_variable_set.aws.id}' } },
        tfe_variable: {
          auth: { key: 'TFC_AWS_PROVIDER_AUTH', value: 'true', category: 'env', variable_set_id: '${tfe_variable_set.aws.id}' },
          role: { key: 'TFC_AWS_RUN_ROLE_ARN', value: '${aws_iam_role.run.arn}', category: 'env', variable_set_id: '${tfe_variable_set.aws.id}' },
        },
      },
    };
    const r = await lintTree(wiringShapes(spec)[0].files);
    const [f, ...rest] = r.findings.filter((x) => x.ruleId === RULE);
    expect(rest).toEqual([]);
    expect(f.message).toMatch(/^Project infra \(variable set aws\) runs plan and apply with the same role "tfc-run"/);
  });

  it('fires when only an apply role is split off from a run role that plans with write access', async () => {
    const spec: WiringSpec = {
      roles: { run: { sub: both, managed: ['AdministratorAccess'] } },
      resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}', TFC_AWS_APPLY_ROLE_ARN: '${aws_iam_role.run.arn}' }),
    };
    const r = await lintTree(wiringShapes(spec)[0].files);
    expect(r.findings.filter((f) => f.ruleId === RULE).map((f) => f.message)).toEqual([expect.stringContaining('admin access')]);
  });
});
