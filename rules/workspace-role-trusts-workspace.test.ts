import { describe, expect, it } from 'vitest';
import type { LintOptions } from '../src/engine/types.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { APPLY_SUB, PLAN_SUB, type WiringSpec, wiringShapes, workspaceWith } from '../src/testing/wiring.js';

const RULE = 'workspace-role-trusts-workspace';
const split = (project: string, extra: WiringSpec['resources'] = {}): WiringSpec => ({
  roles: { plan: { sub: PLAN_SUB, managed: ['ReadOnlyAccess'] }, apply: { sub: APPLY_SUB } },
  resources: {
    ...workspaceWith(
      'prod',
      { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_PLAN_ROLE_ARN: '${aws_iam_role.plan.arn}', TFC_AWS_APPLY_ROLE_ARN: '${aws_iam_role.apply.arn}' },
      { project },
    ),
    ...extra,
  },
});

async function found(spec: WiringSpec, shape: number) {
  const r = await lintTree(wiringShapes(spec)[shape].files);
  return { ...r, hits: r.findings.filter((f) => f.ruleId === RULE) };
}

describe(RULE, () => {
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    describe(name, () => {
      it('fires once per phase when the workspace sits in another project, naming the part and the rejected token', async () => {
        const { hits, text } = await found(split('platform'), i);
        expect(hits.map((f) => f.message)).toEqual([
          expect.stringContaining('sends its plan runs to role "tfc-plan" (TFC_AWS_PLAN_ROLE_ARN)'),
          expect.stringContaining('sends its apply runs to role "tfc-apply" (TFC_AWS_APPLY_ROLE_ARN)'),
        ]);
        expect(hits[0].message).toContain('the token has project "platform" where the trust admits "infra"');
        expect(hits[0].witness).toMatchObject({ kind: 'rejected', sub: 'organization:acme:project:platform:workspace:prod:run_phase:plan' });
        expect(text(hits[0].range.file, hits[0].range)).toContain('aws_iam_role.plan.arn');
        expect(hits[0].severity).toBe('high');
      });

      it('fires on the plan phase only when one run role admits apply only', async () => {
        const spec: WiringSpec = {
          roles: { run: { sub: APPLY_SUB } },
          resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
        };
        const { hits } = await found(spec, i);
        expect(hits).toHaveLength(1);
        expect(hits[0].message).toContain('sends its plan runs');
        expect(hits[0].message).toContain('the token has run_phase "plan" where the trust admits "apply"');
      });

      it('stays quiet when the trust admits the workspace for each phase it is wired to', async () => {
        expect((await found(split('infra'), i)).hits).toEqual([]);
      });

      it('reports a trust that admits far more than the workspaces that use the role (medium, at the sub value)', async () => {
        const spec: WiringSpec = {
          roles: { run: { sub: 'organization:acme:project:*:workspace:prod:run_phase:*' } },
          resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
        };
        const { hits, text } = await found(spec, i);
        expect(hits).toHaveLength(1);
        expect(hits[0].severity).toBe('medium');
        expect(hits[0].message).toContain('its trust also admits another project');
        expect(text(hits[0].range.file, hits[0].range)).toContain('project:*');
        expect(hits[0].witness?.sub).toMatch(/^organization:acme:project:(?!infra:)/);
      });
    });
  }

  it('follows a project variable set to the workspaces of that project, and the _TAG and TFC_DEFAULT_ forms', async () => {
    const spec: WiringSpec = {
      roles: { apply: { sub: APPLY_SUB } },
      resources: {
        tfe_project: { infra: { name: 'infra', organization: 'acme' } },
        tfe_workspace: { staging: { name: 'staging', organization: 'acme', project_id: '${tfe_project.infra.id}' } },
        tfe_variable_set: { aws: { name: 'aws', organization: 'acme' } },
        tfe_project_variable_set: { aws: { variable_set_id: '${tfe_variable_set.aws.id}', project_id: '${tfe_project.infra.id}' } },
        tfe_variable: {
          auth: { key: 'TFC_AWS_PROVIDER_AUTH_PROD', value: 'true', category: 'env', variable_set_id: '${tfe_variable_set.aws.id}' },
          role: { key: 'TFC_DEFAULT_AWS_APPLY_ROLE_ARN', value: '${aws_iam_role.apply.arn}', category: 'env', variable_set_id: '${tfe_variable_set.aws.id}' },
        },
      },
    };
    const { hits } = await found(spec, 0);
    expect(hits.map((f) => f.message)).toEqual([expect.stringContaining('Workspace "staging" sends its apply runs to role "tfc-apply" (TFC_DEFAULT_AWS_APPLY_ROLE_ARN)')]);
    expect(hits[0].message).toContain('the token has workspace "staging" where the trust admits "prod"');
  });

  describe('a role whose keys name app.terraform.io, wired to a workspace whose tokens come from a TFE host', () => {
    const tfeFiles = () => {
      const files = wiringShapes({ roles: { apply: { sub: APPLY_SUB } }, resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.apply.arn}' }) })[0].files;
      return { ...files, 'main.tf': String(files['main.tf']).replace('https://app.terraform.io', 'https://tfe.acme.com') };
    };
    const settings: [string, LintOptions][] = [['without a hostnames setting', {}], ['with tfe.acme.com in hostnames', { expectations: { hostnames: ['tfe.acme.com'] } }]];
    for (const [name, options] of settings) {
      it(`names both hosts, with the rejected token as witness (${name})`, async () => {
        const r = await lintTree(tfeFiles(), options);
        const hits = r.findings.filter((f) => f.ruleId === RULE);
        expect(hits.map((f) => f.message)).toEqual([expect.stringContaining('its condition keys trust app.terraform.io, but the token comes from tfe.acme.com')]);
        expect(hits[0]!.message).not.toContain('trusts no HCP Terraform issuer');
        expect(hits[0]!.witness).toMatchObject({ kind: 'rejected', iss: 'https://tfe.acme.com', sub: 'organization:acme:project:infra:workspace:prod:run_phase:plan' });
      });
    }
  });

  it('says nothing when the wired ARN is a role outside the input', async () => {
    const spec: WiringSpec = {
      roles: {},
      resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: 'arn:aws:iam::123456789012:role/elsewhere' }),
    };
    expect((await found(spec, 0)).hits).toEqual([]);
  });
});

describe(`${RULE}: a role ARN naming a role nothing creates (issue 9 item 10)`, () => {
  const wired = (arn: string, project = 'infra'): WiringSpec => ({
    roles: { apply: { sub: APPLY_SUB } },
    resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_APPLY_ROLE_ARN: arn }, { project }),
  });
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    it(`${name}: fires at the variable when a role of the scan trusts exactly this workspace, naming that role`, async () => {
      const { hits } = await found(wired('arn:aws:iam::111122223333:role/tfc-aply'), i);
      expect(hits.map((f) => f.messageId)).toEqual(['noSuchRole']);
      expect(hits[0].message).toContain('role "tfc-aply" (TFC_AWS_APPLY_ROLE_ARN), which nothing in the scan creates, while role "tfc-apply" trusts exactly this workspace');
    });
    it(`${name}: stays quiet when no role of the scan trusts the workspace (a role of another repository), and when the ARN names a role of the scan`, async () => {
      expect((await found(wired('arn:aws:iam::111122223333:role/shared-apply', 'platform'), i)).hits.filter((f) => f.messageId === 'noSuchRole')).toEqual([]);
      expect((await found(wired('arn:aws:iam::111122223333:role/tfc-apply'), i)).hits).toEqual([]);
    });
  }
});
