// The trust engine: which identity tokens can assume a role, decided by IAM semantics.
export * from './analyze.js';
export * from './claims.js';
export * from './findings.js';
export * from './issuer.js';
export { type FederatedLink, linkFederated } from './link.js';
export { ASSUME_WEB_IDENTITY, type OperatorInfo, type Tri, actionMatches, evaluateCondition, matchValue, operatorInfo, parseOperator } from './operators.js';
export { OpaqueTable } from './pattern.js';
export { placeholderMatch, PLACEHOLDER_PATTERNS } from './placeholders.js';
export { type Claims, evaluatePolicy } from './policy.js';
export * from './scoped.js';
export { type AcceptedToken, type Dimension, type DimensionStatus, type OpenScope, type WitnessResult, OUTSIDER } from './witness.js';
export * from './context.js';
export * from './duplicates.js';
export * from './keys.js';
export * from './principal.js';
export * from './size.js';
export * from './sub-pattern.js';
export * from './intended.js';
