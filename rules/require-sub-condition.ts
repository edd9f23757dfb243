// An Allow statement for an HCP Terraform provider with no condition on the `sub` claim: any
// organization's runs can assume the role.
import { defineRule } from '../src/model/rule.js';
import { grammarWitness, otherIssuerTrusts, placeOf, subKey, trustsFor, witnessOf, pinSubFix } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'require-sub-condition',
    description:
      'A web-identity trust statement must restrict the `sub` claim, or every organization (repository, project, service account) on the issuer can assume the role.',
    severity: 'critical',
    severities: { high: 'for issuers whose tokens come from one tenant only (EKS, Kubernetes, Bitbucket, CircleCI, Cognito)' },
    messages: {
      noSub:
        'Role "{{role}}" trusts {{issuer}} tokens without any condition on {{key}}: a run in any organization, including one an attacker creates, can assume it',
      noSubOther: 'Role "{{role}}" trusts {{issuer}} tokens without any condition on {{key}}: {{who}} can assume it',
    },
    issuers: ['*'],
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      for (const { statement, witness } of trust.unrestricted) {
        const place = placeOf(undefined, statement.conditions[0], statement);
        report({
          messageId: 'noSub',
          data: { role: role.label, issuer: trust.profile.name, key: subKey(trust) },
          range: statement.range,
          ...(place.origins ? { origins: place.origins } : {}),
          witness: witnessOf(trust, witness),
          fixData: pinSubFix(trust, undefined),
          fix: `Add "StringLike": {"${subKey(trust)}": "organization:<your org>:project:<project>:workspace:<workspace>:run_phase:apply"}`,
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
    for (const { role, trust } of otherIssuerTrusts({ project, settings })) {
      for (const { statement, witness } of trust.grammar?.unrestricted ?? []) {
        const place = placeOf(undefined, statement.conditions[0], statement);
        report({
          messageId: 'noSubOther',
          data: { role: role.label, issuer: trust.profile.name, key: subKey(trust), who: trust.profile.missingSub.who },
          severity: trust.profile.missingSub.severity,
          range: statement.range,
          ...(place.origins ? { origins: place.origins } : {}),
          witness: grammarWitness(trust, witness),
          fix: `Add "StringEquals": {"${subKey(trust)}": "${trust.profile.exampleSub}"} (${trust.profile.docs})`,
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
  },
});
