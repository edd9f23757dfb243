// OIDC provider rules and permission rules of the full catalog.
import type { Rule } from '../../src/model/rule.js';
import noPrivilegeEscalation from '../no-privilege-escalation.js';
import readOnlyPlanRole from '../read-only-plan-role.js';
import thumbprintCurrent from '../thumbprint-current.js';
import duplicateProvider from '../duplicate-provider.js';
import unusedClientId from '../unused-client-id.js';
import validProviderUrl from '../valid-provider-url.js';
import noRoleChaining from '../no-role-chaining.js';

export default [
  thumbprintCurrent,
  validProviderUrl,
  duplicateProvider,
  unusedClientId,
  noPrivilegeEscalation,
  readOnlyPlanRole,
  noRoleChaining,
] as Rule[];
