// Fixes are data: fixable findings carry a target, the values it still needs with the flag that
// decides each, and — once decided — edits on exact ranges where the value is written. The
// account fix (--fix) pins the same sub as the findings' targets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FixData, PinSubTarget } from '../src/core/fix.js';
import { lint } from '../src/engine/lint.js';
import type { Finding } from '../src/core/finding.js';
import type { LintResult } from '../src/engine/types.js';
import { fixTargets } from '../src/fix/desired.js';
import { applyEdits, byFile, chooseEdits } from '../src/fix/source-fixer.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { allShapes } from '../src/testing/shapes.js';

const ROOT = new URL('..', import.meta.url).pathname;
const FLAGS = { organization: 'acme', project: 'infra', workspace: 'prod', runPhase: 'apply' as const, detachAdmin: true };

const fixOf = (r: LintResult, rule: string): FixData => {
  const f = r.findings.find((x) => x.ruleId === rule && x.fixData);
  expect(f, `${rule} has a fix`).toBeDefined();
  return f!.fixData!;
};

/** The files' texts with every finding's edits applied (one pass). */
function fixed(r: { findings: Finding[]; files: LintResult['files'] }): Map<string, string> {
  const { accepted } = chooseEdits(r.findings.flatMap((f) => f.fixData?.edits ?? []));
  return new Map([...byFile(accepted)].map(([file, edits]) => [file, applyEdits(r.files.get(file)!.text, edits)]));
}

describe('the seed', () => {
  it('without flags: the pin target says which values the code leaves open and which flag decides each', async () => {
    const r = await lint(['fixtures/seed'], { cwd: ROOT, env: {} });
    const pin = fixOf(r, 'no-wildcard-run-phase');
    expect(pin.target).toMatchObject({
      kind: 'pin-sub',
      key: 'app.terraform.io:sub',
      current: 'organization:YOUR_ORG_NAME:project:YOUR_PROJECT_NAME:workspace:YOUR_WORKSPACE_NAME:run_phase:*',
    });
    expect(pin.undecided).toEqual([
      { field: 'organization', flag: '--organization', why: 'has "YOUR_ORG_NAME", a placeholder' },
      { field: 'project', flag: '--project', why: 'has "YOUR_PROJECT_NAME", a placeholder' },
      { field: 'workspace', flag: '--workspace', why: 'has "YOUR_WORKSPACE_NAME", a placeholder' },
      { field: 'runPhase', flag: '--run-phase', why: 'has "*", a wildcard' },
    ]);
    expect(pin.edits).toBeUndefined();
    // The three placeholder findings share the one target: fixing one value fixes all three.
    const placeholders = r.findings.filter((f) => f.ruleId === 'no-placeholder-scope');
    expect(placeholders).toHaveLength(3);
    for (const f of placeholders) expect(f.fixData?.target).toEqual(pin.target);
    const detach = fixOf(r, 'no-admin-access');
    expect(detach.target).toMatchObject({
      kind: 'detach-policy',
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      via: 'aws_iam_role_policy_attachment',
      attachment: 'aws_iam_role_policy_attachment.terraform_cloud_sts_assumption_role_admin_policy',
    });
    expect(detach.undecided?.map((u) => u.flag)).toEqual(['--detach-admin']);
  });

  it('with the flags: edits at the variable defaults and at the run phase in the heredoc, and the attachment block removed', async () => {
    const r = await lint(['fixtures/seed'], { cwd: ROOT, env: {}, fixValues: FLAGS });
    const pin = fixOf(r, 'no-wildcard-run-phase');
    expect(pin.undecided).toBeUndefined();
    expect((pin.target as PinSubTarget).runPhase).toBe('apply');
    const text = r.files.get('fixtures/seed/main.tf')!.text;
    expect(pin.edits!.map((e) => [e.range.start.line, text.slice(e.range.start.offset, e.range.end.offset), e.text])).toEqual([
      [18, 'YOUR_ORG_NAME', 'acme'],
      [24, 'YOUR_PROJECT_NAME', 'infra'],
      [30, 'YOUR_WORKSPACE_NAME', 'prod'],
      [71, '*', 'apply'],
    ]);
    const out = fixed(r).get('fixtures/seed/main.tf')!;
    expect(out).toContain('default     = "acme"');
    expect(out).toContain(
      '"${var.tfc_hostname}:sub": "organization:${var.tfc_organization_name}:project:${var.tfc_project_name}:workspace:${var.tfc_workspace_name}:run_phase:apply"',
    );
    expect(out).not.toContain('resource "aws_iam_role_policy_attachment"');
    // Everything else is as it was: the comments, the data source, the role.
    expect(out).toContain('# IAM policies\n\ndata "aws_iam_policy" "admin" {\n  name = "AdministratorAccess"\n}\n');
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n').length).toBe(text.split('\n').length - 5);
  });

  it("--fix pins the sub that the findings' target resolves to", async () => {
    const r = await lint(['fixtures/seed'], { cwd: ROOT, env: {} });
    const { targets, problems } = fixTargets(r.project, FLAGS);
    expect(problems).toEqual([]);
    expect(targets.map((t) => t.subs)).toEqual([['organization:acme:project:infra:workspace:prod:run_phase:apply']]);
    const withFlags = await lint(['fixtures/seed'], { cwd: ROOT, env: {}, fixValues: FLAGS });
    const t = fixOf(withFlags, 'no-wildcard-run-phase').target as PinSubTarget;
    expect(`organization:${t.organization}:project:${t.project}:workspace:${t.workspace}:run_phase:${t.runPhase}`).toBe(targets[0].subs[0]);
  });
});

describe('edits go where the value is written', () => {
  it('a tfvars line, for a value that comes from there', async () => {
    const r = await lint(['fixtures/tfvars-for-each'], { cwd: ROOT, env: {}, fixValues: FLAGS });
    const edits = r.findings.filter((f) => f.ruleId === 'no-wildcard-organization').flatMap((f) => f.fixData?.edits ?? []);
    expect(edits.map((e) => [e.file, e.range.start.line, e.text])).toContainEqual(['fixtures/tfvars-for-each/terraform.tfvars', 1, 'acme']);
    expect(fixed(r).get('fixtures/tfvars-for-each/terraform.tfvars')).toBe(
      readFileSync(`${ROOT}fixtures/tfvars-for-each/terraform.tfvars`, 'utf8').replace('"*"', '"acme"'),
    );
  });

  it('a module argument, for a value passed into a module', async () => {
    const r = await lint(['fixtures/module-chain'], { cwd: ROOT, env: {}, fixValues: FLAGS });
    const edits = fixOf(r, 'no-wildcard-workspace').edits!;
    expect(
      edits.map((e) => [e.file, e.range.start.line, r.files.get(e.file)!.text.slice(e.range.start.offset, e.range.end.offset), e.text]),
    ).toEqual([['fixtures/module-chain/main.tf', 8, 'prod-*', 'prod']]);
  });

  it('not at all for a part that is an expression, and the fix says why', async () => {
    // The staging role's workspace comes from each.key: no literal to change.
    const r = await lint(['fixtures/tfvars-for-each'], { cwd: ROOT, env: {}, fixValues: FLAGS });
    const staging = r.findings.find((f) => f.ruleId === 'no-wildcard-organization' && f.fixData?.noEdits);
    expect(staging?.fixData?.noEdits).toMatch(
      /"staging" in "organization:\*:project:infra:workspace:staging:run_phase:\*" is not written as a literal/,
    );
    expect(staging?.fixData?.edits).toBeUndefined();
  });

  const exact = {
    conditions: {
      StringLike: {
        'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply',
        'app.terraform.io:aud': 'aws.workload.identity',
      },
    },
  };
  it.each(
    allShapes(exact)
      .filter((s) => s.name !== 'plan JSON')
      .map((s) => [s.name, s] as const),
  )('StringLike → StringEquals in %s, at the operator as written', async (_n, shape) => {
    const r = await lintTree(shape.files);
    const fix = fixOf(r, 'prefer-string-equals');
    expect(fix.target.kind).toBe('string-equals');
    expect(fix.edits).toHaveLength(1);
    const e = fix.edits![0];
    expect([r.text(e.file, e.range), e.text]).toEqual(['StringLike', 'StringEquals']);
  });
});

describe('StringLike → StringEquals when the statement already has a StringEquals block', () => {
  const both = {
    conditions: {
      StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
      StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' },
    },
  };
  const fixedText = async (name: string) => {
    const shape = allShapes(both).find((s) => s.name === name)!;
    const r = await lintTree(shape.files);
    const fix = fixOf(r, 'prefer-string-equals');
    const file = Object.keys(shape.files)[0];
    return { fix, before: r.files.get(file)!.text, after: applyEdits(r.files.get(file)!.text, fix.edits ?? []) };
  };

  it('heredoc JSON: the entry moves into the StringEquals object and the StringLike member goes with its comma', async () => {
    const { before, after } = await fixedText('heredoc JSON');
    expect(before).toContain(`
        "StringEquals": {
          "app.terraform.io:aud": "aws.workload.identity"
        },
        "StringLike": {`);
    expect(after).toContain(`
      "Condition": {
        "StringEquals": {
          "app.terraform.io:aud": "aws.workload.identity",
          "app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"
        }
      }
    }
  ]
}
EOF`);
    expect(() => JSON.parse(/<<EOF\n([\s\S]*)\nEOF/.exec(after)![1].replace(/\$\{[^}]*\}/g, 'x'))).not.toThrow();
  });

  it('jsonencode: the entry moves into the StringEquals object and the StringLike lines go', async () => {
    const { after } = await fixedText('jsonencode');
    expect(after).toContain(`
      "Condition" = {
        "StringEquals" = {
          "app.terraform.io:aud" = "aws.workload.identity"
          "app.terraform.io:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply"
        }
      }
    }]`);
    expect(after).not.toContain('StringLike');
  });

  it("a policy document: the condition block's test is renamed (each block stands alone)", async () => {
    const { fix } = await fixedText('aws_iam_policy_document');
    expect(fix.edits?.map((e) => e.text)).toEqual(['StringEquals']);
  });

  it('Terraform JSON: the entry is inside an encoded string, so the fix says to move it by hand', async () => {
    const { fix } = await fixedText('Terraform JSON');
    expect(fix.edits).toBeUndefined();
    expect(fix.noEdits).toMatch(/inside an encoded string/);
  });
});
