// --fix-code on real files: each source shape fixed on a temporary copy and linted again, the
// diff checked as text, refusals that leave every file as it was, and the seed's demo.
import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { severityRank } from '../src/core/finding.js';
import { lint } from '../src/engine/lint.js';
import { fixCode } from '../src/fix/code.js';
import { cli } from '../src/testing/cli.js';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import { writeTree } from '../src/testing/tf.js';

const ROOT = new URL('..', import.meta.url).pathname;
const PINS = ['--organization', 'acme', '--project', 'infra', '--workspace', 'prod', '--run-phase', 'apply'];
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of a fixture folder in a fresh temporary directory. */
function copyOf(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-oidc-lint-i15-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'fixtures', fixture), dir, { recursive: true });
  return dir;
}

function tree(files: Record<string, string>): string {
  const t = writeTree(files);
  dirs.push(t.dir);
  return t.dir;
}

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(dir, f)).isFile())
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
const atLeast = (sev: 'medium' | 'high') => (f: { severity: Parameters<typeof severityRank>[0] }) =>
  severityRank(f.severity) >= severityRank(sev);

describe('the seed', () => {
  it('without --yes: the unified diff on stdout, exit 1, and no file touched', async () => {
    const dir = copyOf('seed');
    const before = snapshot(dir);
    const r = await cli(['--fix-code', '.', ...PINS, '--detach-admin'], dir);
    expect(r.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
    expect(r.stdout).toBe(`--- a/main.tf
+++ b/main.tf
@@ -15,19 +15,19 @@
 
 variable "tfc_organization_name" {
   type        = string
-  default     = "YOUR_ORG_NAME"
+  default     = "acme"
   description = "The name of the Terraform Cloud organization to use with AWS"
 }
 
 variable "tfc_project_name" {
   type        = string
-  default     = "YOUR_PROJECT_NAME"
+  default     = "infra"
   description = "The name of the Terraform Cloud project under which a workspace will be used"
 }
 
 variable "tfc_workspace_name" {
   type        = string
-  default     = "YOUR_WORKSPACE_NAME"
+  default     = "prod"
   description = "The name of the Terraform Cloud workspace to connect to AWS"
 }
 
@@ -65,10 +65,8 @@
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
-         "\${var.tfc_hostname}:aud": "\${one(aws_iam_openid_connect_provider.terraform_cloud.client_id_list)}"
-       },
-       "StringLike": {
-         "\${var.tfc_hostname}:sub": "organization:\${var.tfc_organization_name}:project:\${var.tfc_project_name}:workspace:\${var.tfc_workspace_name}:run_phase:*"
+         "\${var.tfc_hostname}:aud": "\${one(aws_iam_openid_connect_provider.terraform_cloud.client_id_list)}",
+         "\${var.tfc_hostname}:sub": "organization:\${var.tfc_organization_name}:project:\${var.tfc_project_name}:workspace:\${var.tfc_workspace_name}:run_phase:apply"
        }
      }
    }
@@ -83,8 +81,3 @@
 data "aws_iam_policy" "admin" {
   name = "AdministratorAccess"
 }
-
-resource "aws_iam_role_policy_attachment" "terraform_cloud_sts_assumption_role_admin_policy" {
-  role       = aws_iam_role.terraform_cloud_sts_assumption_role.name
-  policy_arn = data.aws_iam_policy.admin.arn
-}
`);
    expect(r.stderr).toContain('1 file would change. After the edits: no findings.\nRun again with --yes to write the edits.\n');
  });

  it('with --yes: no finding at or above high is left, and the variables are still variables', async () => {
    const dir = copyOf('seed');
    const r = await cli(['--fix-code', '.', ...PINS, '--detach-admin', '--yes'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('fixed: main.tf');
    const after = await lint(['.'], { cwd: dir, env: {} });
    expect(after.findings.filter(atLeast('high')).map((f) => f.ruleId)).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    const text = readFileSync(join(dir, 'main.tf'), 'utf8');
    expect(text).toMatch(/variable "tfc_organization_name" \{\n  type        = string\n  default     = "acme"/);
    expect(text).toContain(
      'organization:${var.tfc_organization_name}:project:${var.tfc_project_name}:workspace:${var.tfc_workspace_name}:run_phase:apply',
    );
    expect(text).toContain('# IAM OIDC identity providers');
    // Running it again finds nothing left to edit.
    const again = await cli(['--fix-code', '.', ...PINS, '--detach-admin'], dir);
    expect([again.code, again.stdout]).toEqual([0, '']);
  });

  it('without the flags: nothing to edit, and each open value is listed with the flag that decides it', async () => {
    const dir = copyOf('seed');
    const r = await cli(['--fix-code', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('  --organization: no-placeholder-scope at main.tf:71:37 (the code has "YOUR_ORG_NAME", a placeholder)');
    expect(r.stderr).toContain('  --run-phase: no-wildcard-run-phase at main.tf:71:37 (the code has "*", a wildcard)');
    expect(r.stderr).toContain('  --detach-admin: no-admin-access at main.tf:87:1');
  });
});

it('--fix-code is a command of its own: with --fix it is a usage error', async () => {
  const r = await cli(['--fix-code', '--fix', 'fixtures/seed'], ROOT);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--fix, --fix-code, --aws and --rollback are separate commands: give one of them');
});

describe('refused before anything is written', () => {
  it.each([
    [
      'another organization',
      ['--organization', 'evil', '--workspace', 'prod-web'],
      'organization:evil:project:infra:workspace:prod-web:run_phase:apply',
    ],
    [
      'a workspace that "prod-*" does not match',
      ['--organization', 'acme', '--workspace', 'prod'],
      'organization:acme:project:infra:workspace:prod:run_phase:apply',
    ],
  ])('a flag that would let in a token the trust rejects today: %s', async (_n, flags, sub) => {
    const dir = copyOf('module-chain');
    const before = snapshot(dir);
    const r = await cli(['--fix-code', '.', ...flags, '--project', 'infra', '--run-phase', 'apply', '--yes'], dir);
    expect(r.code).toBe(2);
    // The role's name follows the workspace in this module, so it reads as the edit would have it.
    expect(r.stderr).toMatch(
      new RegExp(
        `--fix-code refused the edits; nothing was written:\\n  role "tfc-prod(-web)?-apply" would admit sub "${sub.replace(/[*]/g, '\\*')}" \\(aud "aws.workload.identity"\\), which it does not today`,
      ),
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('an edit that would break parsing', async () => {
    const dir = copyOf('module-chain');
    const before = snapshot(dir);
    const r = await cli(
      ['--fix-code', '.', '--organization', 'acme', '--project', 'infra', '--workspace', 'prod-w"eb', '--run-phase', 'apply', '--yes'],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the edits would break parsing/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('every source shape, fixed and linted again', () => {
  const loose: TrustSpec = {
    conditions: {
      StringLike: { 'app.terraform.io:sub': 'organization:acme:project:*:workspace:*:run_phase:*' },
      StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
    },
    managedPolicies: ['AdministratorAccess'],
  };
  it.each(
    allShapes(loose)
      .filter((s) => s.name !== 'plan JSON')
      .map((s) => [s.name, s] as const),
  )('%s', async (_n, shape) => {
    const dir = tree(shape.files);
    const r = await fixCode({
      paths: ['.'],
      lint: { cwd: dir, env: {} },
      values: { organization: 'acme', project: 'infra', workspace: 'prod', runPhase: 'apply', detachAdmin: true },
    });
    expect(r.refused).toEqual([]);
    expect(r.changes.length).toBeGreaterThan(0);
    for (const c of r.changes) writeFileSync(c.absPath, c.after);
    const after = await lint(['.'], { cwd: dir, env: {} });
    expect(after.findings.filter(atLeast('medium')).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    const text = Object.values(snapshot(dir)).join('\n');
    expect(text).toContain('organization:acme:project:infra:workspace:prod:run_phase:apply');
    // In Terraform JSON the policy is an encoded string: moving an entry between its blocks is left to the user.
    if (shape.name !== 'Terraform JSON') expect(text).not.toContain('StringLike');
    // An IAM JSON document has no attachment to remove; every Terraform shape loses its admin attachment.
    if (shape.name !== 'raw IAM JSON document') expect(text).not.toContain('AdministratorAccess');
  });

  it("plan JSON is Terraform's output: no edits, and the fix says where the change belongs", async () => {
    const shape = allShapes(loose).find((s) => s.name === 'plan JSON')!;
    const dir = tree(shape.files);
    const r = await fixCode({
      paths: ['.'],
      lint: { cwd: dir, env: {} },
      values: { organization: 'acme', project: 'infra', workspace: 'prod', runPhase: 'apply' },
    });
    expect(r.changes).toEqual([]);
    expect(r.unedited.map((u) => u.why)).toContain("a plan JSON is Terraform's output: fix the configuration it was planned from");
  });

  it('an aud the provider does not list becomes its client ID (set-aud), and the role can be assumed again', async () => {
    const shape = allShapes({
      conditions: {
        StringEquals: {
          'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply',
          'app.terraform.io:aud': 'sts.amazonaws.com',
        },
      },
    }).find((s) => s.name === 'jsonencode')!;
    const dir = tree(shape.files);
    const before = await lint(['.'], { cwd: dir, env: {} });
    expect(before.findings.find((f) => f.ruleId === 'require-aud-condition')?.fixData?.target).toMatchObject({
      kind: 'set-aud',
      audience: 'aws.workload.identity',
      current: 'sts.amazonaws.com',
    });
    const r = await cli(['--fix-code', '.', '--yes'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'main.tf'), 'utf8')).toContain('"app.terraform.io:aud" = "aws.workload.identity"');
    const after = await lint(['.'], { cwd: dir, env: {} });
    expect(after.findings.filter((f) => f.ruleId === 'require-aud-condition')).toEqual([]);
  });

  it('--detach-admin removes the element of managed_policy_arns, with its comma, and keeps the others', async () => {
    const dir = tree({
      'main.tf': `resource "aws_iam_openid_connect_provider" "tfc" {
  url             = "https://app.terraform.io"
  client_id_list  = ["aws.workload.identity"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}

resource "aws_iam_role" "tfc" {
  name = "tfc-role"
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AdministratorAccess", # too much
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
  ]
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "app.terraform.io:aud" = "aws.workload.identity"
          "app.terraform.io:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply"
        }
      }
    }]
  })
}
`,
    });
    const r = await cli(['--fix-code', '.', '--detach-admin'], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe(`--- a/main.tf
+++ b/main.tf
@@ -7,7 +7,6 @@
 resource "aws_iam_role" "tfc" {
   name = "tfc-role"
   managed_policy_arns = [
-    "arn:aws:iam::aws:policy/AdministratorAccess", # too much
     "arn:aws:iam::aws:policy/ReadOnlyAccess",
   ]
   assume_role_policy = jsonencode({
`);
  });

  it('paths outside the working directory and --var-file: edits land in the scanned files, not in the copy', async () => {
    const root = tree({
      'infra/main.tf': readFileSync(join(ROOT, 'fixtures/tfvars-for-each/main.tf'), 'utf8'),
      'vars/prod.tfvars': 'organization = "*"\n',
      'cwd/.keep': '',
    });
    const r = await cli(
      ['--fix-code', join(root, 'infra'), '--var-file', '../vars/prod.tfvars', '--organization', 'acme', '--yes'],
      join(root, 'cwd'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`fixed: ${join(root, 'vars/prod.tfvars')}`);
    expect(readFileSync(join(root, 'vars/prod.tfvars'), 'utf8')).toBe('organization = "acme"\n');
  });

  it("--yes keeps a file's mode, and a symbolic link keeps pointing at the file it names", async () => {
    const dir = copyOf('tfvars-for-each');
    renameSync(join(dir, 'terraform.tfvars'), join(dir, 'shared.tfvars'));
    symlinkSync('shared.tfvars', join(dir, 'terraform.tfvars'));
    chmodSync(join(dir, 'shared.tfvars'), 0o640);
    const r = await cli(['--fix-code', '.', '--organization', 'acme', '--yes'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(dir, 'terraform.tfvars')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'shared.tfvars'), 'utf8')).toBe('organization = "acme"\n');
    expect(statSync(join(dir, 'shared.tfvars')).mode & 0o777).toBe(0o640);
  });

  it('a tfvars line, for a value that comes from there', async () => {
    const dir = copyOf('tfvars-for-each');
    const r = await cli(['--fix-code', '.', '--organization', 'acme', '--yes'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'terraform.tfvars'), 'utf8')).toBe('organization = "acme"\n');
    const after = await lint(['.'], { cwd: dir, env: {} });
    expect(after.findings.filter((f) => f.ruleId === 'no-wildcard-organization')).toEqual([]);
  });

  it("a module input, at the module call's argument", async () => {
    const dir = copyOf('module-chain');
    // "prod-*" admits prod-web: pinning it is narrowing (plain "prod" would widen, and is refused above).
    const r = await cli(
      ['--fix-code', '.', '--organization', 'acme', '--project', 'infra', '--workspace', 'prod-web', '--run-phase', 'apply', '--yes'],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'main.tf'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'fixtures/module-chain/main.tf'), 'utf8').replace('"prod-*"', '"prod-web"'),
    );
    const after = await lint(['.'], { cwd: dir, env: {} });
    expect(after.findings.filter((f) => f.ruleId === 'no-wildcard-workspace')).toEqual([]);
  });
});
