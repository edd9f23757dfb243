// The `aud` claim: unrestricted (any audience the provider lists gets in) or restricted to a
// value STS never lets through (the role can never be assumed).
import { defineRule } from '../src/model/rule.js';
import { DEFAULT_AUDIENCE, otherIssuerTrusts, placeOf, showValue, trustsFor, toWitness, setAudFix } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'require-aud-condition',
    description:
      'A web-identity trust statement must restrict the `aud` claim to the audience its workloads use (for HCP Terraform the workspace audience), and that audience must be a client ID of the provider.',
    severity: 'high',
    severities: {
      medium: 'for a missing `aud` of an issuer whose `sub` grammar is not known',
      low: 'for a missing `aud` on GitHub Actions and GitLab',
      info: 'for a missing `aud` on EKS, Kubernetes, Bitbucket and CircleCI',
    },
    messages: {
      noAud:
        'Role "{{role}}" does not restrict {{key}}: a token for any audience the provider accepts, including the default "{{aud}}" that every tenant shares, passes this statement',
      audMismatch:
        'Role "{{role}}" requires audience "{{aud}}", which is not among the provider\'s client IDs ({{ids}}): STS rejects every such token, so the role can never be assumed',
      noAudOther:
        'Role "{{role}}" does not restrict {{key}}: {{issuer}} tokens for any audience the provider accepts pass this statement ({{issuer}} tokens for AWS carry {{note}})',
    },
    issuers: ['*'],
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      const key = `${trust.hostShown ?? trust.host}:aud`;
      for (const p of trust.audience) {
        const sub = trust.search?.accepted.find((a) => a.statement === p.statement)?.sub;
        const common = { callChain: role.callChain, resource: role.address ?? role.id };
        if (p.kind === 'missing') {
          const aud = p.clientIds[0] ?? DEFAULT_AUDIENCE;
          report({
            messageId: 'noAud',
            data: { role: role.label, key, aud },
            ...placeOf(p.condition?.values[0], p.condition, p.statement),
            witness: toWitness(trust, { sub: sub ?? '', aud }, "any audience in the provider's client ID list"),
            fix: `Add "StringEquals": {"${key}": "${aud}"} (or the audience set by TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE)`,
            ...common,
          });
        } else {
          const value = p.condition?.values[0];
          report({
            messageId: 'audMismatch',
            data: { role: role.label, aud: showValue(value), ids: p.clientIds.map((i) => `"${i}"`).join(', ') },
            ...placeOf(value, p.condition, p.statement),
            witness: toWitness(
              trust,
              { sub: sub ?? '', aud: p.clientIds[0] },
              "a token for the provider's client ID is rejected",
              'rejected',
            ),
            fixData: setAudFix(trust, value, p.clientIds[0]),
            fix: `Make the ${key} value one of the provider's client IDs (client_id_list), or add it there`,
            ...common,
          });
        }
      }
    }
    for (const { role, trust } of otherIssuerTrusts({ project, settings })) {
      const key = `${trust.host}:aud`;
      const profile = trust.profile;
      for (const p of trust.audience) {
        const sub = trust.grammar?.accepted.find((a) => a.statement === p.statement)?.sub;
        const common = { callChain: role.callChain, resource: role.address ?? role.id };
        const aud = p.clientIds[0] ?? profile.defaultAudience ?? '<audience>';
        if (p.kind === 'missing') {
          report({
            messageId: 'noAudOther',
            data: { role: role.label, key, issuer: profile.name, note: profile.audienceNote },
            severity: profile.missingAudSeverity,
            ...placeOf(p.condition?.values[0], p.condition, p.statement),
            witness: toWitness(trust, { sub: trust.opaque.show(sub ?? ''), aud }, "any audience in the provider's client ID list"),
            fix: `Add "StringEquals": {"${key}": "${aud}"}`,
            ...common,
          });
        } else {
          const value = p.condition?.values[0];
          report({
            messageId: 'audMismatch',
            data: { role: role.label, aud: showValue(value), ids: p.clientIds.map((i) => `"${i}"`).join(', ') },
            ...placeOf(value, p.condition, p.statement),
            witness: toWitness(
              trust,
              { sub: trust.opaque.show(sub ?? ''), aud: p.clientIds[0] },
              "a token for the provider's client ID is rejected",
              'rejected',
            ),
            fix: `Make the ${key} value one of the provider's client IDs (client_id_list), or add it there`,
            ...common,
          });
        }
      }
    }
  },
});
