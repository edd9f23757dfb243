// The trust engine: which identity tokens can assume a role, decided by IAM semantics.
export * from './analyze.js';
export * from './claims.js';
export * from './findings.js';
export * from './issuer.js';
export { type FederatedLink, linkFederated } from './federated-link.js';
export {
  ASSUME_WEB_IDENTITY,
  type OperatorInfo,
  type Tri,
  actionMatches,
  and3,
  evaluateCondition,
  matchValue,
  operatorInfo,
  or3,
  parseOperatorInfo,
} from './operators.js';
export { OpaqueTable, hasOpaque } from './pattern.js';
export { placeholderMatch, PLACEHOLDER_PATTERNS } from './placeholders.js';
export { type Claims, conditionHolds, evaluatePolicy } from './evaluate-policy.js';
export * from './scoped.js';
export { type AcceptedToken, type Dimension, type DimensionStatus, type OpenScope, type WitnessResult, OUTSIDER } from './witness.js';
export * from './context.js';
export * from './duplicates.js';
export * from './keys.js';
export * from './principal.js';
export * from './size.js';
export * from './sub-pattern.js';
export * from './intended.js';
export * from './workspace-trust.js';
export * from './web-identity.js';
export { type GrammarResult, type GrammarScope, type GrammarToken, describeToken, grammarScopesToReport } from './grammar.js';
export * from './fix-data.js';
export * from './grammar-rules.js';
