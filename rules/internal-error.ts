// A crash of the tool itself — a rule that throws, the evaluator failing on one module — is a
// finding naming what crashed, never a silent gap and never the end of the scan. The engine
// runs this rule after every other one, whatever order the list has and even when a rule
// selection leaves it out (as ESLint reports a fatal error whatever rules are on), so a crash in
// any rule is reported.
import type { Project } from '../src/model/types.js';
import type { Range } from '../src/core/source.js';
import { defineRule } from '../src/model/rule.js';

export const INTERNAL_ERROR = 'internal-error';

/** Where a crash without a place of its own is shown: the first scanned file, else a pseudo path. */
export function projectRange(project: Project): Range {
  const first = [...project.files.keys()].sort()[0] ?? '<scan>';
  return { file: first, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

export default defineRule({
  meta: {
    id: INTERNAL_ERROR,
    description:
      'A part of tfc-oidc-lint crashed (a rule, or the evaluator on one module): its findings are missing, the rest of the scan is reported.',
    severity: 'high',
    messages: {
      crashed: '{{message}}',
    },
    tags: ['input'],
    issuers: ['*'],
  },
  check({ project, report }) {
    for (const d of project.diagnostics) {
      if (d.code !== INTERNAL_ERROR) continue;
      const range =
        d.range ??
        (d.file
          ? { file: d.file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } }
          : projectRange(project));
      report({
        messageId: 'crashed',
        data: { message: d.message },
        range,
        fix: 'This is a bug in tfc-oidc-lint: please report it with the input that caused it. The findings of the part that crashed are missing until then',
      });
    }
  },
});
