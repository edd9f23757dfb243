// Hostile inputs, table-driven: each case is written beside an untouched copy of the seed
// (control/main.tf), and the scan must not crash (no internal-error, no thrown error), must end
// (the test's own timeout bounds it; no timed assertion), must keep every finding of the control
// copy exactly, and where the input is broken must say so with a parse-error naming the file and
// line. The limits these cases reach are in docs/limits.md.
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/finding.js';
import type { LintOptions } from '../src/engine/types.js';
import { lint } from '../src/index.js';
import { writeTree } from '../src/testing/tf.js';
import { placeName } from '../src/core/source.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SEED = readFileSync(join(ROOT, 'fixtures/seed/main.tf'), 'utf8');
const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io';

/** A module whose one role's sub condition is `sub` (an HCL expression), after `prelude`: hostile values are evaluated because a rule needs them. */
const roleWithSub = (sub: string, prelude = '') => `${prelude}
resource "aws_iam_role" "hostile" {
  name = "hostile"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "${PROVIDER}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
        StringLike   = { "app.terraform.io:sub" = ${sub} }
      }
    }]
  })
}
`;

/** A bare IAM trust policy document (JSON text) with the given sub value text (already JSON). */
const trustDoc = (subJson: string) =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${PROVIDER}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"app.terraform.io:aud":"aws.workload.identity"},"StringLike":{"app.terraform.io:sub":${subJson}}}}]}`;

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}
function utf32(s: string, bigEndian: boolean): Buffer {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  const b = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => (bigEndian ? b.writeUInt32BE(cp, i * 4) : b.writeUInt32LE(cp, i * 4)));
  return b;
}

interface Case {
  name: string;
  /** Files under case/ (paths relative to it). */
  files?: Record<string, string | Buffer>;
  /** Changes made on disk after the files are written (special files, links). */
  prepare?: (caseDir: string, cleanups: (() => void)[]) => void;
  options?: LintOptions;
  /** A parse-error must name this file (relative to the scan root) at this line. */
  parseError?: { file: string; line?: number; says?: RegExp };
  /** A parse-error or a could-not-evaluate note (an evaluation limit) must name this file. */
  limit?: { file: string };
  /** Further checks on the findings outside control/. */
  check?: (found: Finding[]) => void;
  /** A test timeout other than the default, for the cases that write or read tens of megabytes. */
  timeout?: number;
}

const deep = (open: string, close: string, n: number, inner = '"x"') => open.repeat(n) + inner + close.repeat(n);

const CASES: Case[] = [
  // --- encodings
  {
    name: 'UTF-16 LE with BOM',
    files: { 'main.tf': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED, 'utf16le')]) },
    parseError: { file: 'case/main.tf', line: 1, says: /UTF-16/ },
  },
  {
    name: 'UTF-16 BE with BOM',
    files: { 'main.tf': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(SEED)]) },
    parseError: { file: 'case/main.tf', line: 1, says: /UTF-16/ },
  },
  {
    name: 'UTF-32 LE with BOM',
    files: { 'main.tf': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(SEED, false)]) },
    parseError: { file: 'case/main.tf', line: 1, says: /UTF-32/ },
  },
  {
    name: 'UTF-32 BE with BOM',
    files: { 'main.tf': Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(SEED, true)]) },
    parseError: { file: 'case/main.tf', line: 1, says: /UTF-32/ },
  },
  {
    name: 'UTF-16 LE JSON trust policy with BOM',
    files: { 'trust.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(trustDoc('"*"'), 'utf16le')]) },
    parseError: { file: 'case/trust.json', line: 1, says: /UTF-16/ },
  },
  {
    name: 'UTF-16 without BOM (NUL bytes)',
    files: { 'main.tf': Buffer.from(SEED, 'utf16le') },
    parseError: { file: 'case/main.tf', line: 1 },
  },
  {
    name: 'invalid UTF-8 on line 3',
    files: {
      'main.tf': Buffer.concat([Buffer.from('# a\n# b\nlocals { x = "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('" }\n')]),
    },
    parseError: { file: 'case/main.tf', line: 3 },
  },
  {
    name: 'an overlong UTF-8 encoding and a lone surrogate encoded in UTF-8',
    files: {
      'main.tf': Buffer.concat([Buffer.from('locals {\n  x = "'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('"\n}\n')]),
    },
    parseError: { file: 'case/main.tf', line: 2 },
  },
  { name: 'NUL bytes in the seed', files: { 'main.tf': SEED.replace('YOUR_ORG_NAME', 'YOUR\0ORG') }, parseError: { file: 'case/main.tf' } },
  {
    name: 'a BOM and CRLF in the seed copy: the same findings',
    files: { 'main.tf': '\ufeff' + SEED.replace(/\n/g, '\r\n') },
    check: (f) => expect(f.filter((x) => x.ruleId === 'no-admin-access')).toHaveLength(1),
  },
  { name: 'a lone CR line ending file', files: { 'main.tf': SEED.replace(/\n/g, '\r') } },
  {
    name: 'binary garbage named .tf',
    files: { 'main.tf': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) },
    parseError: { file: 'case/main.tf' },
  },
  { name: 'an empty file and a file of whitespace', files: { 'empty.tf': '', 'blank.tf': ' \n\t\n', 'empty.json': '' } },

  // --- special files
  {
    name: 'a FIFO named main.tf',
    prepare: (dir) => {
      mkdirSync(dir, { recursive: true });
      spawnSync('mkfifo', [join(dir, 'main.tf')]);
    },
  },
  {
    name: 'a FIFO named trust.json and one named terraform.tfvars',
    prepare: (dir) => {
      mkdirSync(dir, { recursive: true });
      spawnSync('mkfifo', [join(dir, 'trust.json')]);
      spawnSync('mkfifo', [join(dir, 'terraform.tfvars')]);
    },
  },
  {
    name: 'a listening Unix socket named main.tf',
    prepare: (dir, cleanups) => {
      mkdirSync(dir, { recursive: true });
      const server: Server = createServer();
      server.listen(join(dir, 'main.tf'));
      cleanups.push(() => server.close());
    },
  },
  {
    name: 'symlink loops (a → b → a, a directory linking to itself and to its parent)',
    prepare: (dir) => {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      symlinkSync('b.tf', join(dir, 'a.tf'));
      symlinkSync('a.tf', join(dir, 'b.tf'));
      symlinkSync('.', join(dir, 'sub', 'self'));
      symlinkSync('..', join(dir, 'sub', 'parent'));
      symlinkSync(dir, join(dir, 'sub', 'absolute'));
    },
  },
  {
    name: 'a symlink to /dev/zero, /dev/urandom and /dev/stdin named as inputs',
    prepare: (dir) => {
      mkdirSync(dir, { recursive: true });
      symlinkSync('/dev/zero', join(dir, 'main.tf'));
      symlinkSync('/dev/urandom', join(dir, 'trust.json'));
      symlinkSync('/dev/stdin', join(dir, 'terraform.tfvars'));
    },
  },
  { name: 'a file()d path that is /dev/zero', files: { 'main.tf': roleWithSub('file("/dev/zero")') } },
  {
    name: 'file() of a FIFO beside the module',
    files: { 'main.tf': roleWithSub('file("${path.module}/pipe")') },
    prepare: (dir) => spawnSync('mkfifo', [join(dir, 'pipe')]),
  },
  {
    name: 'file() of a directory, of a missing file, of an absolute path outside',
    files: { 'main.tf': roleWithSub('"${file(path.module)}${file("nope")}${file("/etc/hostname")}"') },
  },

  // --- size
  {
    name: 'a 50 MB single line .tf',
    files: { 'main.tf': 'locals { x = "' + 'a'.repeat(50 * 1024 * 1024) + '" }' },
    parseError: { file: 'case/main.tf', line: 1, says: /size limit/ },
    timeout: 120_000,
  },
  { name: 'a 50 MB single line JSON', files: { 'big.json': '["' + 'a'.repeat(50 * 1024 * 1024) + '"]' }, timeout: 120_000 },
  {
    name: "a 5 MB single-line sub value in HCL (past the evaluator's string limit)",
    files: { 'main.tf': roleWithSub(`"organization:${'x'.repeat(5 * 1024 * 1024)}"`) },
    limit: { file: 'case/main.tf' },
    timeout: 120_000,
  },
  {
    name: 'a 1 MiB sub value in HCL through jsonencode: reported by trust-policy-size',
    files: { 'main.tf': roleWithSub(`"organization:${'x'.repeat(1 << 20)}"`) },
    check: (f) => expect(f.some((x) => x.ruleId === 'trust-policy-size')).toBe(true),
    timeout: 120_000,
  },
  {
    name: 'a 900 KB single-line sub value in HCL',
    files: { 'main.tf': roleWithSub(`"organization:${'x'.repeat(900 * 1024)}"`) },
    check: (f) => expect(f.some((x) => x.ruleId === 'trust-policy-size')).toBe(true),
    timeout: 120_000,
  },
  {
    name: 'a 1 MB sub value in a JSON trust policy',
    files: { 'trust.json': trustDoc(JSON.stringify('organization:' + 'x'.repeat(1 << 20))) },
    check: (f) => expect(f.some((x) => x.ruleId === 'trust-policy-size')).toBe(true),
  },
  {
    name: '200,000 small resources on one line',
    files: { 'main.tf': 'locals { x = [' + '1,'.repeat(200_000) + '] }\n' + roleWithSub('"organization:*"') },
  },

  // --- deep HCL
  {
    name: 'nested blocks 10,000 deep',
    files: {
      'main.tf': roleWithSub(
        '"organization:*"',
        'resource "aws_iam_role" "r" {\n' + 'dynamic "x" {\n'.repeat(10_000) + '}\n'.repeat(10_000) + '}\n',
      ),
    },
    parseError: { file: 'case/main.tf', line: 2_500 },
  },
  { name: 'parentheses 100,000 deep', files: { 'main.tf': roleWithSub(deep('(', ')', 100_000)) }, parseError: { file: 'case/main.tf' } },
  { name: 'parentheses 3,000 deep', files: { 'main.tf': roleWithSub(deep('(', ')', 3_000)) } },
  { name: 'lists 50,000 deep', files: { 'main.tf': roleWithSub(deep('[', ']', 50_000)) }, parseError: { file: 'case/main.tf' } },
  { name: 'objects 20,000 deep', files: { 'main.tf': roleWithSub(deep('{a=', '}', 20_000)) }, parseError: { file: 'case/main.tf' } },
  {
    name: 'function calls 20,000 deep',
    files: { 'main.tf': roleWithSub(deep('upper(', ')', 20_000)) },
    parseError: { file: 'case/main.tf' },
  },
  { name: 'function calls 1,000 deep', files: { 'main.tf': roleWithSub(deep('lower(', ')', 1_000)) } },
  {
    name: 'a conditional chain 20,000 deep',
    files: { 'main.tf': roleWithSub('true ? '.repeat(20_000) + '"x"' + ' : "y"'.repeat(20_000)) },
    limit: { file: 'case/main.tf' },
  },
  {
    name: 'a binary operator chain 100,000 long',
    files: { 'main.tf': roleWithSub('"${' + '1 + '.repeat(100_000) + '1}"') },
    limit: { file: 'case/main.tf' },
  },
  { name: 'a binary operator chain 2,000 long', files: { 'main.tf': roleWithSub('"${' + '1 + '.repeat(2_000) + '1}"') } },
  {
    name: 'unary operators 100,000 deep',
    files: { 'main.tf': roleWithSub('"${' + '!'.repeat(100_000) + 'true}"') },
    limit: { file: 'case/main.tf' },
  },
  {
    name: 'an attribute and index chain 100,000 long',
    files: { 'main.tf': roleWithSub('local.a' + '.b[0]'.repeat(100_000), 'locals { a = {} }') },
    limit: { file: 'case/main.tf' },
  },
  {
    name: 'interpolations nested 10,000 deep',
    files: { 'main.tf': roleWithSub('"${'.repeat(10_000) + '"x"' + '}"'.repeat(10_000)) },
    parseError: { file: 'case/main.tf' },
  },
  { name: 'interpolations nested 500 deep', files: { 'main.tf': roleWithSub('"${'.repeat(500) + '"x"' + '}"'.repeat(500)) } },
  {
    name: '%{for} directives nested 5,000 deep',
    files: { 'main.tf': roleWithSub('"' + '%{for i in [1]}'.repeat(5_000) + 'x' + '%{endfor}'.repeat(5_000) + '"') },
    limit: { file: 'case/main.tf' },
  },
  {
    name: '%{for} directives nested 300 deep',
    files: { 'main.tf': roleWithSub('"' + '%{for i in [1,2]}'.repeat(300) + 'x' + '%{endfor}'.repeat(300) + '"') },
  },
  {
    name: '%{if} directives nested 5,000 deep',
    files: { 'main.tf': roleWithSub('"' + '%{if true}'.repeat(5_000) + 'x' + '%{endif}'.repeat(5_000) + '"') },
    limit: { file: 'case/main.tf' },
  },
  {
    name: 'heredocs nested in interpolations 2,000 deep',
    files: {
      'main.tf': roleWithSub(
        Array.from({ length: 2_000 }, (_, i) => `<<EOT${i}\n\${`).join('') +
          '"x"' +
          Array.from({ length: 2_000 }, (_, i) => `}\nEOT${1999 - i}\n`).join(''),
      ),
    },
  },
  {
    name: 'for expressions nested 3,000 deep',
    files: { 'main.tf': roleWithSub('[' + 'for a in [1] : ['.repeat(3_000) + '"x"' + ']'.repeat(3_000) + '][0]') },
  },
  {
    name: 'an unterminated heredoc, string, block and template',
    files: {
      'a.tf': 'locals {\n  x = <<EOT\nnever ends\n',
      'b.tf': 'locals {\n  y = "open\n',
      'c.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n',
      'd.tf': 'locals {\n  z = "%{for a in [1]}"\n}\n',
    },
    parseError: { file: 'case/a.tf' },
  },

  // --- cycles
  { name: 'a local that references itself', files: { 'main.tf': roleWithSub('local.a', 'locals { a = "${local.a}x" }') } },
  {
    name: 'locals referencing each other in a ring of 1,000',
    files: {
      'main.tf': roleWithSub(
        'local.l0',
        'locals {\n' + Array.from({ length: 1_000 }, (_, i) => `  l${i} = local.l${(i + 1) % 1_000}\n`).join('') + '}\n',
      ),
    },
  },
  {
    name: 'a chain of 5,000 locals',
    files: {
      'main.tf': roleWithSub(
        'local.l0',
        'locals {\n' +
          Array.from({ length: 5_000 }, (_, i) => `  l${i} = ${i === 4_999 ? '"organization:*"' : `local.l${i + 1}`}\n`).join('') +
          '}\n',
      ),
    },
  },
  {
    name: 'a variable whose default references itself, and validation that loops',
    files: {
      'main.tf': roleWithSub(
        'var.v',
        'variable "v" {\n  default = var.v\n  validation {\n    condition = var.v == var.v\n    error_message = "x"\n  }\n}\n',
      ),
    },
  },
  { name: 'a module whose source is itself', files: { 'main.tf': 'module "me" {\n  source = "./"\n}\n' + roleWithSub('module.me.x') } },
  {
    name: 'a module whose source is its parent',
    files: {
      'child/main.tf': 'module "up" {\n  source = "../"\n}\n',
      'main.tf': 'module "down" {\n  source = "./child"\n}\n' + roleWithSub('"organization:*"'),
    },
  },
  {
    name: 'two modules calling each other',
    files: {
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\noutput "x" { value = module.b.x }\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\noutput "x" { value = module.a.x }\n',
      'main.tf': 'module "a" {\n  source = "./a"\n}\n' + roleWithSub('module.a.x'),
    },
  },
  {
    name: 'a module source through a symlink loop and an absolute path',
    files: { 'main.tf': 'module "l" {\n  source = "./loop"\n}\nmodule "abs" {\n  source = "/"\n}\n' + roleWithSub('"organization:*"') },
    prepare: (dir) => symlinkSync('.', join(dir, 'loop')),
  },
  {
    name: 'resources whose attributes reference each other',
    files: {
      'main.tf':
        'resource "aws_iam_role" "a" {\n  name = aws_iam_role.b.name\n  assume_role_policy = aws_iam_role.b.assume_role_policy\n}\nresource "aws_iam_role" "b" {\n  name = aws_iam_role.a.name\n  assume_role_policy = aws_iam_role.a.assume_role_policy\n}\n',
    },
  },

  // --- expansion
  {
    name: 'count = 1e9 on a role',
    files: {
      'main.tf': roleWithSub('"organization:*"').replace('name = "hostile"', 'count = 1000000000\n  name = "hostile-${count.index}"'),
    },
  },
  {
    name: 'for_each over range(1e9)',
    files: {
      'main.tf': roleWithSub('"organization:*"').replace(
        'name = "hostile"',
        'for_each = toset([for i in range(1000000000) : tostring(i)])\n  name = "hostile-${each.key}"',
      ),
    },
  },
  {
    name: 'range(1e9) and range(-1e9, 1e9, 0.5) in a local',
    files: {
      'main.tf': roleWithSub('"${length(local.r)}${length(local.s)}"', 'locals {\n  r = range(1e9)\n  s = range(-1e9, 1e9, 0.5)\n}\n'),
    },
  },
  { name: 'setproduct of big lists', files: { 'main.tf': roleWithSub('"${length(setproduct(range(9000), range(9000), range(9000)))}"') } },
  {
    name: 'doubling a string 40 times with format',
    files: {
      'main.tf': roleWithSub(
        'local.s40',
        'locals {\n  s0 = "organization:x"\n' +
          Array.from({ length: 40 }, (_, i) => `  s${i + 1} = format("%s%s", local.s${i}, local.s${i})\n`).join('') +
          '}\n',
      ),
    },
  },
  {
    name: 'doubling a string 40 times with join, strrev and replace',
    files: {
      'main.tf': roleWithSub(
        'local.s40',
        'locals {\n  s0 = "ab"\n' +
          Array.from(
            { length: 40 },
            (_, i) =>
              `  s${i + 1} = ${['join("", [local.s0, local.sI, local.sI])', 'strrev("${local.sI}${local.sI}")', 'replace(local.sI, "a", local.sI)', 'join(local.sI, [local.sI, local.sI])'][i % 4].replace(/sI/g, `s${i}`)}\n`,
          ).join('') +
          '}\n',
      ),
    },
  },
  {
    name: 'format with a huge width and indent with a huge count',
    files: { 'main.tf': roleWithSub('"${format("%999999999s", "x")}${indent(999999999, "a\\nb")}${format("%.999999999f", 1)}"') },
  },
  {
    name: 'formatlist and flatten over nested ranges',
    files: {
      'main.tf': roleWithSub('"${length(flatten([for i in range(5000) : [for j in range(5000) : formatlist("%s", range(100))]]))}"'),
    },
  },
  {
    name: 'a 1e308 * 1e308 number, pow(10, 1e9) and 1/0',
    files: { 'main.tf': roleWithSub('"${1e308 * 1e308}${pow(10, 1000000000)}${1 / 0}${-1 % 0}${parseint("f".repeat(1), 16)}"') },
  },
  { name: 'a number literal with 100,000 digits', files: { 'main.tf': roleWithSub('"${' + '9'.repeat(100_000) + '}"') } },

  // --- regular expressions
  {
    name: 'catastrophic backtracking patterns in regex() and replace()',
    files: {
      'main.tf': roleWithSub(
        `"\${regex("(a+)+$", "${'a'.repeat(40)}b")}\${replace("${'a'.repeat(40)}b", "/(a|aa)+$/", "x")}\${regexall("(x+x+)+y", "${'x'.repeat(50)}")[0]}"`,
      ),
    },
  },
  {
    name: 'a regex over a 1 MB subject and an invalid pattern',
    files: {
      'main.tf': roleWithSub(
        '"${replace(local.big, "/(.*)*z/", "x")}${regex("(", "x")}${regex("\\\\p{Nope}", "x")}"',
        `locals { big = "${'a'.repeat(1 << 20)}" }`,
      ),
    },
  },
  {
    name: 'backreferences and lookarounds Terraform (RE2) does not have',
    files: { 'main.tf': roleWithSub('"${regex("(a)\\\\1", "aa")}${regex("(?=a)a", "a")}"') },
  },

  // --- templates
  {
    name: 'templatefile that calls itself',
    files: { 'main.tf': roleWithSub('templatefile("${path.module}/t.tpl", {})'), 't.tpl': '${templatefile("${path.module}/t.tpl", {})}' },
  },
  {
    name: 'two templates that render each other',
    files: {
      'main.tf': roleWithSub('templatefile("${path.module}/a.tpl", {})'),
      'a.tpl': 'a${templatefile("b.tpl", {})}',
      'b.tpl': 'b${templatefile("a.tpl", {})}',
    },
  },
  {
    name: 'a template with an unclosed directive and a bad interpolation',
    files: { 'main.tf': roleWithSub('templatefile("${path.module}/t.tpl", { x = 1 })'), 't.tpl': '%{ for a in x }${a\n' },
  },
  {
    name: 'a template file of 100,000 nested interpolations',
    files: {
      'main.tf': roleWithSub('templatefile("${path.module}/t.tpl", {})'),
      't.tpl': '${'.repeat(100_000) + '"x"' + '}'.repeat(100_000),
    },
  },

  // --- JSON
  {
    name: 'JSON with duplicate keys',
    files: { 'trust.json': trustDoc('"organization:acme:*"').replace('"Effect":"Allow"', '"Effect":"Deny","Effect":"Allow"') },
    check: (f) => expect(f.some((x) => x.ruleId === 'valid-policy-document' || x.ruleId === 'no-wildcard-project')).toBe(true),
  },
  {
    name: 'JSON with huge numbers',
    files: { 'trust.json': trustDoc('1e400').replace('"2012-10-17"', '123456789012345678901234567890123456789') },
  },
  { name: 'JSON with lone surrogates', files: { 'trust.json': trustDoc('"organization:\\ud800:\\udfff*"') } },
  {
    name: 'JSON with 150,000 condition values and a string of 200,000 escapes',
    files: {
      'trust.json': trustDoc(JSON.stringify(Array.from({ length: 150_000 }, (_, i) => `organization:o${i}:*`))),
      'esc.json': trustDoc('"' + '\\u0041'.repeat(200_000) + '"'),
    },
    timeout: 120_000,
  },
  {
    name: 'a .tf.json with 150,000 resources (more than a spread into push() takes)',
    files: {
      'main.tf.json': JSON.stringify({
        resource: { aws_iam_policy: Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`p${i}`, { name: `p${i}` }])) },
      }),
    },
    timeout: 120_000,
  },
  {
    name: 'JSON nested 100,000 deep',
    files: { 'deep.json': deep('[', ']', 100_000, '1') },
    parseError: { file: 'case/deep.json', line: 1 },
  },
  {
    name: 'JSON nested 100,000 deep in objects, across lines',
    files: { 'deep.json': '{"a":\n'.repeat(100_000) + '1' + '}'.repeat(100_000) },
    parseError: { file: 'case/deep.json', line: 201 },
  },
  {
    name: 'truncated JSON, trailing commas, comments and a BOM',
    files: {
      'a.json': trustDoc('"x"').slice(0, 80),
      'b.json': '\ufeff' + trustDoc('"organization:*",'),
      'c.json': '// x\n' + trustDoc('"organization:*"'),
    },
  },
  {
    name: 'a .tf.json with a 1 MB key and a deep expression string',
    files: {
      'main.tf.json': JSON.stringify({ locals: { ['k'.repeat(1 << 20)]: 1, d: '${' + '('.repeat(5_000) + '1' + ')'.repeat(5_000) + '}' } }),
    },
  },
  { name: 'a .tf.json that is an array, a string, null', files: { 'a.tf.json': '[]', 'b.tf.json': '"x"', 'c.tf.json': 'null' } },
  {
    name: 'jsondecode of a deep and a broken string',
    files: { 'main.tf': roleWithSub('jsondecode(local.j)["a"]', `locals { j = "${'['.repeat(5_000)}" }`) },
  },

  // --- tfvars
  {
    name: 'a .tfvars with syntax errors',
    files: {
      'terraform.tfvars': 'tfc_organization_name = \n= "x"\nfoo {\n',
      'main.tf': roleWithSub('var.tfc_organization_name', 'variable "tfc_organization_name" {}'),
    },
    parseError: { file: 'case/terraform.tfvars' },
  },
  {
    name: 'a .tfvars that references variables and calls functions',
    files: {
      'terraform.tfvars': 'org = var.org\nx = file("/dev/zero")\ny = range(1e9)\n',
      'main.tf': roleWithSub('"organization:${var.org}:*"', 'variable "org" {}\nvariable "x" {}\nvariable "y" {}'),
    },
  },
  {
    name: 'a .tfvars nested 50,000 deep',
    files: { 'terraform.tfvars': 'x = ' + deep('[', ']', 50_000), 'main.tf': roleWithSub('"organization:*"', 'variable "x" {}') },
    parseError: { file: 'case/terraform.tfvars', line: 1 },
  },
  {
    name: 'a .tfvars.json that is broken and one that is deep',
    files: {
      'a.auto.tfvars.json': '{"org": ',
      'b.auto.tfvars.json': '{"org":' + deep('[', ']', 10_000, '1') + '}',
      'main.tf': roleWithSub('"organization:*"', 'variable "org" { default = "a" }'),
    },
  },

  // --- malformed config files beside the inputs (the scan root's own config is tested below)
  {
    name: 'malformed config files in a scanned folder',
    files: {
      '.tfc-oidc-lint.json': '{ "rules": ',
      '.tfc-oidc-lint.yaml': 'rules: [\n  - a: &a [*a]\n',
      'package.json': '{ "tfc-oidc-lint": 5 ',
    },
  },

  // --- mutations of the seed
  ...seedMutations(),
];

function seedMutations(): Case[] {
  const m = (name: string, text: string): Case => ({ name: `seed mutation: ${name}`, files: { 'main.tf': text } });
  const lines = SEED.split('\n');
  return [
    m('cut in half', SEED.slice(0, SEED.length >> 1)),
    m('every closing brace removed', SEED.replace(/}/g, '')),
    m('every opening brace removed', SEED.replace(/{/g, '')),
    m('every quote removed', SEED.replace(/"/g, '')),
    m('every = doubled', SEED.replace(/=/g, '==')),
    m('heredoc marker removed', SEED.replace(/^EOF$/m, '')),
    m('lines reversed', [...lines].reverse().join('\n')),
    m('every line repeated 50 times', lines.map((l) => `${l}\n`.repeat(50)).join('')),
    m('the whole file repeated 200 times', SEED.repeat(200)),
    m('${ opened inside every string', SEED.replace(/"([^"\n]*)"/g, '"$1${"')),
    m('a stray NUL in the heredoc', SEED.replace('"Version"', '"Ver\0sion"')),
    m('JSON in the heredoc broken', SEED.replace('"Effect": "Allow",', '"Effect": "Allow",,]')),
    m('all identifiers renamed to keywords', SEED.replace(/\bvar\./g, 'for.').replace(/\bresource\b/g, 'if')),
  ];
}

const cleanupsAll: (() => void)[] = [];
let controlFindings: string[];

const key = (f: Finding) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column} ${f.message}`;

beforeAll(async () => {
  const tree = writeTree({ 'control/main.tf': SEED });
  cleanupsAll.push(tree.cleanup);
  const r = await lint(['.'], { cwd: tree.dir, env: {} });
  controlFindings = r.findings.filter((f) => placeName(f.range) === 'control/main.tf').map(key);
  expect(controlFindings.length, 'the seed has findings to lose').toBeGreaterThan(3);
}, 60_000);
afterAll(() => cleanupsAll.forEach((c) => c()));

describe('hostile inputs beside a control copy of the seed (library lint)', () => {
  // HOSTILE_ONLY=<regex> runs the cases whose name matches (when looking into one).
  const only = process.env.HOSTILE_ONLY ? new RegExp(process.env.HOSTILE_ONLY) : undefined;
  for (const c of CASES.filter((x) => !only || only.test(x.name))) {
    it(
      c.name,
      async () => {
        const cleanups: (() => void)[] = [];
        const tree = writeTree({
          'control/main.tf': SEED,
          ...Object.fromEntries(Object.entries(c.files ?? {}).map(([p, t]) => [`case/${p}`, t])),
        });
        try {
          c.prepare?.(join(tree.dir, 'case'), cleanups);
          const r = await lint(['.'], { cwd: tree.dir, env: {}, ...c.options });
          expect(r.findings.filter((f) => f.ruleId === 'internal-error').map(key), 'nothing crashed').toEqual([]);
          expect(
            r.findings.filter((f) => placeName(f.range) === 'control/main.tf').map(key),
            'the control copy keeps every finding',
          ).toEqual(controlFindings);
          const found = r.findings.filter((f) => placeName(f.range) !== 'control/main.tf');
          if (c.parseError) {
            const pe = found.filter((f) => f.ruleId === 'parse-error' && placeName(f.range) === c.parseError!.file);
            expect(
              pe.length,
              `a parse-error in ${c.parseError.file}; found:\n${found.map((f) => `${placeName(f.range)}:${key(f)}`).join('\n')}`,
            ).toBeGreaterThan(0);
            if (c.parseError.line !== undefined) expect(pe[0].range.start.line).toBe(c.parseError.line);
            if (c.parseError.says) expect(pe[0].message).toMatch(c.parseError.says);
          }
          if (c.limit) {
            const said = found.filter(
              (f) => (f.ruleId === 'parse-error' || f.ruleId === 'could-not-evaluate') && placeName(f.range) === c.limit!.file,
            );
            expect(said.length, `a parse-error or an evaluation limit in ${c.limit.file}`).toBeGreaterThan(0);
          }
          for (const f of found) expect(f.message, 'no stack trace in a message').not.toMatch(/\n\s+at |Maximum call stack/);
          c.check?.(found);
        } finally {
          cleanups.forEach((x) => x());
          tree.cleanup();
        }
      },
      c.timeout ?? 60_000,
    );
  }
});

/** The real command on a tree, with a kill timer so that a hang fails the test instead of holding it. */
function cli(dir: string, args: string[] = []) {
  const bin = join(ROOT, 'bin/tfc-oidc-lint.js');
  return spawnSync(process.execPath, [bin, '.', '--format', 'json', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('hostile inputs through the command', () => {
  it('special files (FIFO, socket, /dev/zero link, link loop) beside the seed: exit 1 with the seed findings, nothing on stderr', async () => {
    const tree = writeTree({ 'control/main.tf': SEED });
    const server = createServer();
    try {
      const odd = join(tree.dir, 'odd');
      mkdirSync(odd);
      spawnSync('mkfifo', [join(odd, 'main.tf')]);
      symlinkSync('/dev/zero', join(odd, 'zero.tf'));
      symlinkSync('.', join(odd, 'loop'));
      await new Promise<void>((res) => server.listen(join(odd, 'socket.tf'), res));
      const r = cli(tree.dir);
      expect(r.error, 'the command ended').toBeUndefined();
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; range: Finding['range']; message: string }[] })
        .findings;
      expect(
        findings
          .filter((f) => f.file === 'control/main.tf')
          .map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column} ${f.message}`),
      ).toEqual(controlFindings);
    } finally {
      server.close();
      tree.cleanup();
    }
  }, 90_000);

  it('a FIFO or a device named with --var-file, --baseline or --cache-location: a clear error, never a blocked read', () => {
    const tree = writeTree({ 'control/main.tf': SEED });
    try {
      const fifo = join(tree.dir, 'pipe');
      spawnSync('mkfifo', [fifo]);
      for (const varFile of [fifo, '/dev/zero']) {
        const r = cli(tree.dir, ['--var-file', varFile]);
        expect(r.error, 'the command ended').toBeUndefined();
        expect(r.status).toBe(1);
        const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
        expect(findings.find((f) => f.ruleId === 'parse-error')?.message).toMatch(/is not a regular file/);
        expect(findings.filter((f) => f.file === 'control/main.tf')).toHaveLength(controlFindings.length);
      }
      for (const baseline of [fifo, '/dev/zero']) {
        const r = cli(tree.dir, ['--baseline', baseline]);
        expect(r.error, 'the command ended').toBeUndefined();
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(`${baseline} is not a regular file`);
      }
      const cached = cli(tree.dir, ['--cache', '--cache-location', fifo]);
      expect(cached.error, 'the command ended').toBeUndefined();
      expect(cached.status).toBe(1);
    } finally {
      tree.cleanup();
    }
  }, 120_000);

  it('a malformed config file at the scan root is a usage error naming the file and line, never a stack trace', () => {
    const bomb =
      'a: &a ["x","x"]\n' +
      'bcdefg'
        .split('')
        .map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`)
        .join('\n') +
      '\n';
    for (const [file, text, says] of [
      ['.tfc-oidc-lint.json', '{ "rules": ', /\.tfc-oidc-lint\.json:1: invalid JSON/],
      ['.tfc-oidc-lint.yaml', 'rules: [\n  - a: b\n', /\.tfc-oidc-lint\.yaml:2: invalid YAML/],
      ['.tfc-oidc-lint.yaml', bomb, /\.tfc-oidc-lint\.yaml: invalid YAML \(Excessive alias count/],
      ['.tfc-oidc-lint.json', '{ "rules": { "no-admin-access": [1, 2] } }', /\.tfc-oidc-lint\.json:1: rules\.no-admin-access/],
      ['package.json', '{ "tfc-oidc-lint": 5 }', /package\.json:1: the config: must be object/],
    ] as [string, string, RegExp][]) {
      const tree = writeTree({ 'control/main.tf': SEED, [file]: text });
      try {
        const r = cli(tree.dir);
        expect(r.status, file).toBe(2);
        expect(r.stderr).toMatch(says);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      } finally {
        tree.cleanup();
      }
    }
  }, 90_000);
});
