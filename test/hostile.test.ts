// Hostile input never takes the scan down: each case sits beside a control module whose finding
// must survive, and gives a clear finding or note (never "Maximum call stack size exceeded", never
// a hang). Limits in docs/limits.md.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import type { LintOptions } from '../src/engine/types.js';
import { tf, writeTree } from '../src/testing/tf.js';
import { placeName } from '../src/core/source.js';

const openRole = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "open" {
    name = "open"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }, Action = "sts:AssumeRoleWithWebIdentity" }]
    })
  }
`;

/** A role whose trust policy is the given HCL expression. */
const roleWith = (expr: string) => `resource "aws_iam_role" "hostile" {\n  name = "hostile"\n  assume_role_policy = ${expr}\n}\n`;

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io';
const trustJson = (sub: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': sub } },
      },
    ],
  });

const DEEP = 100_000;
const deepList = '['.repeat(DEEP) + ']'.repeat(DEEP);

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});

async function scan(files: Record<string, string | Buffer>, options: LintOptions = {}, prepare?: (dir: string) => void) {
  const tree = writeTree({ 'good/main.tf': openRole, ...files });
  cleanups.push(tree.cleanup);
  prepare?.(tree.dir);
  const result = await lint(['.'], { cwd: tree.dir, env: {}, prefilter: false, ...options });
  const good = result.findings.filter((f) => f.ruleId === 'require-sub-condition' && placeName(f.range) === 'good/main.tf');
  expect(good, 'the control module is still linted').toHaveLength(1);
  expect(
    result.findings.filter((f) => f.ruleId === 'internal-error'),
    'nothing crashed',
  ).toEqual([]);
  const of = (rule: string) => result.findings.filter((f) => f.ruleId === rule && !placeName(f.range).startsWith('good/'));
  return { result, of };
}

describe('nesting 100,000 levels deep', () => {
  it('a JSON trust policy is one parse-error at the first level too deep', async () => {
    const { of } = await scan({ 'bad/trust.json': `{"Statement":${deepList}}` });
    expect(of('parse-error')).toHaveLength(1);
    expect(of('parse-error')[0]).toMatchObject({ range: { file: 'bad/trust.json', start: { line: 1, column: 213 } } });
    expect(of('parse-error')[0].message).toBe('JSON nested deeper than 200 levels; this document was not read (docs/limits.md)');
  });

  it('a .tf.json module is one parse-error', async () => {
    const { of } = await scan({ 'bad/main.tf.json': `{"locals":{"x":${deepList}}}` });
    expect(of('parse-error').map((f) => placeName(f.range))).toEqual(['bad/main.tf.json']);
  });

  it('a plan JSON is one parse-error', async () => {
    const { of } = await scan({ 'bad/plan.json': `{"format_version":"1.2","planned_values":{"root_module":{"resources":${deepList}}}}` });
    expect(of('parse-error').map((f) => placeName(f.range))).toEqual(['bad/plan.json']);
  });

  it('a heredoc trust policy is a parse-error on that policy', async () => {
    const { of } = await scan({ 'bad/main.tf': roleWith(`<<EOF\n{"Statement":${deepList}}\nEOF`) });
    expect(of('parse-error')).toHaveLength(1);
    expect(of('parse-error')[0].message).toMatch(/JSON nested deeper than 200 levels/);
  });

  it('jsondecode() of a deep string, HCL lists and parentheses: the evaluator stops at its depth limit and says so', async () => {
    // A web-identity trust whose condition is the deep value: only that part is unknown.
    const federated = (condition: string) =>
      roleWith(
        `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Federated = "${PROVIDER}" }, Action = "sts:AssumeRoleWithWebIdentity", Condition = ${condition} }] })`,
      );
    const { result } = await scan({
      'a/main.tf': federated(`jsondecode("${'['.repeat(5000)}${']'.repeat(5000)}")`),
      'b/main.tf': `locals {\n  x = ${'['.repeat(180)}${']'.repeat(180)}\n}\n${federated('local.x')}`,
      'c/main.tf': federated(`${'('.repeat(190)}{}${')'.repeat(190)}`),
    });
    for (const dir of ['a', 'b', 'c']) {
      const notes = result.findings.filter((f) => placeName(f.range) === `${dir}/main.tf` && f.ruleId === 'could-not-evaluate');
      expect(notes.length, dir).toBeGreaterThan(0);
    }
  });

  it('nested blocks 20,000 deep in a resource, and a tfvars file 100,000 deep: one parse-error each', async () => {
    const depth = 20_000;
    const { of } = await scan({
      'bad/main.tf': `resource "aws_iam_role" "r" {\n  name = "r"\n${'  x {\n'.repeat(depth)}${'  }\n'.repeat(depth)}}\n`,
      'vars/terraform.tfvars': `x = ${deepList}\n`,
      'vars/main.tf': `variable "x" {}\n${roleWith('jsonencode(var.x)')}`,
    });
    expect(of('parse-error').map((f) => [placeName(f.range), f.message])).toEqual([
      ['bad/main.tf', 'nested deeper than 5000 syntax levels; this file was not read (docs/limits.md)'],
      ['vars/terraform.tfvars', 'nested deeper than 5000 syntax levels; this file was not read (docs/limits.md)'],
    ]);
  });

  it('in worker threads and through the cache, the same', async () => {
    const tree = writeTree({
      'good/main.tf': openRole,
      'bad/trust.json': `{"Statement":${deepList}}`,
      'bad2/main.tf': `locals {\n  x = ${deepList}\n}\n${roleWith('jsonencode(local.x)')}`,
      'bad3/main.tf': roleWith(`jsonencode(${'['.repeat(150)}"x"${']'.repeat(150)})`),
    });
    cleanups.push(tree.cleanup);
    const run = async () => {
      const r = await lint(['.'], { cwd: tree.dir, env: {}, prefilter: false, jobs: 2, cache: join(tree.dir, '.cache') });
      expect(r.findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
      return r;
    };
    const first = await run();
    const second = await run();
    expect(second.stats.cacheHits).toBeGreaterThan(0);
    const summary = (r: typeof first) => r.findings.map((f) => `${f.ruleId}@${placeName(f.range)}:${f.range.start.line}`);
    expect(summary(second)).toEqual(summary(first));
    expect(summary(first).some((x) => x.startsWith('require-sub-condition@good/main.tf:'))).toBe(true);
    expect(summary(first)).toEqual(expect.arrayContaining(['parse-error@bad/trust.json:1', 'parse-error@bad2/main.tf:2']));
  });
});

describe('huge values', () => {
  it("a 1 MB sub value is reported by trust-policy-size (over IAM's 4,096 limit) and not searched", async () => {
    const { of } = await scan({
      'bad/trust.json': trustJson(`organization:${'x'.repeat(1_000_000)}`),
      'bad2/trust.json': trustJson(`organization:${'*x'.repeat(300_000)}`),
    });
    expect(of('trust-policy-size').map((f) => [placeName(f.range), f.severity])).toEqual([
      ['bad/trust.json', 'high'],
      ['bad2/trust.json', 'high'],
    ]);
    expect(of('trust-policy-size')[0].message).toMatch(/is 1,000,\d{3} characters without whitespace; IAM never accepts more than 4,096/);
    expect(of('could-not-evaluate').map((f) => f.message)).toContainEqual(
      expect.stringMatching(
        /^Role "bad\/trust\.json": Trust policy not analysed: a condition value is 1,000,013 characters long, and the policy 1,000,\d{3} characters without whitespace, past IAM's limit of 4,096, so IAM rejects it \(trust-policy-size reports it\)$/,
      ),
    );
  });

  it('a pattern just under the limit, all wildcards, is still analysed', async () => {
    const { of } = await scan({ 'bad/trust.json': trustJson(`organization:${'*x'.repeat(1_850)}`) });
    expect(of('trust-policy-size').map((f) => f.severity)).toEqual(['medium']);
    expect(of('could-not-evaluate')).toEqual([]);
  });

  it('a 500 KB value in a heredoc and a 2 MB single-line file', async () => {
    const { of } = await scan({
      'bad/main.tf': roleWith(`<<EOF\n${trustJson(`organization:${'y'.repeat(500_000)}`)}\nEOF`),
      'line/data.json': `{"k":"${'z'.repeat(2_000_000)}"}`,
    });
    expect(of('trust-policy-size').map((f) => placeName(f.range))).toEqual(['bad/main.tf']);
  });
});

describe('special files and encodings', () => {
  it('a FIFO, a symlink loop and a dangling link: skipped, never opened, no hang', async () => {
    const { of } = await scan({ 'odd/readme.txt': 'x' }, {}, (dir) => {
      spawnSync('mkfifo', [join(dir, 'odd', 'pipe.tf')]);
      expect(existsSync(join(dir, 'odd', 'pipe.tf'))).toBe(true);
      symlinkSync('.', join(dir, 'odd', 'self'));
      symlinkSync('nowhere.tf', join(dir, 'odd', 'dangling.tf'));
    });
    expect(of('parse-error')).toEqual([]);
  });

  it('NUL bytes and invalid UTF-8: a parse-error naming the file, each', async () => {
    const { of } = await scan({
      'nul/main.tf': Buffer.concat([Buffer.from('resource "aws_iam_role" "x" {\n  name = "a'), Buffer.from([0]), Buffer.from('b"\n}\n')]),
      'utf/main.tf': Buffer.concat([
        Buffer.from('resource "aws_iam_role" "x" {\n  name = "'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"\n}\n'),
      ]),
    });
    expect(
      of('parse-error')
        .map((f) => placeName(f.range))
        .sort(),
    ).toEqual(['nul/main.tf', 'utf/main.tf']);
  });

  it('a BOM and CRLF line ends: the role is still read and reported at the right line', async () => {
    const text =
      '\ufeff' +
      openRole
        .replace(/"open"/g, '"crlf"')
        .replace(/"tfc"/g, '"tfc2"')
        .replace(/\.tfc\./g, '.tfc2.')
        .replace(/\n/g, '\r\n');
    const { result } = await scan({
      'crlf/main.tf': text,
      'crlf/trust.json': '\ufeff' + trustJson('organization:*').replace(/,/g, ',\r\n'),
    });
    const crlf = result.findings.find((f) => f.ruleId === 'require-sub-condition' && placeName(f.range) === 'crlf/main.tf');
    const lf = result.findings.find((f) => f.ruleId === 'require-sub-condition' && placeName(f.range) === 'good/main.tf');
    expect(crlf?.range.start).toMatchObject({ line: lf!.range.start.line, column: lf!.range.start.column });
    expect(result.findings.some((f) => f.ruleId === 'no-wildcard-organization' && placeName(f.range) === 'crlf/trust.json')).toBe(true);
  });
});

describe('cycles and recursion', () => {
  it('a reference cycle in locals and a module that calls itself', async () => {
    const { result } = await scan({
      'cycle/main.tf': `locals {\n  a = local.b\n  b = [local.a]\n}\n${roleWith(`jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Federated = "${PROVIDER}" }, Action = "sts:AssumeRoleWithWebIdentity", Condition = local.a }] })`)}`,
      'rec/main.tf': 'module "again" {\n  source = "./"\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n}\n',
      'mutual/a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'mutual/b/main.tf':
        'module "a" {\n  source = "../a"\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n}\n',
    });
    const notes = result.findings.filter((f) => f.ruleId === 'could-not-evaluate').map((f) => placeName(f.range));
    expect(notes).toContain('cycle/main.tf');
  });
});

describe('an unreadable directory', () => {
  it('is a parse-error (high) naming it, exit 1, like an unreadable file; the rest is linted', () => {
    const tree = writeTree({ 'good/main.tf': openRole, 'locked/main.tf': openRole.replace(/"open"/g, '"locked"') });
    cleanups.push(() => {
      chmodSync(join(tree.dir, 'locked'), 0o755);
      tree.cleanup();
    });
    chmodSync(tree.dir, 0o755);
    chmodSync(join(tree.dir, 'locked'), 0o000);
    const bin = new URL('../bin/tfc-oidc-lint.js', import.meta.url).pathname;
    // Root lists any directory; without the capabilities that let it, root gets EACCES like anyone.
    const root = process.getuid?.() === 0;
    const [cmd, args] = root
      ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, bin]]
      : [process.execPath, [bin]];
    const r = spawnSync(cmd, [...args, '.', '--format', 'json'], { cwd: tree.dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; message: string; severity: string }[] }).findings;
    expect(findings.find((f) => f.ruleId === 'parse-error')).toMatchObject({
      file: 'locked',
      severity: 'high',
      message: 'cannot list directory: permission denied',
    });
    expect(findings.some((f) => f.ruleId === 'require-sub-condition' && f.file === 'good/main.tf')).toBe(true);
    expect(r.status).toBe(1);
  });
});
