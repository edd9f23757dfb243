// A `# tfc-oidc-lint-ignore` comment that cannot be honoured as written. The engine reports it
// (src/engine/suppress.ts): whether a comment is valid is known only after every rule ran.
import { defineRule } from '../src/model/rule.js';

export default defineRule({
  meta: {
    id: 'invalid-suppression',
    description: 'An inline suppression comment must name known rule ids and give a reason; one without a reason suppresses nothing.',
    severity: 'medium',
    messages: {
      noRule: 'This suppression comment names no rule: write `# tfc-oidc-lint-ignore <rule-id>: <reason>`',
      unknownRule: 'This suppression comment names unknown rule {{ids}}: it suppresses nothing for that id',
      noReason: 'This suppression comment gives no reason, so it suppresses nothing: add `: <why this is acceptable>`',
    },
    tags: ['suppression'],
    issuers: ['*'],
  },
  check() {
    // Reported by the engine after all rules ran; see src/engine/suppress.ts.
  },
});
