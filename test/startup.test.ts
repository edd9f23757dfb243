// Start-up: `--version` and `--help` load neither the grammar nor the AWS SDK (nor the engine).
// The built bin runs with a module-resolution hook that logs every module it loads; a plain
// lint is the control that shows the log does see the grammar when it is loaded. The bin runs
// the bundled CLI (scripts/bundle.mjs): a file of dist/bundle stands for the dist/src modules
// bundled into it (dist/bundle/inputs.json).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../src/testing/tf.js';

const HOOK = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.TFC_OIDC_LINT_LOAD_LOG, r.url + '\\\\n');
  return r;
}\`));
`;

const ROOT = new URL('..', import.meta.url);
const BUNDLE = new URL('dist/bundle/', ROOT).href;
const bundled = JSON.parse(readFileSync(new URL('dist/bundle/inputs.json', ROOT), 'utf8')) as Record<string, string[]>;

/** A loaded URL, or for a file of the bundle the URLs of the dist/src modules in it. */
function unbundled(url: string): string[] {
  if (!url.startsWith(BUNDLE)) return [url];
  const inputs = bundled[url.slice(BUNDLE.length)];
  if (!inputs) throw new Error(`${url} is not in dist/bundle/inputs.json: is the bundle older than the build?`);
  return [url, ...inputs.map((i) => new URL(i, ROOT).href)];
}

function loaded(args: string[]): { status: number | null; modules: string[]; urls: string[] } {
  const tmp = writeTree({});
  try {
    const hook = join(tmp.dir, 'hook.mjs');
    const log = join(tmp.dir, 'loaded.log');
    writeFileSync(hook, HOOK);
    writeFileSync(log, '');
    const bin = new URL('../bin/tfc-oidc-lint.js', import.meta.url).pathname;
    const r = spawnSync(process.execPath, ['--import', hook, bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, TFC_OIDC_LINT_LOAD_LOG: log, NO_COLOR: '1' },
    });
    const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    return { status: r.status, modules: urls.flatMap(unbundled), urls };
  } finally {
    tmp.cleanup();
  }
}

const HEAVY = [/web-tree-sitter/, /tree-sitter-hcl/, /@aws-sdk\//, /dist\/src\/engine\/lint\.js/, /dist\/src\/terraform\//];

describe('start-up of the built bin', () => {
  it('--help loads no grammar, no AWS SDK, no engine', () => {
    const { status, modules } = loaded(['--help']);
    expect(status).toBe(0);
    expect(modules.some((m) => m.endsWith('/dist/src/cli/index.js'))).toBe(true);
    for (const heavy of HEAVY)
      expect(
        modules.filter((m) => heavy.test(m)),
        String(heavy),
      ).toEqual([]);
  });

  it.each([['--version'], ['-v']])('%s loads nothing of the CLI at all: the bin answers it from package.json', (flag) => {
    const { status, modules } = loaded([flag]);
    expect(status).toBe(0);
    expect(modules.filter((m) => /\/dist\/|node_modules/.test(m))).toEqual([]);
  });

  it('control: a lint run does load the grammar (and still no AWS SDK)', () => {
    const { status, modules, urls } = loaded(['fixtures/secure']);
    expect(status).toBe(0);
    // From the bundle: none of dist/src's own files is loaded one by one.
    expect(urls.some((u) => u.startsWith(BUNDLE))).toBe(true);
    expect(urls.filter((u) => u.includes('/dist/src/'))).toEqual([]);
    expect(modules.some((m) => m.endsWith('/dist/src/engine/lint.js'))).toBe(true);
    expect(modules.some((m) => /web-tree-sitter/.test(m))).toBe(true);
    expect(modules.filter((m) => /@aws-sdk\//.test(m))).toEqual([]);
  });
});
