// A variable set that carries a TFC_AWS_*_ROLE_ARN hands the role to every workspace it reaches:
// a global set to every workspace of the organization, present and future; a project-wide set to
// every workspace of its projects.
import { defineRule } from '../src/model/rule.js';
import { knownString } from '../src/model/names.js';
import type { VariableSet, WorkspaceVariable } from '../src/model/types.js';
import { permissionLevel } from '../src/permissions/index.js';

const ROLE_SETTINGS = ['RUN_ROLE_ARN', 'PLAN_ROLE_ARN', 'APPLY_ROLE_ARN'];

function authOn(s: VariableSet): WorkspaceVariable | undefined {
  return s.variables.find((v) => v.setting?.name === 'PROVIDER_AUTH' && knownString(v.value)?.toLowerCase() === 'true');
}

export default defineRule({
  meta: {
    id: 'no-global-role-variable-set',
    description:
      'A global variable set should not carry TFC_AWS_*_ROLE_ARN: it hands the role to every workspace of the organization, present and future (a project-wide set is noted).',
    severity: 'medium',
    severities: { high: 'when the role has write or administrator permissions', info: 'for a project-wide set' },
    messages: {
      global:
        'Variable set "{{set}}" is global and sets {{key}} to role {{role}}{{auth}}: every workspace of organization {{org}}, including ones created later, runs with that role{{power}}',
      project:
        'Variable set "{{set}}" sets {{key}} to role {{role}} for every workspace of {{projects}}{{auth}}: new workspaces there get the role too',
    },
    tags: ['workspace'],
  },
  check({ project, report }) {
    for (const s of project.variableSets ?? []) {
      if (!s.global && !s.projects.length) continue;
      const auth = authOn(s);
      for (const v of s.variables) {
        if (!v.setting || !ROLE_SETTINGS.includes(v.setting.name)) continue;
        const roleText = v.role ? `"${v.role.label}"` : `"${knownString(v.value) ?? '(computed)'}"`;
        const level = v.role ? permissionLevel(v.role, project).level : 'unknown';
        const privileged = level === 'admin' || level === 'write';
        const setName = knownString(s.name) ?? s.id;
        const common = {
          range: v.value?.range ?? v.range,
          ...(v.value?.origins?.length ? { origins: v.value.origins } : {}),
          related: [
            { message: `variable set "${setName}"`, range: s.range },
            ...(v.role ? [{ message: `role "${v.role.label}"`, range: v.role.range }] : []),
          ],
          callChain: v.callChain,
          resource: v.address ?? v.id,
        };
        const authText = auth ? ' with TFC_AWS_PROVIDER_AUTH=true' : '';
        if (s.global) {
          report({
            ...common,
            messageId: 'global',
            data: {
              set: setName,
              key: v.key,
              role: roleText,
              auth: authText,
              org: knownString(s.organization) ?? "(the provider's organization)",
              power: privileged ? `, which has ${level} permissions` : '',
            },
            severity: privileged ? 'high' : 'medium',
            fix: "Apply the set to the workspaces or projects that need the role (tfe_workspace_variable_set / tfe_project_variable_set), and pin the role's sub to them",
          });
        } else {
          report({
            ...common,
            messageId: 'project',
            data: {
              set: setName,
              key: v.key,
              role: roleText,
              auth: authText,
              projects: s.projects.map((p) => `project ${knownString(p.name) ?? p.id}`).join(', '),
            },
            severity: 'info',
            fix: "Make sure the role's sub pins the project (organization:<org>:project:<project>:…) so only its workspaces get in",
          });
        }
      }
    }
  },
});
