// Rules about inline suppressions themselves. Their findings come from the engine
// (src/engine/suppress.ts); the entries give them meta, docs and a config key.
import type { Rule } from '../../src/model/rule.js';
import invalidSuppression from '../invalid-suppression.js';
import unusedSuppression from '../unused-suppression.js';

export default [invalidSuppression, unusedSuppression] as Rule[];
