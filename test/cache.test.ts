// `--cache`: a second run takes unchanged modules from the cache with the same findings, and
// any change to what an evaluation read (its files, a called module, a tfvars file, a variable)
// makes it evaluate again. A missing or corrupt cache file costs nothing but time.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import type { LintOptions, LintResult } from '../src/engine/types.js';
import { cachePath } from '../src/engine/cache.js';
import { tf, writeTree } from '../src/testing/tf.js';
import { rules } from '../rules/index.js';

const plain = (r: LintResult) => JSON.parse(JSON.stringify(r.findings)) as unknown;

const ROLE = (sub: string) => tf`
  variable "sub" {
    type    = string
    default = "${sub}"
  }
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
const SAFE = 'organization:acme:project:p:workspace:w:run_phase:apply';
const OPEN = 'organization:*:project:p:workspace:w:run_phase:apply';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function tree(files: Record<string, string>) {
  const t = writeTree(files);
  cleanup = t.cleanup;
  const run = (o: LintOptions = {}) => lint(['.'], { env: {}, cwd: t.dir, cache: true, jobs: 1, ...o });
  const write = (p: string, text: string) => writeFileSync(join(t.dir, p), text);
  return { dir: t.dir, run, write };
}

const wildcardOrg = (r: LintResult) => r.findings.some((f) => f.ruleId === 'no-wildcard-organization');

describe('--cache', () => {
  it('a second run takes every module from the cache and reports the same findings', async () => {
    const t = tree({ 'a/main.tf': ROLE(OPEN), 'b/main.tf': ROLE(SAFE) });
    const first = await t.run();
    expect(first.stats.cacheHits).toBe(0);
    expect(existsSync(join(t.dir, '.tfc-oidc-lint-cache'))).toBe(true);
    const second = await t.run();
    expect(second.stats.cacheHits).toBe(2);
    expect(plain(second)).toEqual(plain(first));
    expect(wildcardOrg(second)).toBe(true);
  });

  it('gives the findings of an uncached run on every fixture folder', async () => {
    const cache = join(writeTree({}).dir, 'cache');
    for (const dir of ['fixtures', 'fixtures/module-chain', 'fixtures/tfvars-for-each', 'fixtures/seed']) {
      const fresh = await lint([dir], { env: {}, rules, jobs: 1 });
      await lint([dir], { env: {}, rules, cache, jobs: 1 });
      const cached = await lint([dir], { env: {}, rules, cache, jobs: 1 });
      expect(cached.stats.cacheHits, dir).toBe(cached.stats.evaluatedModules);
      expect(plain(cached), dir).toEqual(plain(fresh));
    }
    rmSync(cache, { force: true });
  });

  it('an edited file is evaluated again; the untouched module still hits', async () => {
    const t = tree({ 'a/main.tf': ROLE(SAFE), 'b/main.tf': ROLE(SAFE) });
    expect(wildcardOrg(await t.run())).toBe(false);
    t.write('a/main.tf', ROLE(OPEN));
    const r = await t.run();
    expect(r.stats.cacheHits).toBe(1);
    expect(wildcardOrg(r)).toBe(true);
  });

  it('a change in a called module, a new tfvars file, TF_VAR_ or --var each miss', async () => {
    const t = tree({ 'live/main.tf': 'module "role" {\n  source = "../mod"\n}\n', 'mod/main.tf': ROLE(SAFE) });
    await t.run();
    t.write('mod/main.tf', ROLE(OPEN));
    expect(wildcardOrg(await t.run())).toBe(true);

    const u = tree({ 'x/main.tf': ROLE(SAFE) });
    await u.run();
    expect((await u.run()).stats.cacheHits).toBe(1);
    expect(wildcardOrg(await u.run({ env: { TF_VAR_sub: OPEN } }))).toBe(true);
    expect(wildcardOrg(await u.run({ env: { TF_VAR_sub: OPEN }, vars: { sub: SAFE } }))).toBe(false);
    u.write('x/terraform.tfvars', `sub = "${OPEN}"\n`);
    const tfvars = await u.run();
    expect(tfvars.stats.cacheHits).toBe(0);
    expect(wildcardOrg(tfvars)).toBe(true);
  });

  it('is safe to delete, and a corrupt or foreign cache file is ignored and rewritten', async () => {
    const t = tree({ 'a/main.tf': ROLE(OPEN) });
    const file = join(t.dir, '.tfc-oidc-lint-cache');
    const expected = plain(await t.run());
    rmSync(file);
    expect(plain(await t.run())).toEqual(expected);
    // Format 1 is the encoding before ranges travelled as offsets: a cache written by it is foreign too.
    const foreign = ['{"format":1,"salt":"x","entries":{"k":null}}', '{"format":2,"salt":"x","entries":{"k":null}}'];
    for (const junk of ['not json', ...foreign, '[]', '']) {
      writeFileSync(file, junk);
      const r = await t.run();
      expect(r.stats.cacheHits).toBe(0);
      expect(plain(r)).toEqual(expected);
    }
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe(2);
    // A cache this version wrote, relabelled as format 1, is not read.
    expect((await t.run()).stats.cacheHits).toBe(1);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), format: 1 }));
    const old = await t.run();
    expect(old.stats.cacheHits).toBe(0);
    expect(plain(old)).toEqual(expected);
  });

  it('an entry whose data was tampered with to not decode is no worse than a miss', async () => {
    const t = tree({ 'a/main.tf': ROLE(OPEN) });
    const expected = plain(await t.run());
    const file = join(t.dir, '.tfc-oidc-lint-cache');
    const body = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { deps: unknown }> };
    for (const e of Object.values(body.entries)) e.deps = 'bad';
    writeFileSync(file, JSON.stringify(body));
    expect(plain(await t.run())).toEqual(expected);
  });

  it('--cache-location: a directory gets the default file name, anything else is the file', () => {
    const t = tree({});
    expect(cachePath(true, t.dir)).toBe(join(t.dir, '.tfc-oidc-lint-cache'));
    expect(cachePath(t.dir, '/')).toBe(join(t.dir, '.tfc-oidc-lint-cache'));
    expect(cachePath('c/x.json', t.dir)).toBe(join(t.dir, 'c/x.json'));
    expect(cachePath(false, t.dir)).toBeUndefined();
  });
});
