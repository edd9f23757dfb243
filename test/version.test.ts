// One version everywhere: the one printed, package.json's, every release reference a user copies
// (README/docs `rev:`, action.yml `@v…`, the GitLab template's ref) and, once it exists, the git tag.
// The release step is `npm version <patch|minor|major>` (docs/development.md#releasing): its `version` script
// (scripts/sync-version.mjs) rewrites the references before npm commits and tags v<version>.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../src/testing/cli.js';
import { writeTree } from '../src/testing/tf.js';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
// The same pattern as scripts/sync-version.mjs.
const RELEASE_REF = /(rev: |tfc-oidc-lint@|tfc-oidc-lint\.git#|\/tfc-oidc-lint\/|TFC_OIDC_LINT_REF: )(v\d+\.\d+\.\d+(?:-[\w.]+)?)/g;
const pinned = [
  'README.md',
  'action.yml',
  '.pre-commit-hooks.yaml',
  'ci/gitlab-ci.yml',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const refs = (text: string) => [...text.matchAll(RELEASE_REF)].map((m) => m[2]);

describe('versions agree', () => {
  it('the version printed is the package version', async () => {
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('every release reference in README, docs, action.yml, the hook and the GitLab template is v<package version>', () => {
    const found = Object.fromEntries(pinned.map((f) => [f, refs(readFileSync(join(root, f), 'utf8'))]));
    expect(found['README.md']).toContain(`v${pkg.version}`);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`rev: v${pkg.version}`);
    for (const f of ['action.yml', '.pre-commit-hooks.yaml', 'ci/gitlab-ci.yml']) expect(found[f].length, f).toBeGreaterThan(0);
    const wrong = Object.entries(found).flatMap(([f, vs]) => vs.filter((v) => v !== `v${pkg.version}`).map((v) => `${f}: ${v}`));
    expect(wrong).toEqual([]);
  });

  it('a git tag v<version>, where it exists, is a commit of that version', () => {
    const tag = spawnSync('git', ['rev-parse', '-q', '--verify', `refs/tags/v${pkg.version}`], { cwd: root, encoding: 'utf8' });
    if (tag.status !== 0) return; // not released yet: the tag is made by the release step
    const tagged = JSON.parse(execFileSync('git', ['show', `v${pkg.version}:package.json`], { cwd: root, encoding: 'utf8' })) as {
      version: string;
    };
    expect(tagged.version).toBe(pkg.version);
  });

  it('the release step rewrites every reference: npm version runs scripts/sync-version.mjs', () => {
    expect(pkg.scripts.version).toContain('node scripts/sync-version.mjs');
    const t = writeTree({});
    try {
      for (const f of [...pinned, 'scripts/sync-version.mjs']) {
        mkdirSync(join(t.dir, f, '..'), { recursive: true });
        cpSync(join(root, f), join(t.dir, f));
      }
      writeFileSync(join(t.dir, 'package.json'), JSON.stringify({ ...pkg, version: '9.8.7' }));
      execFileSync(process.execPath, ['scripts/sync-version.mjs'], { cwd: t.dir });
      for (const f of pinned) {
        const before = refs(readFileSync(join(root, f), 'utf8'));
        expect(refs(readFileSync(join(t.dir, f), 'utf8')), f).toEqual(before.map(() => 'v9.8.7'));
      }
    } finally {
      t.cleanup();
    }
  });
});
