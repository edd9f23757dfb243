import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTree } from '../testing/tf.js';
import { InputError } from '../core/errors.js';
import { discover, displayPath } from './index.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tree(files: Record<string, string | Buffer>): string {
  const t = writeTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

/** Discovery's output as paths relative to `dir`, for readable assertions. */
async function scan(dir: string, paths: string[] = ['.'], ignore?: string[]) {
  const d = await discover(paths, { cwd: dir, ignore });
  const rel = (p: string) => displayPath(p, dir);
  return {
    raw: d,
    modules: Object.fromEntries(d.modules.map((m) => [rel(m.dir), m.files.map(rel)])),
    documents: d.documents.map(rel),
    named: d.named.map(rel),
    notes: d.diagnostics.map((x) => `${x.file}: ${x.message}`),
  };
}

describe('discover', () => {
  it('groups .tf and .tf.json files by directory and lists other .json files as documents', async () => {
    const dir = tree({
      'main.tf': '',
      'b.tf.json': '{}',
      'policy.json': '{}',
      'terraform.tfvars': 'x = 1',
      'prod.auto.tfvars.json': '{}',
      'README.md': '',
      'modules/role/main.tf': '',
      'iam/only-json/trust.json': '{}',
    });
    const s = await scan(dir);
    expect(s.modules).toEqual({ '.': ['b.tf.json', 'main.tf'], 'modules/role': ['modules/role/main.tf'] });
    expect(s.documents).toEqual(['iam/only-json/trust.json', 'policy.json']);
    expect(s.named).toEqual([]);
  });

  it('always skips .terraform, .git and node_modules', async () => {
    const dir = tree({
      'main.tf': '',
      '.terraform/modules/x/main.tf': '',
      '.git/config.json': '{}',
      'node_modules/pkg/package.json': '{}',
      'sub/.terraform/providers.tf': '',
    });
    const s = await scan(dir);
    expect(s.modules).toEqual({ '.': ['main.tf'] });
    expect(s.documents).toEqual([]);
  });

  it('honours the root .gitignore and nested ones, the deepest deciding', async () => {
    const dir = tree({
      '.gitignore': 'build/\n*.generated.tf\nout*.json\n',
      'main.tf': '',
      'x.generated.tf': '',
      'build/main.tf': '',
      'out-plan.json': '{}',
      'env/.gitignore': 'secret.tf\n!out-keep.json\n',
      'env/main.tf': '',
      'env/secret.tf': '',
      'env/out-keep.json': '{}',
      'env/out-drop.json': '{}',
    });
    const s = await scan(dir);
    expect(s.modules).toEqual({ '.': ['main.tf'], env: ['env/main.tf'] });
    expect(s.documents).toEqual(['env/out-keep.json']);
  });

  it('applies the .gitignore of cwd to a scanned subdirectory', async () => {
    const dir = tree({ '.gitignore': 'skip.tf\n', 'infra/main.tf': '', 'infra/skip.tf': '' });
    const s = await scan(dir, ['infra']);
    expect(s.modules).toEqual({ infra: ['infra/main.tf'] });
  });

  it('drops files matched by the ignore option, relative to cwd', async () => {
    const dir = tree({ 'main.tf': '', 'examples/a/main.tf': '', 'fixtures/p.json': '{}' });
    const s = await scan(dir, ['.'], ['examples/', '*.json']);
    expect(s.modules).toEqual({ '.': ['main.tf'] });
    expect(s.documents).toEqual([]);
  });

  it('matches ignore globs against a directory outside cwd reached through a symlink', async () => {
    const real = tree({ 'keep/main.tf': '', 'skip/main.tf': '' });
    const links = tree({});
    const cwd = tree({});
    symlinkSync(real, join(links, 'infra'));
    const d = await discover([join(links, 'infra')], { cwd, ignore: ['skip/'] });
    expect(d.modules.map((m) => m.dir)).toEqual([join(links, 'infra', 'keep')]);
  });

  it('survives a symlink loop and walks each real directory once', async () => {
    const dir = tree({ 'a/main.tf': '' });
    symlinkSync('..', join(dir, 'a', 'link'));
    const s = await scan(dir);
    expect(s.modules).toEqual({ a: ['a/main.tf'] });
  });

  it('does not follow a symlink that leads outside the scan root, and says so', async () => {
    const outside = tree({ 'secret.tf': '', 'secret.json': '{}' });
    const dir = tree({ 'main.tf': '' });
    symlinkSync(outside, join(dir, 'elsewhere'));
    symlinkSync(join(outside, 'secret.json'), join(dir, 'linked.json'));
    const s = await scan(dir);
    expect(s.modules).toEqual({ '.': ['main.tf'] });
    expect(s.documents).toEqual([]);
    expect(s.notes).toEqual([
      'elsewhere: symbolic link points outside the scan root, not followed',
      'linked.json: symbolic link points outside the scan root, not followed',
    ]);
  });

  it('follows a symlinked file and directory that stay inside the root', async () => {
    const dir = tree({ 'shared/providers.tf': '', 'shared/policy.json': '{}', 'env/main.tf': '' });
    symlinkSync('../shared/providers.tf', join(dir, 'env', 'providers.tf'));
    symlinkSync('shared', join(dir, 'alias'));
    const s = await scan(dir);
    // `alias` is reached first (sorted walk) and claims the real directory; `shared` is not walked twice.
    expect(s.modules).toEqual({ alias: ['alias/providers.tf'], env: ['env/main.tf', 'env/providers.tf'] });
    expect(s.documents).toEqual(['alias/policy.json']);
  });

  it('never opens a FIFO, even one named like a Terraform file', async () => {
    const dir = tree({ 'main.tf': '' });
    execFileSync('mkfifo', [join(dir, 'pipe.tf')]);
    const s = await scan(dir);
    expect(s.modules).toEqual({ '.': ['main.tf'] });
    expect(s.notes).toEqual(['pipe.tf: not a regular file, skipped']);
  });

  it('ignores a .gitignore that is a FIFO instead of blocking on it', async () => {
    const dir = tree({ 'main.tf': '' });
    execFileSync('mkfifo', [join(dir, '.gitignore')]);
    const s = await scan(dir);
    expect(s.modules).toEqual({ '.': ['main.tf'] });
  });

  it('scans a named file together with its directory module and records it as named', async () => {
    const dir = tree({ 'env/main.tf': '', 'env/vars.tf': '', 'env/sub/x.tf': '', 'env/p.json': '{}' });
    const s = await scan(dir, ['env/main.tf']);
    expect(s.modules).toEqual({ env: ['env/main.tf', 'env/vars.tf'] });
    expect(s.documents).toEqual([]);
    expect(s.named).toEqual(['env/main.tf']);
  });

  it('takes a named .json file as a document, and a named .tfvars as a warning', async () => {
    const dir = tree({ 'trust.json': '{}', 'main.tf': '', 'prod.tfvars': '' });
    const s = await scan(dir, ['trust.json', 'prod.tfvars']);
    expect(s.documents).toEqual(['trust.json']);
    expect(s.named).toEqual(['trust.json']);
    expect(s.modules).toEqual({});
    expect(s.notes).toEqual(['prod.tfvars: a variables file; pass it with --var-file, skipped']);
  });

  it('takes a named terraform.tfvars or *.auto.tfvars(.json) as its module, which Terraform loads it with', async () => {
    const dir = tree({ 'env/main.tf': '', 'env/terraform.tfvars': '', 'env/a.auto.tfvars.json': '{}', 'other/x.tf': '' });
    const s = await scan(dir, ['env/terraform.tfvars', 'env/a.auto.tfvars.json']);
    expect(s.modules).toEqual({ env: ['env/main.tf'] });
    expect(s.named).toEqual(['env/a.auto.tfvars.json', 'env/terraform.tfvars']);
    expect(s.notes).toEqual([]);
  });

  it('reports a named FIFO instead of blocking on it', async () => {
    const dir = tree({});
    execFileSync('mkfifo', [join(dir, 'p.json')]);
    const s = await scan(dir, ['p.json']);
    expect(s.documents).toEqual([]);
    expect(s.notes).toEqual(['p.json: not a regular file, not read']);
  });

  it('merges a directory reached twice (named file and walk) into one module', async () => {
    const dir = tree({ 'env/main.tf': '', 'env/b.tf': '' });
    const s = await scan(dir, ['env', 'env/main.tf']);
    expect(s.modules).toEqual({ env: ['env/b.tf', 'env/main.tf'] });
    expect(s.named).toEqual(['env/main.tf']);
  });

  it('throws an InputError for a path that does not exist', async () => {
    const dir = tree({});
    await expect(discover(['nope'], { cwd: dir })).rejects.toBeInstanceOf(InputError);
    await expect(discover(['nope'], { cwd: dir })).rejects.toThrow('nope: no such file or directory');
  });

  it('uses the common directory of the paths as root and "." when none is given', async () => {
    const dir = tree({ 'a/x/main.tf': '', 'a/y/main.tf': '' });
    mkdirSync(join(dir, 'empty'));
    expect((await discover(['a/x', 'a/y/main.tf'], { cwd: dir })).root).toBe(join(dir, 'a'));
    const all = await discover([], { cwd: dir });
    expect(all.root).toBe(dir);
    expect(all.modules.map((m) => m.dir)).toEqual([join(dir, 'a/x'), join(dir, 'a/y')]);
  });
});

describe('displayPath', () => {
  it('is relative with forward slashes below cwd and absolute elsewhere', () => {
    expect(displayPath('/w/repo/env/main.tf', '/w/repo')).toBe('env/main.tf');
    expect(displayPath('/w/other/main.tf', '/w/repo')).toBe('/w/other/main.tf');
  });
});
