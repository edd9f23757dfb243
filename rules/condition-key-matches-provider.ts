// A condition key whose host is not the provider's (`https://app.terraform.io:sub`,
// `app.terraform.io/:sub`, another TFE host): IAM never finds it in the token, so the condition
// fails closed (the statement never works) or open (it restricts nothing).
import { defineRule } from '../src/model/rule.js';
import {
  OUTSIDER,
  classifyKey,
  grammarWitness,
  hostMismatch,
  keyOfOtherPrincipal,
  intendedGrammarWitness,
  intendedWitness,
  nearMissHost,
  outsiderAccepted,
  principalOwnsMismatch,
  tryClaim,
  webIdentityTrusts,
  whenKeyMissing,
  witnessOf,
} from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'condition-key-matches-provider',
    description:
      'Condition keys of an HCP Terraform trust must be `<provider host>:sub` / `:aud`; a key with `https://`, a trailing slash or another host is never in the token.',
    severity: 'high',
    severities: { critical: "when the condition fails open and an outsider's token gets in" },
    messages: {
      failsClosed:
        'Condition key "{{key}}" does not name the provider ({{why}}): IAM never finds it in a token from {{host}}, so {{operator}} is false and this statement lets no run in{{whole}}',
      failsOpen:
        'Condition key "{{key}}" does not name the provider ({{why}}): IAM never finds it in a token from {{host}}, and {{operator}} passes when the key is missing, so this condition restricts nothing',
    },
    tags: ['trust'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of webIdentityTrusts({ project, settings })) {
      const terraform = trust.profile.terraform;
      if (!trust.host) continue;
      const host = trust.hostShown ?? trust.host;
      for (const t of trust.statements) {
        if (t.link.kind === 'unknown' || principalOwnsMismatch(t, trust)) continue;
        for (const c of t.statement.conditions) {
          const key = classifyKey(c, trust);
          if (key.kind !== 'other-host') continue;
          const kind = hostMismatch(key.prefix!, host);
          // The key of another provider named beside this one in the statement is that provider's.
          if (kind === 'other' && keyOfOtherPrincipal(key.prefix!, t.statement, host)) continue;
          const why =
            kind === 'scheme'
              ? `it starts with "https://"; keys use the host alone: "${host}:${key.claim}"`
              : kind === 'slash'
                ? `the host is followed by "/"; the key is "${host}:${key.claim}"`
                : !terraform && nearMissHost(key.prefix!, host)
                  ? `it names ${key.prefix}, a misspelling of the provider's host ${host}`
                  : `it names ${key.prefix}, the provider is ${host}`;
          const missing = whenKeyMissing(c, trust);
          if (missing === 'unknown') continue;
          const common = {
            data: { key: key.text, why, host, operator: c.operator, whole: '' },
            range: c.key.range ?? c.range,
            ...(c.key.origins?.length ? { origins: c.key.origins } : {}),
            fix: terraform
              ? `Write the key as "${host}:${key.claim}" (var.tfc_hostname without https:// and without a trailing slash)`
              : `Write the key as "${host}:${key.claim}"`,
            callChain: role.callChain,
            resource: role.address ?? role.id,
          };
          if (missing === false) {
            const none = !((terraform ? trust.search?.accepted.length : trust.grammar?.accepted.length) ?? 0);
            const witness = terraform ? intendedWitness(trust, t.statement) : intendedGrammarWitness(trust, t.statement);
            report({
              ...common,
              data: { ...common.data, whole: none ? ': the role can never be assumed' : '' },
              messageId: 'failsClosed',
              ...(witness ? { witness } : {}),
            });
            continue;
          }
          if (!terraform) {
            const via = outsiderAccepted(trust);
            const open = via?.statement === t.statement ? via : undefined;
            const other = trust.grammar?.accepted.find((a) => a.statement === t.statement);
            report({
              ...common,
              messageId: 'failsOpen',
              severity: open ? 'critical' : 'high',
              ...(open ? { witness: open.witness } : other ? { witness: grammarWitness(trust, other) } : {}),
            });
            continue;
          }
          const outsider = tryClaim(trust, OUTSIDER);
          const accepted =
            typeof outsider === 'object' && outsider.statement === t.statement
              ? outsider
              : trust.search?.accepted.find((a) => a.statement === t.statement);
          report({
            ...common,
            messageId: 'failsOpen',
            severity: typeof outsider === 'object' && accepted === outsider ? 'critical' : 'high',
            ...(accepted ? { witness: witnessOf(trust, accepted) } : {}),
          });
        }
      }
    }
  },
});
