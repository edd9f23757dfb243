// Every command the README and docs/ show is run as written, and must end with the exit code
// they state. The convention (docs/development.md, "Commands in the docs are tests"):
// - In ```sh / ```shell / ```bash blocks every line is a command (`\` continues it; `#` lines are
//   comments); in plain and ```console blocks only lines starting with `$ `.
// - A trailing comment that says `exit N` states the exit code; otherwise a sample whose output
//   shows `✖` expects 1, and anything else 0.
// - `<!-- not run: … -->` on the line before a block skips it; the reason must name the
//   repository file that runs those commands instead: `.ci/run` (which must then contain each
//   command verbatim) or a test or script that exists.
// Commands run with bash in a sandbox per document: a project whose node_modules holds this
// checkout (so `npx tfc-oidc-lint`, `tfc-oidc-lint` and `import 'tfc-oidc-lint'` resolve to it, offline), `infra/`
// holding a copy of the seed example, and `bin/` and `fixtures/` linked from the checkout.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from '../src/testing/tf.js';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

interface Command {
  line: number;
  text: string;
  exit: number;
}
interface Block {
  doc: string;
  line: number;
  lang: string;
  notRun?: string;
  commands: Command[];
}

function blocks(doc: string, text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const lang = open[1];
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const body = lines.slice(i + 1, end);
    const notRun = /^<!--\s*not run:\s*(.+?)\s*-->$/.exec(lines[i - 1] ?? '')?.[1];
    const shell = ['sh', 'shell', 'bash'].includes(lang);
    if (shell || lang === '' || lang === 'console') {
      const sample = body.some((l) => l.startsWith('✖'));
      const commands: Command[] = [];
      for (let j = 0; j < body.length; j++) {
        let text = body[j];
        const at = i + 2 + j;
        if (shell ? !text.trim() || text.trim().startsWith('#') : !text.startsWith('$ ')) continue;
        if (!shell) text = text.slice(2);
        while (text.endsWith('\\') && j + 1 < body.length) text = text.slice(0, -1) + ' ' + body[++j].trim();
        const stated = /#.*\bexit(?: code)? (\d+)\b/.exec(text);
        commands.push({ line: at, text: text.replace(/\s+#.*$/, '').trim(), exit: stated ? Number(stated[1]) : sample ? 1 : 0 });
      }
      if (commands.length) out.push({ doc, line: i + 1, lang, notRun, commands });
    }
    i = end;
  }
  return out;
}

function sandbox(): { dir: string; cleanup(): void } {
  const t = writeTree({ 'package.json': JSON.stringify({ name: 'docs-sandbox', private: true, type: 'module' }) });
  mkdirSync(join(t.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(root, join(t.dir, 'node_modules', 'tfc-oidc-lint'));
  symlinkSync(join(root, 'bin', 'tfc-oidc-lint.js'), join(t.dir, 'node_modules', '.bin', 'tfc-oidc-lint'));
  for (const d of ['bin', 'fixtures']) symlinkSync(join(root, d), join(t.dir, d));
  cpSync(join(root, 'fixtures', 'seed'), join(t.dir, 'infra'), { recursive: true });
  return t;
}

// The parent `npm test` exports npm_* variables; the commands run as a user types them.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  NO_COLOR: '1',
  npm_config_update_notifier: 'false',
  npm_config_offline: 'true',
};
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

describe('commands in the README and docs', () => {
  const all = documents.flatMap((doc) => blocks(doc, readFileSync(join(root, doc), 'utf8')));

  it('the README shows the everyday path: npm ci, npm test, and a run', () => {
    const commands = all.filter((b) => b.doc === 'README.md').flatMap((b) => b.commands.map((c) => c.text));
    expect(commands).toContain('npm ci');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('`npm test`');
    // Short: the rest is in docs/, which the README links.
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
    for (const doc of documents.filter((d) => d !== 'README.md')) expect(readme, `README links ${doc}`).toContain(`](${doc})`);
    expect(commands.some((c) => c.startsWith('npx tfc-oidc-lint '))).toBe(true);
  });

  it('a block that is not run names what runs it instead, and that exists', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const b of all.filter((x) => x.notRun !== undefined)) {
      const where = `${b.doc}:${b.line}`;
      const path = /(\.ci\/run|[\w./-]+\.(?:ts|mjs|js|sh))/.exec(b.notRun!)?.[1];
      expect(path, `${where}: "not run" must name the file that runs these commands`).toBeDefined();
      expect(existsSync(join(root, path!)), `${where}: ${path} does not exist`).toBe(true);
      if (path === '.ci/run')
        for (const c of b.commands)
          expect(
            ci.some((l) => l.includes(c.text)),
            `${where}: .ci/run must run "${c.text}"`,
          ).toBe(true);
    }
  });

  for (const doc of documents) {
    const runnable = all.filter((b) => b.doc === doc && b.notRun === undefined);
    if (!runnable.length) continue;
    it(`${doc}: every command works and exits as stated`, () => {
      const box = sandbox();
      cleanups.push(box.cleanup);
      for (const b of runnable) {
        for (const c of b.commands) {
          // The package's bin on PATH too, as after a global install or inside an npm script.
          const path = `${join(box.dir, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;
          const r = spawnSync('bash', ['-c', c.text], { cwd: box.dir, env: { ...env, PATH: path }, encoding: 'utf8', timeout: 60_000 });
          expect({
            at: `${doc}:${c.line}`,
            command: c.text,
            exit: r.status,
            stderr: r.status === c.exit ? '' : r.stderr.slice(0, 2000),
          }).toEqual({ at: `${doc}:${c.line}`, command: c.text, exit: c.exit, stderr: '' });
        }
      }
    }, 300_000);
  }
});

// The parser itself, on a small document.
describe('blocks()', () => {
  it('reads commands, continuations, stated exit codes, samples and not-run markers', () => {
    const text = [
      '```sh',
      '# a comment',
      'npx tfc-oidc-lint infra/   # exit 1: findings',
      'npx tfc-oidc-lint \\',
      '  --explain x',
      '```',
      '```',
      '$ npx tfc-oidc-lint fixtures/seed',
      '✖ 5 problems',
      '```',
      '<!-- not run: by .ci/run -->',
      '```sh',
      'npm ci',
      '```',
      '```yaml',
      'run: npx tfc-oidc-lint',
      '```',
    ].join('\n');
    const found = blocks('x.md', text);
    expect(found.map((b) => [b.line, b.notRun, b.commands.map((c) => [c.text, c.exit])])).toEqual([
      [
        1,
        undefined,
        [
          ['npx tfc-oidc-lint infra/', 1],
          ['npx tfc-oidc-lint  --explain x', 0],
        ],
      ],
      [7, undefined, [['npx tfc-oidc-lint fixtures/seed', 1]]],
      [12, 'by .ci/run', [['npm ci', 0]]],
    ]);
  });
});
