// The trust engine on the seed example through the real parser, evaluator and model: the sub
// value's exact range in the heredoc, the plan witness and the placeholder origins.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../model/extract.js';
import { initHcl } from '../parse/hcl.js';
import { SourceFile } from '../core/source.js';
import { evaluateModule } from '../terraform/index.js';
import type { Project } from '../model/types.js';
import { analyzeProject } from './analyze.js';
import { runRules } from '../engine/run.js';
import noPlaceholderScope from '../../rules/no-placeholder-scope.js';
import noWildcardOrganization from '../../rules/no-wildcard-organization.js';
import noWildcardProject from '../../rules/no-wildcard-project.js';
import noWildcardRunPhase from '../../rules/no-wildcard-run-phase.js';
import noWildcardWorkspace from '../../rules/no-wildcard-workspace.js';
import requireAudCondition from '../../rules/require-aud-condition.js';
import requireSubCondition from '../../rules/require-sub-condition.js';

const path = resolve('fixtures/seed/main.tf');
let project: Project;

beforeAll(async () => {
  await initHcl();
  const text = readFileSync(path, 'utf8');
  const file = new SourceFile('fixtures/seed/main.tf', path, text);
  const ev = await evaluateModule(
    { dir: resolve('fixtures/seed'), files: [file] },
    { rootDir: resolve('fixtures/seed'), env: {}, displayPath: (a) => a },
  );
  project = buildProject(ev.resources, { diagnostics: ev.diagnostics, files: new Map([[file.path, file]]) });
});

describe('seed example', () => {
  it('links the role to the HCP Terraform provider and finds plan and apply tokens of the placeholder workspace', () => {
    const [rt] = analyzeProject(project);
    const [trust] = rt.issuers;
    expect(trust.profile.id).toBe('hcp-terraform');
    expect(trust.provider?.address).toBe('aws_iam_openid_connect_provider.terraform_cloud');
    const [plan] = trust.search!.planAndApply[0];
    expect(plan.sub).toBe('organization:YOUR_ORG_NAME:project:YOUR_PROJECT_NAME:workspace:YOUR_WORKSPACE_NAME:run_phase:plan');
    expect(plan.value?.range?.start.line).toBe(71);
    expect(trust.search!.scopes.map((s) => s.dimension)).toEqual(['runPhase']);
    expect(trust.unrestricted).toEqual([]);
    expect(trust.audience).toEqual([]);
  });

  it('names the placeholder organization with its variable default as origin', () => {
    const org = analyzeProject(project)[0].issuers[0].scopedNames.find((n) => n.dimension === 'organization')!;
    expect(org.name).toBe('YOUR_ORG_NAME');
    expect(org.origins[0]).toMatchObject({ name: 'var.tfc_organization_name', range: { start: { line: 18 } } });
  });

  it('gives the trust findings the experience sketch shows, and no others', () => {
    const rules = [
      requireSubCondition,
      noWildcardOrganization,
      noWildcardProject,
      noWildcardWorkspace,
      noWildcardRunPhase,
      requireAudCondition,
      noPlaceholderScope,
    ];
    const findings = runRules(project, rules);
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line}:${f.range.start.column}`)).toEqual([
      'no-placeholder-scope high 71:37',
      'no-placeholder-scope high 71:37',
      'no-placeholder-scope high 71:37',
      'no-wildcard-run-phase high 71:37',
    ]);
    expect(findings[3].message).toContain(
      'has AdministratorAccess: any speculative plan, including one from a pull request, runs with admin credentials',
    );
    expect(findings[0].message).toContain('YOUR_ORG_NAME');
    expect(findings[0].origins?.[0]).toMatchObject({ name: 'var.tfc_organization_name', range: { start: { line: 18 } } });
  });
});
