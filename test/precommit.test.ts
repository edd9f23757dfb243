// The pre-commit hook as pre-commit runs it: the entry of .pre-commit-hooks.yaml (the built bin)
// with the staged file names that match its `files` pattern, in a real temporary git repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tf, writeTree } from '../src/testing/tf.js';

interface Hook { id: string; entry: string; language: string; files: string; args?: string[]; require_serial?: boolean }

const [hook] = parse(readFileSync(new URL('../.pre-commit-hooks.yaml', import.meta.url), 'utf8')) as Hook[];
const bin = new URL('../bin/tfc-oidc-lint.js', import.meta.url).pathname;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });
}

/** What pre-commit does: staged names filtered by `files`, appended to entry + args. */
function runHook(cwd: string) {
  const staged = git(cwd, 'diff', '--cached', '--name-only', '--diff-filter=ACMR').split('\n').filter(Boolean);
  const files = staged.filter((f) => new RegExp(hook.files).test(f));
  expect(hook.entry).toBe('tfc-oidc-lint');
  const r = spawnSync(process.execPath, [bin, ...(hook.args ?? []), '--format', 'json', ...files], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { files, status: r.status, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const variables = tf`
  variable "org" {
    type    = string
    default = "*"
  }
`;
const main = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "r" {
    name = "r"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "organization:${'${var.org}'}:project:infra:workspace:prod:run_phase:apply" }
        }
      }]
    })
  }
`;
// Another open role in an unstaged file of the same module: not this commit's business.
const other = main.replace('"aws_iam_role" "r"', '"aws_iam_role" "other"').replace(/resource "aws_iam_openid_connect_provider"[\s\S]*?\n}\n/, '').replace('${var.org}', '*');

describe('.pre-commit-hooks.yaml', () => {
  it('declares a node hook named tfc-oidc-lint that sees .tf and .json files in one process', () => {
    expect(hook).toMatchObject({ id: 'tfc-oidc-lint', language: 'node', require_serial: true });
    expect(['main.tf', 'a/b.tf.json', 'plan.json'].every((f) => new RegExp(hook.files).test(f))).toBe(true);
    expect(new RegExp(hook.files).test('README.md')).toBe(false);
  });

  it('on a staged main.tf resolves the variable from the unstaged variables.tf and reports only what main.tf causes', () => {
    const t = writeTree({ 'infra/main.tf': main, 'infra/variables.tf': variables, 'infra/other.tf': other, 'README.md': '# x\n' });
    try {
      git(t.dir, 'init', '-q');
      git(t.dir, 'add', 'infra/main.tf', 'README.md');
      const r = runHook(t.dir);
      expect(r.files).toEqual(['infra/main.tf']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      const findings = r.report.findings as { ruleId: string; file: string; resource?: string; origins?: { kind: string; file: string }[] }[];
      expect(findings.map((f) => [f.ruleId, f.file, f.resource])).toEqual([['no-wildcard-organization', 'infra/main.tf', 'aws_iam_role.r']]);
      expect(findings[0].origins?.[0]).toMatchObject({ kind: 'variable-default', file: 'infra/variables.tf' });
    } finally {
      t.cleanup();
    }
  });

  it('on a staged variables.tf reports the finding its value causes in main.tf', () => {
    const t = writeTree({ 'infra/main.tf': main, 'infra/variables.tf': variables });
    try {
      git(t.dir, 'init', '-q');
      git(t.dir, 'add', 'infra/variables.tf');
      const r = runHook(t.dir);
      expect(r.report.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toEqual(['no-wildcard-organization infra/main.tf']);
    } finally {
      t.cleanup();
    }
  });

  it('passes (exit 0) when the staged files cause nothing', () => {
    const t = writeTree({ 'infra/main.tf': main.replace('${var.org}', 'acme').replace(/StringEquals = \{ (.*) \}\n\s*StringLike {3}= \{ (.*) \}/, 'StringEquals = { $1, $2 }'), 'infra/other.tf': other });
    try {
      git(t.dir, 'init', '-q');
      git(t.dir, 'add', 'infra/main.tf');
      const r = runHook(t.dir);
      // other.tf's open role is in the module that was linted, but not in what was staged.
      expect(r.report.findings.filter((f: { file: string }) => f.file !== 'infra/main.tf')).toEqual([]);
      expect(r.report.findings.filter((f: { severity: string }) => ['critical', 'high'].includes(f.severity))).toEqual([]);
      expect(r.status).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});
