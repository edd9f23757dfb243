// The trust engine: which identity tokens can assume a role, decided by IAM semantics.
export * from './analyze.js';
export * from './claims.js';
export * from './findings.js';
export * from './issuer.js';
export { type FederatedLink, linkFederated } from './link.js';
export { type OperatorInfo, type Tri, actionMatches, evaluateCondition, matchValue, parseOperator } from './operators.js';
export { placeholderMatch, PLACEHOLDER_PATTERNS } from './placeholders.js';
export { type Claims, evaluatePolicy } from './policy.js';
export * from './scoped.js';
export { type AcceptedToken, type Dimension, type DimensionStatus, type OpenScope, type WitnessResult } from './witness.js';
