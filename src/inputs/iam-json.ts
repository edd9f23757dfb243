// IAM JSON (a bare policy document, `aws iam get-role`, `get-account-authorization-details`,
// `list-`/`get-open-id-connect-provider`) as instances shaped like the Terraform resources.
import { basename } from 'node:path';
import { type Range, type SourceFile, withApproximate } from '../core/source.js';
import { concatStrings, derivedString, sliceString } from '../terraform/strings.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import { type ObjectValue, type StringValue, type Value, asList, get, getCI } from '../core/value.js';
import { makeInstance, readDocument, safeName } from './common.js';

export interface Loaded {
  resources: ResourceInstance[];
  diagnostics: Diagnostic[];
}

function fileStem(file: SourceFile): string {
  return basename(file.path).replace(/\.json$/i, '');
}

function rangeOf(v: Value | undefined, file: SourceFile): Range {
  return v?.range ?? file.range(0, 0);
}

function text(v: Value | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

/** True when a statement lets a federated identity assume the role with a web identity token. */
function isWebIdentityTrust(doc: Value): boolean {
  return asList(getCI(doc, 'Statement')?.value).some((s) => {
    const actions = asList(getCI(s, 'Action')?.value).map(text);
    const principal = getCI(s, 'Principal')?.value;
    return actions.some((a) => a?.toLowerCase() === 'sts:assumerolewithwebidentity') || getCI(principal, 'Federated') !== undefined;
  });
}

/** A bare document: a web identity trust policy becomes a role, anything else a managed policy. */
export function loadPolicyDocument(file: SourceFile, doc: ObjectValue): Loaded {
  const name = safeName(fileStem(file));
  const range = rangeOf(doc, file);
  const resource = isWebIdentityTrust(doc)
    ? makeInstance('iam-json', 'aws_iam_role', name, file.path, [['assume_role_policy', doc]], range)
    : makeInstance('iam-json', 'aws_iam_policy', name, file.path, [['policy', doc]], range);
  return { resources: [resource], diagnostics: [] };
}

function roleInstance(role: ObjectValue, file: SourceFile, fallbackAddress: string, diagnostics: Diagnostic[]): ResourceInstance {
  const roleName = get(role, 'RoleName');
  const arn = get(role, 'Arn');
  const trust = readDocument(get(role, 'AssumeRolePolicyDocument'), `${text(roleName) ?? 'role'}: AssumeRolePolicyDocument`, diagnostics);
  return makeInstance(
    'iam-json',
    'aws_iam_role',
    safeName(text(roleName) ?? fileStem(file)),
    text(arn) ?? fallbackAddress,
    [
      ['name', roleName],
      ['arn', arn],
      ['path', get(role, 'Path')],
      ['unique_id', get(role, 'RoleId')],
      ['assume_role_policy', trust],
    ],
    rangeOf(role, file),
  );
}

/** `aws iam get-role --role-name X`. */
export function loadGetRole(file: SourceFile, root: ObjectValue): Loaded {
  const diagnostics: Diagnostic[] = [];
  const role = get(root, 'Role');
  if (role?.kind !== 'object') return { resources: [], diagnostics };
  return { resources: [roleInstance(role, file, file.path, diagnostics)], diagnostics };
}

/** `aws iam get-account-authorization-details`: roles, their attachments and inline policies, managed policies. */
export function loadAccountDetails(file: SourceFile, root: ObjectValue): Loaded {
  const diagnostics: Diagnostic[] = [];
  const resources: ResourceInstance[] = [];
  for (const role of asList(get(root, 'RoleDetailList'))) {
    if (role.kind !== 'object') continue;
    const r = roleInstance(role, file, `${file.path}#RoleDetailList`, diagnostics);
    resources.push(r);
    const roleName = get(role, 'RoleName');
    for (const att of asList(get(role, 'AttachedManagedPolicies'))) {
      const policyArn = get(att, 'PolicyArn');
      resources.push(
        makeInstance(
          'iam-json',
          'aws_iam_role_policy_attachment',
          safeName(`${text(roleName) ?? r.name}_${text(get(att, 'PolicyName')) ?? 'policy'}`),
          `${r.address}#attached:${text(policyArn) ?? text(get(att, 'PolicyName')) ?? '?'}`,
          [
            ['role', roleName],
            ['policy_arn', policyArn],
          ],
          rangeOf(att, file),
        ),
      );
    }
    for (const inline of asList(get(role, 'RolePolicyList'))) {
      const policyName = get(inline, 'PolicyName');
      const doc = readDocument(
        get(inline, 'PolicyDocument'),
        `${text(roleName) ?? r.name}: inline policy ${text(policyName) ?? ''}`,
        diagnostics,
      );
      resources.push(
        makeInstance(
          'iam-json',
          'aws_iam_role_policy',
          safeName(`${text(roleName) ?? r.name}_${text(policyName) ?? 'inline'}`),
          `${r.address}#inline:${text(policyName) ?? '?'}`,
          [
            ['role', roleName],
            ['name', policyName],
            ['policy', doc],
          ],
          rangeOf(inline, file),
        ),
      );
    }
  }
  for (const policy of asList(get(root, 'Policies'))) {
    if (policy.kind !== 'object') continue;
    const arn = get(policy, 'Arn');
    const policyName = get(policy, 'PolicyName');
    const version = asList(get(policy, 'PolicyVersionList')).find(
      (v) => get(v, 'IsDefaultVersion')?.kind === 'bool' && (get(v, 'IsDefaultVersion') as { value: boolean }).value,
    );
    const doc = version
      ? readDocument(get(version, 'Document'), `${text(policyName) ?? 'policy'}: default version`, diagnostics)
      : undefined;
    resources.push(
      makeInstance(
        'iam-json',
        'aws_iam_policy',
        safeName(text(policyName) ?? fileStem(file)),
        text(arn) ?? `${file.path}#Policies`,
        [
          ['name', policyName],
          ['arn', arn],
          ['path', get(policy, 'Path')],
          ['policy', doc],
        ],
        rangeOf(policy, file),
      ),
    );
  }
  return { resources, diagnostics };
}

/** `https://` + a host, the host's characters still mapped to the file. */
function httpsUrl(host: StringValue): StringValue {
  const prefix = derivedString('https://', host.range && withApproximate(host.range));
  return concatStrings([prefix, host], host.range);
}

/** The host part of an OIDC provider ARN (`arn:aws:iam::123:oidc-provider/app.terraform.io`), as a substring value. */
function hostFromArn(arn: StringValue): StringValue | undefined {
  const at = arn.value.indexOf(':oidc-provider/');
  return at < 0 ? undefined : sliceString(arn, at + ':oidc-provider/'.length, arn.value.length);
}

/** `aws iam list-open-id-connect-providers`: ARNs only; the URL follows from the ARN. */
export function loadOidcProviderList(file: SourceFile, root: ObjectValue): Loaded {
  const resources: ResourceInstance[] = [];
  for (const item of asList(get(root, 'OpenIDConnectProviderList'))) {
    const arn = get(item, 'Arn');
    if (arn?.kind !== 'string') continue;
    const host = hostFromArn(arn);
    resources.push(
      makeInstance(
        'iam-json',
        'aws_iam_openid_connect_provider',
        safeName(host?.value ?? arn.value),
        arn.value,
        [
          ['arn', arn],
          ['url', host && httpsUrl(host)],
        ],
        rangeOf(item, file),
      ),
    );
  }
  return { resources, diagnostics: [] };
}

/**
 * `aws iam get-open-id-connect-provider`: the output has no ARN. It stays unknown here;
 * `linkOidcProviders` takes it from a list file of the same account when there is one.
 */
export function loadOidcProvider(file: SourceFile, root: ObjectValue): Loaded {
  const url = get(root, 'Url');
  if (url?.kind !== 'string') return { resources: [], diagnostics: [] };
  const host = url.value.replace(/^https:\/\//i, '');
  const full = /^https:\/\//i.test(url.value) ? url : httpsUrl(url);
  // The CLI's output has no ARN; the live-account reader (src/fix) adds the one it asked for.
  const arn = get(root, 'Arn');
  const resource = makeInstance(
    'iam-json',
    'aws_iam_openid_connect_provider',
    safeName(host),
    arn?.kind === 'string' ? arn.value : `${file.path}#oidc-provider/${host}`,
    [
      ['url', full],
      [
        'arn',
        arn?.kind === 'string'
          ? arn
          : {
              kind: 'unknown',
              reason: 'get-open-id-connect-provider output has no ARN',
              range: withApproximate(rangeOf(root, file)),
            },
      ],
      ['client_id_list', get(root, 'ClientIDList')],
      ['thumbprint_list', get(root, 'ThumbprintList')],
    ],
    rangeOf(root, file),
  );
  return { resources: [resource], diagnostics: [] };
}

/**
 * Joins providers read from get-open-id-connect-provider files (no ARN) with list files' ARNs of
 * the same host: the detailed instance takes the ARN and address, the list's bare one is dropped.
 * Hosts listed more than once (several accounts) are left alone rather than guessed.
 */
export function linkOidcProviders(resources: ResourceInstance[]): ResourceInstance[] {
  const isProvider = (r: ResourceInstance) => r.input === 'iam-json' && r.type === 'aws_iam_openid_connect_provider';
  const host = (r: ResourceInstance) =>
    text(get(r.values, 'url'))
      ?.replace(/^https:\/\//i, '')
      .toLowerCase();
  const listed = new Map<string, ResourceInstance[]>();
  for (const r of resources) {
    if (!isProvider(r) || get(r.values, 'arn')?.kind !== 'string' || get(r.values, 'client_id_list')) continue;
    const h = host(r);
    if (h) listed.set(h, [...(listed.get(h) ?? []), r]);
  }
  const dropped = new Set<ResourceInstance>();
  const out = resources.map((r) => {
    if (!isProvider(r) || get(r.values, 'arn')?.kind !== 'unknown') return r;
    const match = listed.get(host(r) ?? '');
    if (match?.length !== 1) return r;
    dropped.add(match[0]);
    const arn = get(match[0].values, 'arn') as StringValue;
    return {
      ...r,
      address: arn.value,
      values: { ...r.values, entries: r.values.entries.map((e) => (e.key === 'arn' ? { key: 'arn', value: arn } : e)) },
    };
  });
  return out.filter((r) => !dropped.has(r));
}
