// Long-lived AWS keys handed to HCP Terraform: what dynamic credentials replace.
import { defineRule } from '../src/model/rule.js';
import { knownString } from '../src/model/names.js';
import type { AccessKey, WorkspaceVariable } from '../src/model/types.js';
import { variableScope } from '../src/trust/index.js';

const FIX =
  'Delete the key; set TFC_AWS_PROVIDER_AUTH = "true" and TFC_AWS_RUN_ROLE_ARN (category "env") to a role whose trust pins this workspace';

export default defineRule({
  meta: {
    id: 'no-static-credentials',
    description: 'HCP Terraform workspaces should get AWS access through dynamic credentials, not static access keys set as variables.',
    severity: 'high',
    messages: {
      staticKey:
        '{{key}} is set on {{scope}}: a long-lived AWS key that never expires and works from anywhere once it leaks; dynamic credentials give each run a short-lived one',
      staticNextToDynamic:
        '{{key}} is set on {{scope}}, which also has dynamic credentials ({{dynamic}}): the long-lived key is redundant and still works from anywhere once it leaks',
      accessKey:
        'Access key {{address}} of IAM user {{user}} is handed to HCP Terraform ({{variable}}): a long-lived key in workspace variables, where dynamic credentials would do',
    },
    tags: ['workspace', 'credentials'],
  },
  check({ project, report }) {
    const keys = new Map<AccessKey, WorkspaceVariable[]>();
    for (const v of project.workspaceVariables ?? []) {
      if (!v.staticCredential) continue;
      const dynamic = (project.workspaceBindings ?? []).find(
        (b) =>
          (b.plan || b.apply) &&
          (v.workspace
            ? b.workspace === v.workspace
            : !!v.variableSet && Object.values(b.settings).some((s) => s?.variableSet === v.variableSet)),
      );
      const roleVar = dynamic?.plan?.variable ?? dynamic?.apply?.variable;
      report({
        messageId: dynamic ? 'staticNextToDynamic' : 'staticKey',
        data: { key: v.key, scope: variableScope(v), dynamic: roleVar?.key ?? '' },
        range: v.keyValue.range ?? v.range,
        ...(v.accessKey
          ? { related: [{ message: `aws_iam_access_key ${v.accessKey.address ?? v.accessKey.id}`, range: v.accessKey.range }] }
          : {}),
        fix: FIX,
        callChain: v.callChain,
        resource: v.address ?? v.id,
      });
      if (v.accessKey) keys.set(v.accessKey, [...(keys.get(v.accessKey) ?? []), v]);
    }
    for (const [key, vars] of keys) {
      const user = key.user
        ? (knownString(key.user.name) ?? key.user.address ?? key.user.id)
        : (knownString(key.userRef) ?? 'of unknown name');
      report({
        messageId: 'accessKey',
        data: {
          address: key.address ?? key.id,
          user: `"${user}"`,
          variable: vars.map((v) => `${v.key} on ${variableScope(v)}`).join(', '),
        },
        range: key.blockRange ?? key.range,
        related: vars.map((v) => ({ message: `${v.key} (${v.address ?? v.id})`, range: v.range })),
        fix: FIX,
        callChain: key.callChain,
        resource: key.address ?? key.id,
      });
    }
  },
});
