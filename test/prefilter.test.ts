// The pre-filter never loses a finding: every fixture folder, every trust policy shape and the
// corner cases of the call graph give exactly the findings of a scan that parses everything.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import type { LintOptions, LintResult } from '../src/engine/types.js';
import { documentMayMatter, localCallSources, MODULE_MARKERS, moduleFileMayMatter } from '../src/engine/prefilter.js';
import { MODEL_RESOURCE_TYPES } from '../src/model/extract.js';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import { tf, writeTree } from '../src/testing/tf.js';
import { rules } from '../rules/index.js';

/** Findings as data, without the run's own numbers. */
const findingsOf = (r: LintResult) => JSON.parse(JSON.stringify(r.findings)) as unknown[];

/** Lint with and without the pre-filter (every rule, opt-in ones too); both results. */
async function both(paths: string[], options: LintOptions) {
  const on = await lint(paths, { env: {}, rules, jobs: 1, ...options, prefilter: true });
  const off = await lint(paths, { env: {}, rules, jobs: 1, ...options, prefilter: false });
  return { on, off };
}

async function sameOnTree(files: Record<string, string>, options: LintOptions = {}) {
  const tree = writeTree(files);
  try {
    const r = await both(['.'], { ...options, cwd: tree.dir });
    expect(findingsOf(r.on)).toEqual(findingsOf(r.off));
    return r;
  } finally {
    tree.cleanup();
  }
}

function fixtureDirs(dir: string): string[] {
  const subs = readdirSync(dir).map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
  return [dir, ...subs.flatMap(fixtureDirs)];
}

describe('pre-filter equivalence on every fixture folder', () => {
  it.each(fixtureDirs('fixtures'))('%s', async (dir) => {
    const { on, off } = await both([dir], {});
    expect(findingsOf(on)).toEqual(findingsOf(off));
    expect(on.stats.files).toBe(off.stats.files);
  });
});

// Every trust rule's shape test writes one trust policy in all six shapes; these specs cover the
// same conditions (each claim segment exact, wildcarded, a placeholder; sub and aud missing; admin).
const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const SUBS = [
  'organization:acme:project:infra:workspace:prod:run_phase:apply',
  'organization:*:project:infra:workspace:prod:run_phase:apply',
  'organization:acme*:project:infra:workspace:prod:run_phase:apply',
  'organization:acme:project:*:workspace:prod:run_phase:apply',
  'organization:acme:project:infra:workspace:prod-?:run_phase:apply',
  'organization:acme:project:infra:workspace:*:run_phase:apply',
  'organization:acme:project:infra:workspace:prod:run_phase:*',
  'organization:YOUR_ORG_NAME:project:infra:workspace:prod:run_phase:apply',
];
const SPECS: TrustSpec[] = [
  { conditions: { StringEquals: AUD } },
  { conditions: { StringLike: { 'app.terraform.io:sub': SUBS[0] } } },
  ...SUBS.flatMap((s) => ['StringLike', 'StringEquals'].map((op) => ({ conditions: { StringEquals: AUD, [op]: { 'app.terraform.io:sub': s } } }))),
  { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': SUBS[6] } }, managedPolicies: ['AdministratorAccess'] },
];

describe('pre-filter equivalence on every source shape of the trust rules', () => {
  const cases = SPECS.flatMap((spec) => allShapes(spec).map((s) => [`${s.name}: ${JSON.stringify(spec.conditions)}`, s.files] as const));
  it.each(cases)('%s', async (_name, files) => {
    // The trust setup sits among modules that cannot matter, so the filter has work to do.
    const r = await sameOnTree({ ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`trust/${k}`, v])), ...PLAIN });
    expect(r.on.findings.length + r.on.project.roles.length).toBeGreaterThan(0);
    expect(r.on.stats.skippedModules).toBeGreaterThan(0);
  });
});

const PLAIN = {
  'network/main.tf': tf`
    resource "aws_vpc" "main" {
      cidr_block = "10.0.0.0/16"
    }
  `,
  'package.json': '{ "name": "x", "version": "1.0.0" }\n',
};

const ROLE = tf`
  variable "sub" { type = string }
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
          StringLike   = { "app.terraform.io:sub" = var.sub }
        }
      }]
    })
  }
`;
const CALLER = (source: string) => tf`
  module "role" {
    source = "${source}"
    sub    = "organization:*:project:p:workspace:w:run_phase:apply"
  }
`;

describe('pre-filter corner cases keep every finding', () => {
  it('a root without any IAM text that calls the module holding the role', async () => {
    const r = await sameOnTree({ 'live/main.tf': CALLER('../modules/role'), 'modules/role/main.tf': ROLE, ...PLAIN });
    expect(r.on.findings.some((f) => f.ruleId === 'no-wildcard-organization' && f.callChain?.length === 1)).toBe(true);
  });

  it('a chain of calls through modules without IAM text, and a call cycle', async () => {
    const r = await sameOnTree({
      'live/main.tf': CALLER('../wrap'),
      'wrap/main.tf': tf`
        variable "sub" { type = string }
        module "inner" {
          source = "../modules/role"
          sub    = var.sub
        }
        module "loop" {
          source = "../loop"
        }
      `,
      'loop/main.tf': 'module "back" {\n  source = "../wrap"\n}\n',
      'modules/role/main.tf': ROLE,
      ...PLAIN,
    });
    expect(r.on.findings.some((f) => f.ruleId === 'no-wildcard-organization')).toBe(true);
  });

  it('a called module whose IAM file is git-ignored (the evaluator reads it through the call)', async () => {
    const r = await sameOnTree({ '.gitignore': 'modules/role/main.tf\n', 'live/main.tf': CALLER('../modules/role'), 'modules/role/main.tf': ROLE, ...PLAIN });
    expect(r.on.findings.some((f) => f.ruleId === 'no-wildcard-organization')).toBe(true);
  });

  it('a module call with a computed source is kept', async () => {
    const files = { 'live/main.tf': 'locals {\n  d = "role"\n}\nmodule "x" {\n  source = "../modules/${local.d}"\n}\n', ...PLAIN };
    expect(localCallSources('main.tf', files['live/main.tf'])).toBeUndefined();
    const r = await sameOnTree(files);
    expect(r.on.stats.evaluatedModules).toBe(1);
  });

  it('Terraform JSON with an escaped resource type', async () => {
    const role = JSON.stringify({ resource: { 'aws_iam\\u005frole': {} } }).replace('\\\\u005f', '\\u005f');
    expect(moduleFileMayMatter('main.tf.json', role)).toBe(true);
    await sameOnTree({ 'x/main.tf.json': role, ...PLAIN });
  });

  it('broken, deeply nested and unrelated JSON documents', async () => {
    const r = await sameOnTree({ 'a/broken.json': '{ "name": ', 'b/deep.json': '['.repeat(250) + ']'.repeat(250), 'c/package.json': '{"name":"y"}', ...PLAIN });
    expect(new Set(r.on.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.range.file))).toEqual(new Set(['a/broken.json', 'b/deep.json']));
    expect(r.on.stats.skippedDocuments).toBe(2);
  });

  it('unreadable files are reported in skipped modules too', async () => {
    const r = await sameOnTree({ 'bin/main.tf': 'resource "x" "y" {}\n\u0000\u0001', ...PLAIN });
    expect(r.on.findings.map((f) => f.message)).toEqual(['binary file, not read']);
  });

  it('a file that mentions the tool (an inline suppression) is kept', () => {
    expect(moduleFileMayMatter('main.tf', '# tfc-oidc-lint-ignore no-admin-access\nresource "aws_s3_bucket" "b" {}\n')).toBe(true);
  });
});

describe('what the pre-filter decides', () => {
  it('every resource type the model reads carries a marker', () => {
    for (const t of [...MODEL_RESOURCE_TYPES, 'aws_iam_policy_document', 'aws_iam_policy', 'tfe_workspace', 'tfe_variable_set', 'aws_iam_access_key', 'aws_iam_user']) {
      expect(MODULE_MARKERS.some((m) => t.includes(m)), t).toBe(true);
    }
  });

  it('ordinary Terraform, a remote module and valid unrelated JSON do not matter', () => {
    expect(moduleFileMayMatter('main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\nmodule "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n')).toBe(false);
    expect(localCallSources('main.tf', 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\n')).toEqual([]);
    expect(localCallSources('main.tf', 'module "a" {\n  source = "./a"\n}\nmodule "b" {\n  source = "../b"\n}\n')).toEqual(['./a', '../b']);
    expect(localCallSources('main.tf.json', '{"module":{"a":{"source":"./a"}}}')).toEqual(['./a']);
    expect(documentMayMatter('{"name":"x","dependencies":{}}')).toBe(false);
    expect(documentMayMatter('{"Version":"2012-10-17","Statement":[]}')).toBe(true);
    expect(documentMayMatter('{"name": ')).toBe(true);
  });

  it('the one difference, by design: a syntax error in a file that cannot matter is not parsed, so not reported', async () => {
    const tree = writeTree({ 'net/main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = \n', ...PLAIN });
    try {
      const { on, off } = await both(['.'], { cwd: tree.dir });
      expect(off.findings.map((f) => f.ruleId)).toContain('parse-error');
      expect(on.findings).toEqual([]);
    } finally {
      tree.cleanup();
    }
  });
});
