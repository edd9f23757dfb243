// Trust-policy rules of the full catalog (condition keys, operators, sub shapes, document validity).
import type { Rule } from '../../src/engine/rule.js';

export default [] as Rule[];
