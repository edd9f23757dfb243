// Start-up: `--version` and `--help` load neither the grammar nor the AWS SDK (nor the engine).
// The built bin runs with a module-resolution hook that logs every module it loads; a plain
// lint is the control that shows the log does see the grammar when it is loaded.
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

function loaded(args: string[]): { status: number | null; modules: string[] } {
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
    return { status: r.status, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
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
    const { status, modules } = loaded(['fixtures/secure']);
    expect(status).toBe(0);
    expect(modules.some((m) => /web-tree-sitter/.test(m))).toBe(true);
    expect(modules.filter((m) => /@aws-sdk\//.test(m))).toEqual([]);
  });
});
