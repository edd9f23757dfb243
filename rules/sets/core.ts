// The rules of the core scanner.
import type { Rule } from '../../src/model/rule.js';
import noAdminAccess from '../no-admin-access.js';
import noPlaceholderScope from '../no-placeholder-scope.js';
import noWildcardOrganization from '../no-wildcard-organization.js';
import noWildcardProject from '../no-wildcard-project.js';
import noWildcardRunPhase from '../no-wildcard-run-phase.js';
import noWildcardWorkspace from '../no-wildcard-workspace.js';
import couldNotEvaluate from '../could-not-evaluate.js';
import internalError from '../internal-error.js';
import parseError from '../parse-error.js';
import requireAudCondition from '../require-aud-condition.js';
import requireSubCondition from '../require-sub-condition.js';
import validThumbprint from '../valid-thumbprint.js';

export default [
  requireSubCondition,
  noWildcardOrganization,
  noWildcardProject,
  noWildcardWorkspace,
  noWildcardRunPhase,
  requireAudCondition,
  noPlaceholderScope,
  noAdminAccess,
  validThumbprint,
  parseError,
  couldNotEvaluate,
  internalError,
] as Rule[];
