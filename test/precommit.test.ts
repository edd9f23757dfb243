// The pre-commit hook under the real `pre-commit` (Debian's package; `.ci/run` installs it):
// pre-commit clones this repository at HEAD (a real rev), installs the hook the way it installs
// every node hook (`npm install`, `npm pack`, `npm install -g <tarball>` into its own env) and runs
// it from `git commit` in a temporary repository. What is tested is the committed HEAD, not
// uncommitted edits in the working tree.
//
// Installing takes a while (npm installs the clone's dependencies and builds it); the npm cache
// that `npm ci` filled makes it work offline too (`prefer-offline`; the registry is asked only for
// what the cache lacks).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tf, tfcRole, writeTree } from '../src/testing/tf.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}

const root = new URL('..', import.meta.url).pathname;
const [hook] = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

// The parent `npm test` exports npm_* variables (lifecycle, config); the hook's own npm must not see them.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=.git/hooks', ...args], {
    cwd,
    encoding: 'utf8',
    env: gitEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

let home: string;
let gitEnv: NodeJS.ProcessEnv;
const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tfc-oidc-lint-pre-commit-'));
  gitEnv = {
    ...baseEnv,
    PRE_COMMIT_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  };
  const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error('pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it)');
});
afterAll(() => rmSync(home, { recursive: true, force: true }), 120_000);

/** A git repository using the hook from this repository at HEAD, with `pre-commit install` done. */
function repo(files: Record<string, string>) {
  const t = writeTree({
    ...files,
    '.pre-commit-config.yaml': `repos:\n  - repo: ${root}\n    rev: ${rev}\n    hooks:\n      - id: ${hook.id}\n`,
  });
  git(t.dir, 'init', '-q');
  const install = spawnSync('pre-commit', ['install'], { cwd: t.dir, env: gitEnv, encoding: 'utf8' });
  expect(install.status, install.stderr).toBe(0);
  return {
    dir: t.dir,
    cleanup: t.cleanup,
    write: (path: string, text: string) => writeFileSync(join(t.dir, path), text),
    /** `git add` then `git commit`, which runs the hook: its exit status and what it printed. */
    // Asynchronous: the first commit installs the hook (minutes), and the test worker must stay responsive.
    async commit(...paths: string[]) {
      git(t.dir, 'add', ...paths);
      try {
        const r = await promisify(execFile)('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'change'], {
          cwd: t.dir,
          env: gitEnv,
          encoding: 'utf8',
          timeout: 600_000,
        });
        return { status: 0, output: r.stdout + r.stderr };
      } catch (e) {
        const err = e as { code?: number; stdout?: string; stderr?: string; message: string };
        if (typeof err.code !== 'number') throw e;
        return { status: err.code, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
      }
    },
    head: () => spawnSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: t.dir, env: gitEnv, encoding: 'utf8' }).stdout.trim(),
  };
}

const trust = (sub: string) => tfcRole(sub);
const variables = tf`
  variable "project" {
    type    = string
    default = "infra"
  }
`;
const pinned = trust('organization:acme:project:${var.project}:workspace:prod:run_phase:apply');

describe('the pre-commit hook under the real pre-commit', () => {
  it('is a node hook that sees .tf, .json, terraform.tfvars, *.auto.tfvars and Stacks files, in one process', () => {
    expect(hook).toMatchObject({ id: 'tfc-oidc-lint', language: 'node', entry: 'tfc-oidc-lint', require_serial: true });
    const matches = (f: string) => new RegExp(hook.files).test(f);
    expect(
      [
        'main.tf',
        'a/b.tf.json',
        'plan.json',
        'terraform.tfvars',
        'env/terraform.tfvars',
        'prod.auto.tfvars',
        'x.auto.tfvars.json',
        'stack/deployments.tfdeploy.hcl',
        'components.tfstack.hcl',
        'net.tfcomponent.hcl',
      ].filter((f) => !matches(f)),
    ).toEqual([]);
    expect(['README.md', 'prod.tfvars', 'my-terraform.tfvars', 'deployments.hcl', 'backend.hcl'].filter(matches)).toEqual([]);
  });

  // One repository for the whole story, so that pre-commit installs the hook once.
  it('installs, passes a pinned trust, blocks an open one, and blocks a tfvars-only change that opens it', async () => {
    const r = repo({ 'infra/main.tf': pinned, 'infra/variables.tf': variables, 'README.md': '# infra\n' });
    try {
      // A pinned trust: the commit goes through (this first commit also installs the hook).
      const good = await r.commit('.');
      expect(good.output).toMatch(/tfc-oidc-lint\.+Passed/);
      expect(good.status).toBe(0);
      const first = r.head();
      expect(first).not.toBe('');

      // An organization wildcard in main.tf: blocked, naming the rule and the file.
      r.write('infra/main.tf', trust('organization:*:project:infra:workspace:prod:run_phase:apply'));
      const bad = await r.commit('infra/main.tf');
      expect(bad.output).toMatch(/tfc-oidc-lint\.+Failed/);
      expect(bad.output).toContain('no-wildcard-organization');
      expect(bad.output).toContain('infra/main.tf');
      expect(bad.status).not.toBe(0);
      expect(r.head()).toBe(first);
      git(r.dir, 'checkout', '-q', 'HEAD', '--', 'infra/main.tf');

      // Only terraform.tfvars changes, and it opens the project: blocked, pointing at the tfvars line.
      r.write('infra/terraform.tfvars', 'project = "*"\n');
      const tfvars = await r.commit('infra/terraform.tfvars');
      expect(tfvars.status).not.toBe(0);
      expect(tfvars.output).toContain('no-wildcard-project');
      expect(tfvars.output).toContain('terraform.tfvars:1');
      expect(r.head()).toBe(first);
      git(r.dir, 'rm', '-q', '--cached', 'infra/terraform.tfvars');
      rmSync(join(r.dir, 'infra/terraform.tfvars'));

      // The same through a *.auto.tfvars.json file.
      r.write('infra/prod.auto.tfvars.json', '{ "project": "*" }\n');
      const auto = await r.commit('infra/prod.auto.tfvars.json');
      expect(auto.status).not.toBe(0);
      expect(auto.output).toContain('no-wildcard-project');
      expect(r.head()).toBe(first);
      git(r.dir, 'rm', '-q', '--cached', 'infra/prod.auto.tfvars.json');
      rmSync(join(r.dir, 'infra/prod.auto.tfvars.json'));

      // A change to the variable's default in variables.tf is caught in main.tf, which did not change.
      r.write('infra/variables.tf', variables.replace('"infra"', '"*"'));
      const viaVariables = await r.commit('infra/variables.tf');
      expect(viaVariables.status).not.toBe(0);
      expect(viaVariables.output).toContain('no-wildcard-project');
      expect(viaVariables.output).toContain('infra/main.tf');
      git(r.dir, 'checkout', '-q', 'HEAD', '--', 'infra/variables.tf');

      // A commit of unrelated files does not run the hook at all.
      r.write('README.md', '# infra, documented\n');
      const docs = await r.commit('README.md');
      expect(docs.output).toMatch(/tfc-oidc-lint\.+\(no files to check\)Skipped/);
      expect(docs.status).toBe(0);
    } finally {
      r.cleanup();
    }
  }, 900_000);
});
