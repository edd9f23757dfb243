// Every input that could not be read or parsed, reported where it broke; the rest of the scan goes on.
import { defineRule } from '../src/model/rule.js';

const SYNTAX_FIX =
  'Fix the syntax (terraform validate / a JSON linter shows the same place); findings in this part of the file are missing until then';

/**
 * The fix that fits why the file was not linted: a syntax fix helps only a file that was read
 * and parsed. Keyed on the reader's messages (src/discover/read.ts).
 */
const NOT_READ: [RegExp, string][] = [
  [
    /binary file/,
    'This is not a text file: if it is not a Terraform or IAM input, keep it out of the scan (.gitignore, or name the paths to lint); nothing in it was checked',
  ],
  [
    /over the .*limit|too large|size limit/,
    'Raise the limit (--max-file-size, or maxFileSize in the config), or lint the source the file is generated from; nothing in it was checked',
  ],
  [/permission denied/, 'Make the file readable by the user that runs the linter; nothing in it was checked until then'],
  [/not valid UTF-8/, 'Save the file as UTF-8 (Terraform rejects other encodings too); nothing in it was checked'],
  [/a directory|not a regular file|file not found|cannot read file/, 'Name a regular, readable file; nothing in it was checked'],
];

export function parseErrorFix(message: string): string {
  return NOT_READ.find(([re]) => re.test(message))?.[1] ?? SYNTAX_FIX;
}

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
      const range = d.range ?? {
        file: d.file ?? '<unknown>',
        start: { line: 1, column: 1, offset: 0 },
        end: { line: 1, column: 1, offset: 0 },
      };
      if (d.limit) {
        report({
          messageId: 'tooLarge',
          data: { message: d.message },
          range,
          fix: 'Raise the limit (--max-file-size 64, or "maxFileSize": 64 in the config, in MB) to scan this file; the file itself may be fine',
        });
        continue;
      }
      report({
        messageId: d.range ? 'parseError' : 'unreadable',
        data: { message: d.message },
        range,
        fix: parseErrorFix(d.message),
      });
    }
  },
});
