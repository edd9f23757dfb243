// The pre-filter never loses a finding: every fixture folder, every trust policy shape, every
// bench shape and the corner cases of the call graph and of names give exactly the findings of a scan that parses everything.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAccountDump } from '../scripts/account-dump.js';
import { generateBigTf } from '../scripts/big-tf.js';
import { generateMonorepo } from '../scripts/monorepo.js';
import { generateRealistic } from '../scripts/realistic.js';
import { lint } from '../src/engine/lint.js';
import type { LintOptions, LintResult } from '../src/engine/types.js';
import fc from 'fast-check';
import { heredocEnd } from '../src/parse/hcl-blocks.js';
import { documentMayMatter, localCallSources, looksWellFormed, MODULE_MARKERS, moduleFileMayMatter } from '../src/engine/prefilter.js';
import { MODEL_RESOURCE_TYPES } from '../src/model/extract.js';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import { tf, writeTree } from '../src/testing/tf.js';
import { rules } from '../rules/index.js';
import { placeName } from '../src/core/source.js';

/** Findings as data, without the run's own numbers. */
const findingsOf = (r: LintResult) => JSON.parse(JSON.stringify(r.findings)) as unknown[];
/** How many modules a scan evaluated; the scans here always count them. */
function evaluated(r: LintResult): number {
  const n = r.stats.evaluatedModules;
  expect(n).toBeTypeOf('number');
  return n ?? NaN;
}

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
  const subs = readdirSync(dir)
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isDirectory());
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
  ...SUBS.flatMap((s) =>
    ['StringLike', 'StringEquals'].map((op) => ({ conditions: { StringEquals: AUD, [op]: { 'app.terraform.io:sub': s } } })),
  ),
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
const SERVICE_ROLE = (name: string) => tf`
  resource "aws_iam_role" "${name}" {
    name = "${name}"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
    })
  }
  resource "aws_iam_role_policy" "${name}" {
    role   = aws_iam_role.${name}.id
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
  resource "aws_iam_role_policy_attachment" "${name}" {
    role       = aws_iam_role.${name}.name
    policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
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
    const r = await sameOnTree({
      '.gitignore': 'modules/role/main.tf\n',
      'live/main.tf': CALLER('../modules/role'),
      'modules/role/main.tf': ROLE,
      ...PLAIN,
    });
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
    const r = await sameOnTree({
      'a/broken.json': '{ "name": ',
      'b/deep.json': '['.repeat(250) + ']'.repeat(250),
      'c/package.json': '{"name":"y"}',
      ...PLAIN,
    });
    expect(new Set(r.on.findings.filter((f) => f.ruleId === 'parse-error').map((f) => placeName(f.range)))).toEqual(
      new Set(['a/broken.json', 'b/deep.json']),
    );
    expect(r.on.stats.skippedDocuments).toBe(2);
  });

  it('unreadable files are reported in skipped modules too', async () => {
    const r = await sameOnTree({ 'bin/main.tf': 'resource "x" "y" {}\n\u0000\u0001', ...PLAIN });
    expect(r.on.findings.map((f) => f.message)).toEqual(['binary file, not read']);
  });

  it('a service-role module with IAM but no web-identity evidence is left out, with the same findings', async () => {
    const r = await sameOnTree({ 'trust/main.tf': ROLE, 'svc/main.tf': SERVICE_ROLE('svc'), ...PLAIN });
    expect(r.on.stats.evaluatedModules).toBe(1);
    expect(r.off.project.roles.map((x) => x.label).sort()).toEqual(['r', 'svc']);
  });

  it('an attachment naming a web-identity role by name from a module without evidence is kept', async () => {
    const r = await sameOnTree({
      'trust/main.tf': ROLE,
      'admin/main.tf':
        'resource "aws_iam_role_policy_attachment" "a" {\n  role       = "r"\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n',
      'svc/main.tf': SERVICE_ROLE('svc'),
      ...PLAIN,
    });
    expect(r.on.findings.some((f) => f.ruleId === 'no-admin-access' && placeName(f.range) === 'admin/main.tf')).toBe(true);
    expect(r.on.stats.evaluatedModules).toBe(2);
  });

  it('an attachment whose role list mixes a local role and a name, or spans lines, is kept', async () => {
    for (const roles of ['[aws_iam_role.svc.name, "r"]', '[\n    aws_iam_role.svc.name,\n    "r",\n  ]']) {
      const r = await sameOnTree({
        'trust/main.tf': ROLE,
        'admin/main.tf':
          SERVICE_ROLE('svc') +
          `resource "aws_iam_policy_attachment" "a" {\n  name       = "a"\n  roles      = ${roles}\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n`,
        ...PLAIN,
      });
      expect(
        r.on.findings.some((f) => f.ruleId === 'no-admin-access' && placeName(f.range) === 'admin/main.tf'),
        roles,
      ).toBe(true);
    }
  });

  it('a customer-managed policy a web-identity role attaches by ARN, declared in a module without evidence, is kept', async () => {
    const r = await sameOnTree({
      'trust/main.tf':
        ROLE +
        'resource "aws_iam_role_policy_attachment" "p" {\n  role       = aws_iam_role.r.name\n  policy_arn = "arn:aws:iam::123456789012:policy/platform-admin"\n}\n',
      'policies/main.tf':
        'resource "aws_iam_policy" "p" {\n  name   = "platform-admin"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n',
      'svc/main.tf': SERVICE_ROLE('svc'),
      ...PLAIN,
    });
    expect(r.on.findings.some((f) => f.ruleId === 'no-admin-access')).toBe(true);
    expect(r.on.stats.evaluatedModules).toBe(2);
  });

  it('a trust read with file() or given in tfvars makes its module matter', async () => {
    const fromFile = 'resource "aws_iam_role" "f" {\n  name = "f"\n  assume_role_policy = file("${path.module}/trust.json")\n}\n';
    const trustJson = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'app.terraform.io:sub': 'organization:*:project:p:workspace:w:run_phase:apply' } },
        },
      ],
    });
    const fromVars =
      'variable "trust" {\n  type = string\n}\nresource "aws_iam_role" "v" {\n  name = "v"\n  assume_role_policy = var.trust\n}\n';
    const r = await sameOnTree({
      'f/main.tf': fromFile,
      'f/trust.json': trustJson,
      'v/main.tf': fromVars,
      'v/terraform.tfvars': `trust = ${JSON.stringify(trustJson)}\n`,
      // Git-ignored tfvars still count (the evaluator reads them), as does *.auto.tfvars; the
      // pre-filter learns from discovery's listing which directories have variables files at all.
      'g/main.tf': fromVars.replace(/"v"/g, '"g"'),
      'g/terraform.tfvars': `trust = ${JSON.stringify(trustJson)}\n`,
      'g/.gitignore': 'terraform.tfvars\n',
      'a/main.tf': fromVars.replace(/"v"/g, '"a"'),
      'a/prod.auto.tfvars': `trust = ${JSON.stringify(trustJson)}\n`,
      'svc/main.tf': SERVICE_ROLE('svc'),
      ...PLAIN,
    });
    expect(
      new Set(r.on.findings.filter((f) => f.ruleId === 'no-wildcard-organization').map((f) => placeName(f.range).split('/')[0])),
    ).toEqual(new Set(['f', 'v', 'g', 'a']));
  });

  it('a role whose trust is an unset variable, in a module without evidence, is out of scope in both modes', async () => {
    const r = await sameOnTree({
      'shared/main.tf':
        'variable "trust" {\n  type = string\n}\nresource "aws_iam_role" "x" {\n  name = "x"\n  assume_role_policy = var.trust\n}\n',
      ...PLAIN,
    });
    expect(r.on.findings).toEqual([]);
    expect(evaluated(r.off)).toBeGreaterThan(evaluated(r.on));
  });

  it('a large file is parsed lazily (the IAM blocks and what they refer to), with the same findings', async () => {
    let big = ROLE.replace(
      'StringLike   = { "app.terraform.io:sub" = var.sub }',
      'StringLike   = { "app.terraform.io:sub" = "organization:${aws_s3_bucket.b7.bucket}:*" }',
    );
    for (let i = 0; big.length < 200_000; i++)
      big += `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags   = { i = "${i}" }\n}\n`;
    const r = await sameOnTree({ 'big/main.tf': big, ...PLAIN });
    expect(r.on.findings.some((f) => f.ruleId === 'no-wildcard-project' || f.ruleId === 'no-wildcard-workspace')).toBe(true);
  });

  it('a file that mentions the tool (an inline suppression) is kept', () => {
    expect(moduleFileMayMatter('main.tf', '# tfc-oidc-lint-ignore no-admin-access\nresource "aws_s3_bucket" "b" {}\n')).toBe(true);
  });
});

describe('what the pre-filter decides', () => {
  it('the web-identity types the model reads are evidence by their name alone; IAM types are not', () => {
    const evidence = [...MODEL_RESOURCE_TYPES].filter((t) => moduleFileMayMatter('main.tf', `resource "${t}" "x" {}`));
    expect(evidence.sort()).toEqual(
      [...MODEL_RESOURCE_TYPES].filter((t) => t.startsWith('tfe_') || t === 'aws_iam_openid_connect_provider').sort(),
    );
    for (const m of MODULE_MARKERS) expect(moduleFileMayMatter('main.tf', `# ${m}`), m).toBe(true);
  });

  it('a Lambda role trusting lambda.amazonaws.com is no evidence; a Federated principal, the web-identity action, an issuer host or claim key is', () => {
    const lambda =
      'resource "aws_iam_role" "fn" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n';
    expect(moduleFileMayMatter('main.tf', lambda)).toBe(false);
    for (const [what, text] of [
      ['Federated', lambda.replace('Service = "lambda.amazonaws.com"', 'Federated = var.provider_arn')],
      ['the action', lambda.replace('"sts:AssumeRole"', '"sts:AssumeRoleWithWebIdentity"')],
      ['everyone', lambda.replace('{ Service = "lambda.amazonaws.com" }', '"*"')],
      ['policy document everyone', 'principals {\n  type = "*"\n  identifiers = ["*"]\n}'],
      ['GitHub', '"token.actions.githubusercontent.com:sub" = "repo:a/b:*"'],
      ['a claim key on any host', 'variable = "${var.issuer}:sub"'],
      ['EKS', 'url = "https://oidc.eks.eu-west-1.amazonaws.com/id/X"'],
    ])
      expect(moduleFileMayMatter('main.tf', text), what).toBe(true);
  });

  it('a broken IAM file without evidence is parsed (so parse-error reports it); a well-formed one is not', () => {
    for (const ok of [
      SERVICE_ROLE('a'),
      ROLE,
      'x = "a ${jsonencode({ b = "}" })} c"\n',
      'u = <<-EOT\n  echo {\n  a=\n  EOT\n',
      '# {\n/* [ */\ny = [for k, v in m : k => v if v == 1]\n',
    ])
      expect(looksWellFormed(ok), ok).toBe(true);
    for (const bad of [
      'resource "aws_iam_role" "x" {\n  name = \n}\n',
      'a = jsonencode({\n  b = 1\n}\n',
      'a = "open\n',
      'a = <<EOT\nnever closed\n',
      'a = [1, 2}\n',
    ])
      expect(looksWellFormed(bad), bad).toBe(false);
  });

  it('the end of a heredoc is the first line that is its marker alone, as the multiline pattern finds it', () => {
    // The pattern the byte scan used before it searched with indexOf; lines end at \n, \r, U+2028, U+2029.
    const byPattern = (text: string, from: number, marker: string) => {
      const at = text.slice(from).search(new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, 'm'));
      return at < 0 ? -1 : from + at;
    };
    const pieces = fc.constantFrom('EOF', 'EOFX', 'XEOF', 'EO', ' ', '\t', '\n', '\r', '\r\n', '\u2028', '\u2029', 'x', '-', '}');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }), fc.nat(8), (parts, skip) => {
        const text = parts.join('');
        const from = Math.min(skip, text.length);
        const found = heredocEnd(text, from, 'EOF');
        const expected = byPattern(text, from, 'EOF');
        if (expected < 0) return found === -1;
        // The pattern's match starts at the line's leading blanks; heredocEnd gives the marker.
        return found >= expected && /^[ \t]*$/.test(text.slice(expected, found)) && text.startsWith('EOF', found);
      }),
      { numRuns: 2000 },
    );
  });

  it('ordinary Terraform, a remote module and valid unrelated JSON do not matter', () => {
    expect(
      moduleFileMayMatter(
        'main.tf',
        'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\nmodule "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
      ),
    ).toBe(false);
    expect(localCallSources('main.tf', 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\n')).toEqual(
      [],
    );
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

describe('pre-filter equivalence on every bench shape (small sizes)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const make = (name: string) => {
    const d = mkdtempSync(join(tmpdir(), `tfc-oidc-lint-prefilter-${name}-`));
    dirs.push(d);
    return d;
  };
  it('classic: ordinary resources, some Lambda roles, trust setups in every source shape', async () => {
    const dir = make('classic');
    generateMonorepo(dir, 260);
    const { on, off } = await both([dir], {});
    expect(findingsOf(on)).toEqual(findingsOf(off));
    expect(on.findings.length).toBeGreaterThan(0);
  });
  it('realistic: a service role in nearly every module, web-identity trusts of every kind', async () => {
    const dir = make('realistic');
    const info = generateRealistic(dir, 130, 11, 4);
    const { on, off } = await both([dir], {});
    expect(findingsOf(on)).toEqual(findingsOf(off));
    expect(on.findings.length).toBeGreaterThan(0);
    // Service modules are left out: fewer modules evaluated than hold IAM.
    expect(evaluated(on)).toBeLessThan(evaluated(off));
    expect(on.stats.evaluatedModules).toBeGreaterThanOrEqual(info.trustModules);
  });
  it('bigtf: one file of heredoc IAM policies attached to a web-identity role (heredoc lines left out of the parse)', async () => {
    const dir = make('bigtf');
    generateBigTf(dir, 0.2);
    const { on, off } = await both([dir], {});
    expect(findingsOf(on)).toEqual(findingsOf(off));
    expect(on.findings.length).toBeGreaterThan(0);
  });
  it('dump: an account-authorization-details dump with URL-encoded documents', async () => {
    const dir = make('dump');
    generateAccountDump(join(dir, 'account.json'), 120);
    const { on, off } = await both([dir], {});
    expect(findingsOf(on)).toEqual(findingsOf(off));
    expect(on.findings.length).toBeGreaterThan(0);
  });
});
