// Every input that could not be read or parsed, reported where it broke; the rest of the scan goes on.
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'parse-error',
    description: 'An input file could not be read or parsed, so nothing in the broken part was checked.',
    severity: 'high',
    messages: {
      parseError: '{{message}}',
      unreadable: '{{message}}',
      tooLarge: '{{message}}',
    },
    tags: ['input'],
    issuers: ['*'],
  },
  check({ project, report }) {
    for (const d of project.diagnostics) {
      if (d.code !== 'parse-error') continue;
      const file = d.range ? project.files.get(d.range.file) : undefined;
      const range = d.range ?? {
        file: d.file ?? '<unknown>',
        start: { line: 1, column: 1, offset: 0 },
        end: { line: 1, column: 1, offset: 0 },
      };
      if (d.limit) {
        report({ messageId: 'tooLarge', data: { message: d.message }, range, fix: 'Raise the limit (--max-file-size 64, or "maxFileSize": 64 in the config, in MB) to scan this file; the file itself may be fine' });
        continue;
      }
      report({
        messageId: file || d.range ? 'parseError' : 'unreadable',
        data: { message: d.message },
        range,
        fix: 'Fix the syntax (terraform validate / a JSON linter shows the same place); findings in this part of the file are missing until then',
      });
    }
  },
});
