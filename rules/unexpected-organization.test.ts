import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { allShapes } from '../src/testing/shapes.js';
import type { Expectations } from '../src/core/config.js';

const RULE = 'unexpected-organization';
const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const spec = (sub: string | string[]) => ({ conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': sub } } });

async function run(files: Record<string, string>, expectations: Expectations) {
  const r = await lintTree(files, { expectations });
  return { r, f: r.findings.filter((x) => x.ruleId === RULE) };
}

describe(RULE, () => {
  const two = ['organization:acme:project:infra:workspace:prod:run_phase:apply', 'organization:acme-legacy:project:infra:workspace:prod:run_phase:apply'];
  for (const shape of allShapes(spec(two))) {
    it(`fires on an organization outside the team's list, at that value, with its token (${shape.name})`, async () => {
      const { r, f } = await run(shape.files, { organizations: ['acme'] });
      expect(f.map((x) => x.message)).toEqual([expect.stringContaining('admits runs of organization "acme-legacy", which is not one the team trusts (acme)')]);
      expect(r.text(f[0].range.file, f[0].range)).toContain('acme-legacy');
      expect(f[0].witness?.sub).toBe(two[1]);
    });
  }
  for (const shape of allShapes(spec(two[0]))) {
    it(`stays quiet when every admitted organization is listed (${shape.name})`, async () => {
      expect((await run(shape.files, { organizations: ['acme'] })).f).toEqual([]);
    });
  }

  it('reports a wildcard organization with an outsider token, projects outside the list, and says nothing without expectations', async () => {
    const [heredoc] = allShapes(spec('organization:*:project:infra:workspace:prod:run_phase:apply'));
    const wild = await run(heredoc.files, { organizations: ['acme'] });
    expect(wild.f).toHaveLength(1);
    expect(wild.f[0].witness?.sub).toMatch(/^organization:(?!acme:)/);
    const [proj] = allShapes(spec('organization:acme:project:*:workspace:prod:run_phase:apply'));
    expect((await run(proj.files, { organizations: ['acme'], projects: ['infra'] })).f.map((x) => x.messageId)).toEqual(['project']);
    expect((await run(heredoc.files, {})).f).toEqual([]);
  });

  it('reports a trusted issuer host outside the hostnames list', async () => {
    const [heredoc] = allShapes({ ...spec('organization:acme:project:infra:workspace:prod:run_phase:apply') });
    const { f } = await run(heredoc.files, { hostnames: ['tfe.example.com'] });
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('trusts tokens from app.terraform.io, which is not a hostname the team trusts (tfe.example.com)')]);
  });
});
