// What the scan could not decide, said out loud: evaluation limits, unread module sources, trust
// policies whose tokens depend on values known only at apply. A silent unknown is a hidden miss.
import { defineRule } from '../src/model/rule.js';
import type { Range } from '../src/core/source.js';
import { roleTrustsFor } from '../src/trust/index.js';

const fileStart = (file: string): Range => ({ file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } });

export default defineRule({
  meta: {
    id: 'could-not-evaluate',
    description:
      'Notes where the scan could not decide: a value known only at apply, a module source it does not read, an evaluation limit. Nothing was reported there, in either direction.',
    severity: 'info',
    severities: { low: 'for an evaluation error' },
    messages: {
      evaluation: 'Not evaluated: {{message}}',
      trust: '{{message}}',
    },
    tags: ['input'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    for (const d of project.diagnostics) {
      if (d.code !== 'evaluation' && d.code !== 'discovery') continue;
      report({
        messageId: 'evaluation',
        data: { message: d.message },
        range: d.range ?? fileStart(d.file ?? '<unknown>'),
        severity: d.severity === 'error' ? 'low' : 'info',
        fix: 'Give the value (a default, tfvars, --var) or scan the code it comes from, so the rules can decide',
      });
    }
    for (const rt of roleTrustsFor({ project, settings })) {
      for (const n of rt.notes) {
        report({
          messageId: 'trust',
          data: { message: `Role "${rt.role.label}": ${n.message}` },
          range: n.range,
          callChain: rt.role.callChain,
          resource: rt.role.address ?? rt.role.id,
          fix: 'Give the values the trust policy is built from (a default, tfvars, --var), or lint the plan JSON, where they are known',
        });
      }
    }
  },
});
