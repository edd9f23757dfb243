// The model stage's public surface.
export { buildProject } from './extract.js';
export { readPolicyDocument, type PolicyReading, type Problem } from './policy.js';
export { parseOperator } from './operator.js';
export { readProviderUrl, awsManagedPolicyName } from './names.js';
export type * from './types.js';
