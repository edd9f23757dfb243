// A `sub` pattern written for workspace runs that also admits Stacks deployments or private-registry
// module test runs (`organization:acme:*`): other people, with other permissions, start those runs.
import { defineRule } from '../src/model/rule.js';
import type { Statement } from '../src/model/types.js';
import type { Value } from '../src/core/value.js';
import {
  type AcceptedToken,
  type RunKind,
  patternFields,
  pinSubFix,
  placeOf,
  showValue,
  trustsWithLatentFor,
  witnessOf,
} from '../src/trust/index.js';

const KIND_WORDS: Record<RunKind, string> = {
  workspace: 'workspace runs',
  legacy: 'project-less legacy workspace tokens',
  stack: 'Stacks deployments',
  'module-test': 'private-registry module test runs',
};

export default defineRule({
  meta: {
    id: 'sub-admits-other-run-kinds',
    description:
      'A `sub` pattern should admit only the kind of run it was written for; `organization:acme:*` also lets in Stacks deployments and registry module test runs.',
    severity: 'medium',
    messages: {
      otherKinds:
        'The sub value "{{pattern}}" of role "{{role}}" admits {{kinds}}, not only {{meant}}: whoever can {{who}} in organization "{{org}}" gets these credentials',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsWithLatentFor({ project, settings })) {
      const unrestricted = new Set(trust.unrestricted.map((u) => u.statement));
      const groups = new Map<Value | Statement, AcceptedToken[]>();
      for (const t of trust.search?.accepted ?? []) {
        if (unrestricted.has(t.statement)) continue;
        const k = t.value ?? t.statement;
        groups.set(k, [...(groups.get(k) ?? []), t]);
      }
      for (const tokens of groups.values()) {
        const first = tokens[0];
        // An open organization is no-wildcard-organization's finding, and a larger one.
        if (new Set(tokens.map((t) => t.claim.organization)).size > 1) continue;
        const text = first.value ? (trust.opaque.of(first.value)?.text ?? '') : '';
        const named = new Set(patternFields(text).fields.map((f) => f.keyword as string));
        const kinds = new Set(tokens.map((t) => t.claim.kind));
        const meantStack = named.has('stack') || named.has('deployment');
        const meantModule = named.has('module');
        const extra = (['stack', 'module-test'] as RunKind[]).filter((k) => kinds.has(k) && !(k === 'stack' ? meantStack : meantModule));
        if (!extra.length) continue;
        const witness =
          tokens.find((t) => t.claim.kind === 'module-test' && extra.includes('module-test')) ??
          tokens.find((t) => extra.includes(t.claim.kind))!;
        const listed = [...extra, ...(kinds.has('legacy') ? ['legacy' as RunKind] : [])].map((k) => KIND_WORDS[k]);
        const who = extra.map((k) => (k === 'stack' ? 'create a Stack' : 'publish a module with tests')).join(' or ');
        report({
          messageId: 'otherKinds',
          data: {
            pattern: showValue(first.value) || '(this statement)',
            role: role.label,
            kinds: listed.join(', '),
            meant: meantStack ? KIND_WORDS.stack : meantModule ? KIND_WORDS['module-test'] : KIND_WORDS.workspace,
            who,
            org: trust.opaque.show(first.claim.organization),
          },
          ...placeOf(first.value, first.condition, first.statement),
          witness: witnessOf(trust, witness),
          // Only a pattern meant for workspace runs has a workspace pin as its fix.
          ...(meantStack || meantModule ? {} : { fixData: pinSubFix(trust, first.value) }),
          fix: 'Spell the shape out: "organization:<org>:project:<project>:workspace:<workspace>:run_phase:apply" (or one value per Stack deployment)',
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
  },
});
