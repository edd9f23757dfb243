// Rules about inline suppressions themselves.
import type { Rule } from '../../src/engine/rule.js';

export default [] as Rule[];
