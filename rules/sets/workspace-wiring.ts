// Workspace wiring (tfe provider) and expectation rules of the full catalog.
import type { Rule } from '../../src/model/rule.js';
import noSelfManagingRole from '../no-self-managing-role.js';
import noStaticCredentials from '../no-static-credentials.js';
import providerAuthEnabled from '../provider-auth-enabled.js';
import separatePlanApplyRoles from '../separate-plan-apply-roles.js';
import unexpectedOrganization from '../unexpected-organization.js';
import variableCategoryEnv from '../variable-category-env.js';
import workspaceAudienceMatches from '../workspace-audience-matches.js';
import workspaceRoleTrustsWorkspace from '../workspace-role-trusts-workspace.js';
import noGlobalRoleVariableSet from '../no-global-role-variable-set.js';
import stackDeploymentRole from '../stack-deployment-role.js';

export default [
  workspaceRoleTrustsWorkspace,
  separatePlanApplyRoles,
  workspaceAudienceMatches,
  noStaticCredentials,
  providerAuthEnabled,
  variableCategoryEnv,
  noSelfManagingRole,
  unexpectedOrganization,
  noGlobalRoleVariableSet,
  stackDeploymentRole,
] as Rule[];
