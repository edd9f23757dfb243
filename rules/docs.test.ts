// Executable rule docs: every code block under a doc's `## Examples` runs through the real
// pipeline and must make its rule fire or stay quiet, as the prose above it says.
//
// The convention (also in rules/README.md):
// - A line starting `Fires` or `Also fires` makes the blocks after it "fires" examples (the rule
//   reports at least one finding); `Stays quiet` or `Also quiet` makes them "quiet" examples (none).
// - A block's language names its file: `hcl` → main.tf; `json` → plan.json (a plan: it has
//   `format_version` and `planned_values`/`resource_changes`), main.tf.json (Terraform JSON: a
//   top-level `resource`, `data`, `variable`, `locals`, `module` or `provider`), else trust-policy.json.
// - A first line `# file: <path>` or `// file: <path>` names the file instead and is not written
//   to it. Blocks with such a line that follow each other with only blank lines between them
//   form one example (one directory).
// - HTML comment lines before an example set its options: `<!-- settings: {json} -->` (the
//   config's expectations), `<!-- options: {json} -->` (this rule's options), `<!-- with rules:
//   a, b -->` (more rules to run beside it), `<!-- not run: reason -->` (skipped, reason shown).
// - Every doc needs at least one Fires and one Stays quiet example; an unknown language, a block
//   with no Fires/Stays quiet line above it, or a bad directive fails the test. Examples must be
//   complete: they must parse, and must declare a provider, role, policy, workspace variable or key.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Expectations } from '../src/core/config.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { findRule, rules } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

// Only these docs may have a label (Fires/Stays quiet) whose every example is `not run`.
const OFFLINE_UNRUNNABLE = new Set(['thumbprint-current', 'internal-error', 'dormant-provider-trust']);

type Label = 'fires' | 'quiet';

interface DocExample {
  label: Label;
  /** 1-based line of the first block's opening fence in the doc. */
  line: number;
  files: Record<string, string>;
  settings?: Expectations;
  options?: Record<string, unknown>;
  withRules: string[];
  notRun?: string;
}

const FILE_COMMENT = /^\s*(?:#|\/\/)\s*file:\s*(\S+)\s*$/;
const DIRECTIVE = /^<!--\s*(settings|options|with rules|not run)\s*:\s*(.*?)\s*-->\s*$/;
const TF_JSON_KEYS = ['resource', 'data', 'variable', 'locals', 'module', 'provider', 'output', 'terraform'];

function jsonFileName(text: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'trust-policy.json';
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return 'trust-policy.json';
  const keys = Object.keys(doc);
  if (keys.includes('format_version') && (keys.includes('planned_values') || keys.includes('resource_changes'))) return 'plan.json';
  if (keys.some((k) => TF_JSON_KEYS.includes(k))) return 'main.tf.json';
  return 'trust-policy.json';
}

function defaultFileName(lang: string, text: string): string | undefined {
  if (lang === 'hcl' || lang === 'terraform' || lang === 'tf') return 'main.tf';
  if (lang === 'json') return jsonFileName(text);
  return undefined;
}

/** The examples of one doc, and what is wrong with its Examples section. */
function examplesOf(markdown: string): { examples: DocExample[]; errors: string[] } {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^## Examples\s*$/.test(l));
  const examples: DocExample[] = [];
  const errors: string[] = [];
  if (start < 0) return { examples, errors: ['no "## Examples" section'] };
  let label: Label | undefined;
  let pending: Omit<DocExample, 'label' | 'line' | 'files'> = { withRules: [] };
  // The example that a following `file:` block may join; reset by any non-blank line.
  let open: DocExample | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^##\s/.test(line)) break;
    if (!line.trim()) continue;
    const fence = /^```\s*(\S*)\s*$/.exec(line);
    if (!fence) {
      open = undefined;
      const d = DIRECTIVE.exec(line);
      if (d) {
        try {
          if (d[1] === 'settings') pending.settings = JSON.parse(d[2]) as Expectations;
          else if (d[1] === 'options') pending.options = JSON.parse(d[2]) as Record<string, unknown>;
          else if (d[1] === 'with rules')
            pending.withRules.push(
              ...d[2]
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            );
          else pending.notRun = d[2];
        } catch (e) {
          errors.push(`line ${i + 1}: bad ${d[1]} directive (${String(e)})`);
        }
      } else if (/^(Fires|Also fires)\b/.test(line)) label = 'fires';
      else if (/^(Stays quiet|Also quiet)\b/.test(line)) label = 'quiet';
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) {
      errors.push(`line ${i + 1}: unclosed code block`);
      break;
    }
    let body = lines.slice(i + 1, end);
    const named = FILE_COMMENT.exec(body[0] ?? '');
    if (named) body = body.slice(1);
    const text = body.join('\n') + '\n';
    const file = named?.[1] ?? defaultFileName(fence[1], text);
    if (!file) errors.push(`line ${i + 1}: a "${fence[1]}" block names no file (use hcl, json or a "file:" first line)`);
    else if (!label) errors.push(`line ${i + 1}: a code block with no "Fires" or "Stays quiet" line above it`);
    else if (named && open && !(file in open.files)) open.files[file] = text;
    else {
      if (open && named) errors.push(`line ${i + 1}: file ${file} appears twice in one example`);
      const example: DocExample = { label, line: i + 1, files: { [file]: text }, ...pending };
      examples.push(example);
      pending = { withRules: [] };
      open = named ? example : undefined;
    }
    i = end;
  }
  return { examples, errors };
}

describe('rule docs: examples run', () => {
  for (const rule of rules) {
    const id = rule.meta.id;
    const { examples, errors } = examplesOf(readFileSync(join(here, `${id}.md`), 'utf8'));

    describe(id, () => {
      it('has a well-formed Examples section with a Fires and a Stays quiet example that run', () => {
        expect(errors).toEqual([]);
        for (const label of ['fires', 'quiet'] as const) {
          const mine = examples.filter((e) => e.label === label);
          expect(mine.length, `${id}: no ${label} example`).toBeGreaterThan(0);
          if (!OFFLINE_UNRUNNABLE.has(id))
            expect(mine.filter((e) => !e.notRun).length, `${id}: no runnable ${label} example`).toBeGreaterThan(0);
        }
        for (const e of examples) for (const other of e.withRules) expect(findRule(other), `unknown rule "${other}"`).toBeDefined();
      });

      for (const e of examples) {
        const title = `${e.label === 'fires' ? 'fires' : 'stays quiet'} on the example at ${id}.md:${e.line} (${Object.keys(e.files).join(', ')})`;
        if (e.notRun) {
          // Not run here, so it must say which test runs its case, and that test must exist and exercise the rule.
          it(`${title}: not run offline (${e.notRun}); the test it names covers the rule`, () => {
            const named = /\b(?:test|rules)\/[\w./-]+\.test\.ts\b/.exec(e.notRun!)?.[0];
            expect(named, `${id}.md:${e.line}: a "not run" reason must name the test that covers it`).toBeDefined();
            const path = join(here, '..', named!);
            expect(existsSync(path), `${named} does not exist`).toBe(true);
            expect(readFileSync(path, 'utf8')).toContain(id);
          });
          continue;
        }
        it(title, async () => {
          // parse-error always runs: an example that does not parse proves nothing.
          const extra = [...e.withRules, ...(id === 'parse-error' ? [] : ['parse-error'])];
          const result = await lintTree(e.files, {
            rules: [rule, ...extra.map((x) => findRule(x)!)],
            ...(e.settings ? { expectations: e.settings } : {}),
            ...(e.options ? { ruleOptions: { [id]: e.options } } : {}),
            prefilter: true,
            jobs: 1,
          });
          const summary = JSON.stringify(
            result.findings.map((f) => `${f.ruleId}/${f.messageId}: ${f.message}`),
            null,
            1,
          );
          // For doc authors: see what each example reports.
          if (process.env.DOCS_SHOW) console.log(`${id}.md:${e.line}`, summary);
          if (id !== 'parse-error')
            expect(
              result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.message),
              'the example does not parse',
            ).toEqual([]);
          // A fragment (a bare `Condition = {...}`) parses and is trivially quiet: demand a model.
          const p = result.project;
          const elements =
            p.providers.length + p.roles.length + p.policies.length + (p.workspaceVariables?.length ?? 0) + (p.accessKeys?.length ?? 0);
          if (id !== 'parse-error')
            expect(elements, 'the example declares no provider, role, policy, workspace variable or access key').toBeGreaterThan(0);
          const mine = result.findings.filter((f) => f.ruleId === id);
          if (e.label === 'fires') expect(mine.length, summary).toBeGreaterThan(0);
          else
            expect(
              mine.map((f) => f.message),
              summary,
            ).toEqual([]);
        });
      }
    });
  }
});
