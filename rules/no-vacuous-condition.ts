// Conditions that let through the tokens they were meant to stop: a claim AWS never populates
// (custom claims) under an operator that passes when the key is missing, a negated operator or
// `Null` used as the only filter on `sub`/`aud`, `...IfExists` / `ForAllValues:` on those claims;
// and `ForAnyValue:` on them, which works but misleads.
import { defineRule } from '../src/model/rule.js';
import type { Condition } from '../src/model/types.js';
import {
  type Dimension,
  type IssuerTrust,
  OUTSIDER,
  anyGrammarToken,
  classifyKey,
  intendedWitness,
  operatorInfo,
  otherIssuerTrusts,
  outsiderAccepted,
  placeOf,
  trustsFor,
  tryClaim,
  whenKeyMissing,
  witnessOf,
} from '../src/trust/index.js';

/** Which part of a run a custom claim was meant to pin. */
function meantDimension(claim: string): Dimension | undefined {
  if (/organization/.test(claim)) return 'organization';
  if (/project/.test(claim)) return 'project';
  if (/workspace/.test(claim)) return 'workspace';
  if (/run_phase|phase/.test(claim)) return 'runPhase';
  return undefined;
}

function positiveOnKey(conditions: Condition[], c: Condition, trust: IssuerTrust): boolean {
  const want = classifyKey(c, trust).claim;
  return conditions.some((o) => {
    const op = operatorInfo(o.op);
    return (
      o !== c &&
      !op.negated &&
      op.base !== 'Null' &&
      !op.ifExists &&
      op.set !== 'ForAllValues' &&
      classifyKey(o, trust).claim === want &&
      classifyKey(o, trust).kind === 'claim'
    );
  });
}

export default defineRule({
  meta: {
    id: 'no-vacuous-condition',
    description:
      'A trust condition must not pass for the tokens it was meant to stop: custom claims AWS never populates, negated operators used as a filter, ...IfExists and ForAllValues: on sub or aud.',
    severity: 'high',
    severities: {
      medium: 'for a custom-claim condition that shuts one statement while another still lets runs in',
      low: 'for a condition that checks nothing today (a custom claim the `sub` already pins, `...IfExists`, `ForAllValues:` or `ForAnyValue:` on `sub`/`aud`)',
    },
    messages: {
      customClaimOpen:
        '"{{key}}" is a custom claim that AWS never turns into a condition key for an OIDC provider, and {{operator}} passes when the key is missing: it does not restrict the {{dimension}}, and {{who}} gets in',
      customClaimRedundant:
        '"{{key}}" is a custom claim that AWS never turns into a condition key, and {{operator}} passes when the key is missing: this condition checks nothing (the sub condition is what restricts the role)',
      customClaimNeverMatches:
        '"{{key}}" is a custom claim that AWS never turns into a condition key, so {{operator}} is always false: this statement lets no run in{{whole}}',
      negatedFilter:
        '{{operator}} is the only test of {{key}} in this Allow statement: it admits every value except the ones listed, so {{who}} gets in',
      nullFilter: 'Null on {{key}} only checks that the claim is present, which it always is: {{who}} gets in',
      forAnyValue:
        '{{operator}} on {{key}}: ForAnyValue: is for multi-valued keys and {{key}} is single-valued, so this works like plain {{base}} but reads as if the token could carry several values',
      latentOther:
        '{{operator}} on {{key}} passes when the key is missing from the token; {{issuer}} always sends {{claim}}, so today this only hides a misspelt key or a changed issuer, but the condition does not say what it seems to',
      unpopulatedOther:
        '"{{key}}" is not a condition key AWS fills in for an OIDC provider (only sub and aud are), and {{operator}} passes when the key is missing: this condition checks nothing{{who}}',
      latent:
        '{{operator}} passes when {{key}} is missing from the token; HCP Terraform always sends it, so today this only hides a misspelt key or a changed issuer, but the condition does not say what it seems to',
    },
    tags: ['trust'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      const outsider = tryClaim(trust, OUTSIDER);
      for (const { statement } of trust.statements) {
        const accepted = trust.search?.accepted.find((a) => a.statement === statement);
        for (const c of statement.conditions) {
          const key = classifyKey(c, trust);
          const op = operatorInfo(c.op);
          if (!op.known) continue;
          const base = {
            ...placeOf(undefined, c, statement),
            range: c.key.range ?? c.range,
            callChain: role.callChain,
            resource: role.address ?? role.id,
          };
          const data = { key: key.text, operator: c.operator };
          if (key.kind === 'custom-claim') {
            const missing = whenKeyMissing(c, trust);
            if (missing === false) {
              const none = !(trust.search?.accepted.length ?? 0);
              const witness = intendedWitness(trust, statement);
              report({
                ...base,
                messageId: 'customClaimNeverMatches',
                data: { ...data, whole: none ? ': the role can never be assumed' : '' },
                severity: none ? 'high' : 'medium',
                ...(witness ? { witness } : {}),
                fix: `Remove the condition on ${key.text}; on AWS only ${trust.hostShown ?? trust.host}:sub and :aud scope a token`,
              });
            } else if (missing === true) {
              const dim = meantDimension(key.claim ?? '');
              const scope = trust.search?.scopes.find((s) => s.statement === statement && s.dimension === dim);
              const fix = `Remove it and restrict ${trust.hostShown ?? trust.host}:sub instead (organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>)`;
              if (scope) {
                report({
                  ...base,
                  messageId: 'customClaimOpen',
                  data: { ...data, dimension: dim === 'runPhase' ? 'run phase' : dim!, who: scope.witness.sub },
                  witness: witnessOf(trust, scope.witness),
                  fix,
                });
              } else if (accepted) {
                report({ ...base, messageId: 'customClaimRedundant', data, severity: 'low', witness: witnessOf(trust, accepted), fix });
              }
            }
            continue;
          }
          if (key.kind !== 'claim') continue;
          if ((op.negated || op.base === 'Null') && !positiveOnKey(statement.conditions, c, trust)) {
            const via = typeof outsider === 'object' && outsider.statement === statement ? outsider : undefined;
            const token = via ?? (key.claim === 'aud' ? accepted : undefined);
            if (!token) continue;
            // Null: "false" demands the claim; a Null test that rejects it is another rule's business.
            if (op.base === 'Null' && whenKeyMissing(c, trust) !== false) continue;
            report({
              ...base,
              range: c.range,
              messageId: op.base === 'Null' ? 'nullFilter' : 'negatedFilter',
              data: { ...data, who: token.sub },
              witness: witnessOf(trust, token),
              fix: `Allow what is meant with StringEquals/StringLike on ${key.text}; keep exclusions for a Deny statement or next to such a test`,
            });
          } else if (!op.negated && op.base !== 'Null' && (op.ifExists || op.set === 'ForAllValues')) {
            report({
              ...base,
              range: c.operatorRange,
              messageId: 'latent',
              data,
              severity: 'low',
              fix: `Use ${op.base} without ${op.set === 'ForAllValues' ? 'ForAllValues:' : 'IfExists'}`,
            });
          } else if (!op.negated && op.base !== 'Null' && op.set === 'ForAnyValue') {
            // docs/domain.md#operators: on a single-valued claim ForAnyValue: matches like the plain operator; only the reading misleads.
            report({
              ...base,
              range: c.operatorRange,
              messageId: 'forAnyValue',
              data: { ...data, base: op.base },
              severity: 'low',
              fix: `Use ${op.base} without ForAnyValue:`,
            });
          }
        }
      }
    }
    for (const { role, trust } of otherIssuerTrusts({ project, settings })) {
      const outsider = outsiderAccepted(trust);
      for (const { statement } of trust.statements) {
        for (const c of statement.conditions) {
          const key = classifyKey(c, trust);
          const op = operatorInfo(c.op);
          if (!op.known || (key.kind !== 'claim' && key.kind !== 'custom-claim')) continue;
          const base = {
            ...placeOf(undefined, c, statement),
            range: c.key.range ?? c.range,
            callChain: role.callChain,
            resource: role.address ?? role.id,
          };
          const data = { key: key.text, operator: c.operator, issuer: trust.profile.name, claim: key.claim ?? '' };
          const via = outsider?.statement === statement ? outsider : undefined;
          if (key.kind === 'custom-claim') {
            if (whenKeyMissing(c, trust) !== true) continue;
            report({
              ...base,
              messageId: 'unpopulatedOther',
              data: { ...data, who: via ? `, and ${via.witness.sub} gets in` : '' },
              severity: via ? 'high' : 'low',
              ...(via ? { witness: via.witness } : {}),
              fix: `Remove it and restrict ${trust.host}:sub instead (${trust.profile.exampleSub})`,
            });
            continue;
          }
          if (op.negated || op.base === 'Null') {
            if (
              !via ||
              statement.conditions.some(
                (o) =>
                  o !== c && !operatorInfo(o.op).negated && operatorInfo(o.op).base !== 'Null' && classifyKey(o, trust).claim === key.claim,
              )
            )
              continue;
            if (op.base === 'Null' && whenKeyMissing(c, trust) !== false) continue;
            report({
              ...base,
              range: c.range,
              messageId: op.base === 'Null' ? 'nullFilter' : 'negatedFilter',
              data: { ...data, who: via.witness.sub ?? '' },
              witness: via.witness,
              fix: `Allow what is meant with StringEquals/StringLike on ${key.text}; keep exclusions for a Deny statement or next to such a test`,
            });
          } else if (op.ifExists || op.set === 'ForAllValues') {
            const witness = anyGrammarToken(trust);
            report({
              ...base,
              range: c.operatorRange,
              messageId: 'latentOther',
              data,
              severity: 'low',
              ...(witness ? { witness } : {}),
              fix: `Use ${op.base} without ${op.set === 'ForAllValues' ? 'ForAllValues:' : 'IfExists'}`,
            });
          } else if (op.set === 'ForAnyValue') {
            report({
              ...base,
              range: c.operatorRange,
              messageId: 'forAnyValue',
              data: { ...data, base: op.base },
              severity: 'low',
              fix: `Use ${op.base} without ForAnyValue:`,
            });
          }
        }
      }
    }
  },
});
