// What a JSON file is, judged by its shape (and, for Terraform's own JSON syntaxes, its name).
import { type Value, get } from '../core/value.js';

export type JsonKind =
  | 'policy'
  | 'get-role'
  | 'account-authorization-details'
  | 'oidc-providers'
  | 'oidc-provider'
  | 'plan'
  | 'tf-json'
  | 'tfvars-json'
  | 'unknown';

const TF_JSON_BLOCKS = new Set([
  'resource',
  'data',
  'variable',
  'locals',
  'module',
  'output',
  'provider',
  'terraform',
  'moved',
  'import',
  'check',
  'removed',
]);

function has(v: Value | undefined, key: string): boolean {
  const x = get(v, key);
  return x !== undefined && x.kind !== 'null';
}

/**
 * Classify a parsed JSON value. `path` lets `.tf.json` and `.tfvars.json` win over shape, since a
 * tfvars file can look like anything. Irrelevant JSON (package.json, ...) is 'unknown'.
 */
export function detectJsonKind(value: Value | undefined, path = ''): JsonKind {
  const name = path.toLowerCase();
  if (name.endsWith('.tfvars.json')) return 'tfvars-json';
  if (name.endsWith('.tf.json')) return 'tf-json';
  if (value?.kind !== 'object') return 'unknown';
  if (
    has(value, 'format_version') &&
    (has(value, 'planned_values') || has(value, 'resource_changes') || has(get(value, 'values'), 'root_module'))
  )
    return 'plan';
  if (has(value, 'Statement') && (get(value, 'Statement')?.kind === 'list' || get(value, 'Statement')?.kind === 'object')) return 'policy';
  const role = get(value, 'Role');
  if (role?.kind === 'object' && (has(role, 'AssumeRolePolicyDocument') || has(role, 'RoleName'))) return 'get-role';
  if (
    get(value, 'RoleDetailList')?.kind === 'list' ||
    (get(value, 'Policies')?.kind === 'list' && (has(value, 'UserDetailList') || has(value, 'GroupDetailList')))
  ) {
    return 'account-authorization-details';
  }
  if (get(value, 'OpenIDConnectProviderList')?.kind === 'list') return 'oidc-providers';
  if (get(value, 'Url')?.kind === 'string' && (has(value, 'ClientIDList') || has(value, 'ThumbprintList'))) return 'oidc-provider';
  if (
    value.entries.length > 0 &&
    value.entries.every((e) => TF_JSON_BLOCKS.has(e.key)) &&
    value.entries.some((e) => e.key === 'resource' || e.key === 'data' || e.key === 'module')
  ) {
    return 'tf-json';
  }
  return 'unknown';
}
