// OIDC provider rules and permission rules of the full catalog.
import type { Rule } from '../../src/engine/rule.js';

export default [] as Rule[];
