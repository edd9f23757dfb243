// A `# tfc-oidc-lint-ignore` comment that matched no finding: the problem was fixed or the comment
// sits in the wrong place. Reported by the engine (src/engine/suppress.ts), which sees the matches.
import { defineRule } from '../src/model/rule.js';

export default defineRule({
  meta: {
    id: 'unused-suppression',
    description: 'An inline suppression comment that matches no finding should be removed, so it cannot hide a future problem.',
    severity: 'low',
    messages: {
      unused: 'This suppression comment matches no finding of {{ids}}: the problem is gone or the comment is in the wrong place',
    },
    tags: ['suppression'],
    issuers: ['*'],
  },
  check() {
    // Reported by the engine after all rules ran; see src/engine/suppress.ts.
  },
});
