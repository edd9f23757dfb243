// Workspace wiring (tfe provider) and expectation rules of the full catalog.
import type { Rule } from '../../src/engine/rule.js';

export default [] as Rule[];
