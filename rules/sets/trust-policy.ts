// Trust-policy rules of the full catalog (condition keys, operators, sub shapes, document validity).
import type { Rule } from '../../src/model/rule.js';
import conditionKeyMatchesProvider from '../condition-key-matches-provider.js';
import dormantProviderTrust from '../dormant-provider-trust.js';
import federatedPrincipalMatchesProvider from '../federated-principal-matches-provider.js';
import namesOnlyScope from '../names-only-scope.js';
import noVacuousCondition from '../no-vacuous-condition.js';
import noWildcardInStringEquals from '../no-wildcard-in-string-equals.js';
import preferStringEquals from '../prefer-string-equals.js';
import subAdmitsOtherRunKinds from '../sub-admits-other-run-kinds.js';
import trustPolicySize from '../trust-policy-size.js';
import validPolicyDocument from '../valid-policy-document.js';
import validSubPattern from '../valid-sub-pattern.js';

export default [
  conditionKeyMatchesProvider,
  noVacuousCondition,
  noWildcardInStringEquals,
  preferStringEquals,
  federatedPrincipalMatchesProvider,
  validSubPattern,
  subAdmitsOtherRunKinds,
  validPolicyDocument,
  trustPolicySize,
  namesOnlyScope,
  dormantProviderTrust,
] as Rule[];
