// The IAM operations tfc-oidc-lint calls, with IAM's behaviour: state, EntityAlreadyExists,
// NoSuchEntity, LimitExceeded, Marker/IsTruncated pagination, URL-encoded documents.
import { type AccountState, AWS_MANAGED_POLICIES, type ProviderState, type RoleState, newId } from './state.js';
import type { XmlValue } from './xml.js';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const noSuch = (what: string) => new ApiError('NoSuchEntity', `The ${what} cannot be found.`, 404);
const limit = (quota: string, n: number) => new ApiError('LimitExceeded', `Cannot exceed quota for ${quota}: ${n}`, 409);

/** `Name.member.1`, `Name.member.2`, ... in order. */
export function listParam(params: URLSearchParams, name: string): string[] {
  const out: [number, string][] = [];
  for (const [k, v] of params) {
    const m = new RegExp(`^${name}\\.member\\.(\\d+)$`).exec(k);
    if (m) out.push([Number(m[1]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

function required(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '')
    throw new ApiError(
      'ValidationError',
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}

/** IAM answers documents URL-encoded (RFC 3986). */
const encodeDoc = (doc: string) => encodeURIComponent(doc);

function checkDocument(doc: string, account: AccountState): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    throw new ApiError('MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed))
    throw new ApiError('MalformedPolicyDocument', 'Syntax errors in policy.');
  const size = doc.replace(/\s/g, '').length;
  if (size > account.quotas.trustPolicySize) throw limit('ACLSizePerRole', account.quotas.trustPolicySize);
}

function page<T>(items: T[], params: URLSearchParams, pageSize: number): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const start = Number(params.get('Marker') ?? 0);
  const size = Math.min(Number(params.get('MaxItems') ?? pageSize) || pageSize, pageSize);
  const slice = items.slice(start, start + size);
  const more = start + size < items.length;
  return { items: slice, IsTruncated: more, ...(more ? { Marker: String(start + size) } : {}) };
}

function provider(account: AccountState, params: URLSearchParams): ProviderState {
  const arn = required(params, 'OpenIDConnectProviderArn');
  const p = account.providers.get(arn);
  if (!p) throw noSuch(`Open ID Connect Provider ${arn}`);
  return p;
}

function role(account: AccountState, params: URLSearchParams): RoleState {
  const name = required(params, 'RoleName');
  const r = account.roles.get(name);
  if (!r) throw noSuch(`role with name ${name}`);
  return r;
}

function checkThumbprints(list: string[], account: AccountState): void {
  if (list.length > account.quotas.thumbprints) throw limit('ThumbprintsPerOpenIdConnectProvider', account.quotas.thumbprints);
  for (const t of list)
    if (!/^[0-9a-fA-F]{40}$/.test(t)) throw new ApiError('InvalidInput', `Thumbprint ${t} must be 40 hexadecimal characters`);
}

const roleXml = (r: RoleState): Record<string, XmlValue> => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: r.roleId,
  Arn: r.arn,
  CreateDate: r.createDate,
  AssumeRolePolicyDocument: encodeDoc(r.trust),
  MaxSessionDuration: 3600,
});

const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

export type Handler = (params: URLSearchParams, account: AccountState, pageSize: number) => Record<string, XmlValue> | undefined;

export const IAM_HANDLERS: Record<string, Handler> = {
  ListOpenIDConnectProviders: (_p, a) => ({ OpenIDConnectProviderList: [...a.providers.values()].map((p) => ({ Arn: p.arn })) }),

  GetOpenIDConnectProvider: (params, a) => {
    const p = provider(a, params);
    return { Url: p.url, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, CreateDate: p.createDate };
  },

  CreateOpenIDConnectProvider: (params, a) => {
    const url = required(params, 'Url');
    if (!/^https:\/\/[^:/?#]+/.test(url)) throw new ApiError('InvalidInput', `Invalid URL ${url}`);
    const arn = a.providerArn(url);
    if (a.providers.has(arn)) throw new ApiError('EntityAlreadyExists', `Provider with url ${url} already exists.`, 409);
    if (a.providers.size >= a.quotas.providers) throw limit('OpenIdConnectProvidersPerAccount', a.quotas.providers);
    const thumbprints = listParam(params, 'ThumbprintList');
    checkThumbprints(thumbprints, a);
    const clientIds = listParam(params, 'ClientIDList');
    if (clientIds.length > a.quotas.clientIds) throw limit('ClientIdsPerOpenIdConnectProvider', a.quotas.clientIds);
    a.addProvider({ url, clientIds, thumbprints });
    return { OpenIDConnectProviderArn: arn };
  },

  UpdateOpenIDConnectProviderThumbprint: (params, a) => {
    const p = provider(a, params);
    const list = listParam(params, 'ThumbprintList');
    checkThumbprints(list, a);
    p.thumbprints = list;
    return undefined;
  },

  AddClientIDToOpenIDConnectProvider: (params, a) => {
    const p = provider(a, params);
    const id = required(params, 'ClientID');
    if (p.clientIds.includes(id)) return undefined; // IAM: adding an existing ID is a no-op
    if (p.clientIds.length >= a.quotas.clientIds) throw limit('ClientIdsPerOpenIdConnectProvider', a.quotas.clientIds);
    p.clientIds.push(id);
    return undefined;
  },

  RemoveClientIDFromOpenIDConnectProvider: (params, a) => {
    const p = provider(a, params);
    const id = required(params, 'ClientID');
    p.clientIds = p.clientIds.filter((c) => c !== id);
    return undefined;
  },

  DeleteOpenIDConnectProvider: (params, a) => {
    a.providers.delete(provider(a, params).arn);
    return undefined;
  },

  GetRole: (params, a) => ({ Role: roleXml(role(a, params)) }),

  CreateRole: (params, a) => {
    const name = required(params, 'RoleName');
    if (a.roles.has(name)) throw new ApiError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
    const trust = required(params, 'AssumeRolePolicyDocument');
    checkDocument(trust, a);
    return { Role: roleXml(a.addRole({ name, trust, path: params.get('Path') ?? '/' })) };
  },

  DeleteRole: (params, a) => {
    const r = role(a, params);
    if (r.attached.length || r.inline.size)
      throw new ApiError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
    a.roles.delete(r.name);
    return undefined;
  },

  UpdateAssumeRolePolicy: (params, a) => {
    const r = role(a, params);
    const doc = required(params, 'PolicyDocument');
    checkDocument(doc, a);
    r.trust = doc;
    return undefined;
  },

  ListAttachedRolePolicies: (params, a, pageSize) => {
    const r = role(a, params);
    const p = page(r.attached, params, pageSize);
    return {
      AttachedPolicies: p.items.map((arn) => ({ PolicyName: policyName(arn), PolicyArn: arn })),
      IsTruncated: p.IsTruncated,
      Marker: p.Marker,
    };
  },

  AttachRolePolicy: (params, a) => {
    const r = role(a, params);
    const arn = required(params, 'PolicyArn');
    if (!a.policyDocument(arn)) throw noSuch(`policy ${arn}`);
    if (r.attached.includes(arn)) return undefined;
    if (r.attached.length >= a.quotas.managedPoliciesPerRole) throw limit('PoliciesPerRole', a.quotas.managedPoliciesPerRole);
    r.attached.push(arn);
    return undefined;
  },

  DetachRolePolicy: (params, a) => {
    const r = role(a, params);
    const arn = required(params, 'PolicyArn');
    if (!r.attached.includes(arn)) throw noSuch(`policy ${arn} attached to role ${r.name}`);
    r.attached = r.attached.filter((x) => x !== arn);
    return undefined;
  },

  GetAccountAuthorizationDetails: (params, a, pageSize) => {
    const filter = listParam(params, 'Filter');
    const want = (f: string) => !filter.length || filter.includes(f);
    // One list of entities paginated as IAM does: roles first, then policies.
    const entities: (
      { kind: 'role'; r: RoleState } | { kind: 'policy'; arn: string; doc: string; name: string; path: string; id: string }
    )[] = [];
    if (want('Role')) for (const r of a.roles.values()) entities.push({ kind: 'role', r });
    if (want('LocalManagedPolicy'))
      for (const p of a.policies.values())
        entities.push({ kind: 'policy', arn: p.arn, doc: p.document, name: p.name, path: p.path, id: p.id });
    if (want('AWSManagedPolicy'))
      for (const [arn, doc] of Object.entries(AWS_MANAGED_POLICIES))
        entities.push({ kind: 'policy', arn, doc, name: policyName(arn), path: '/', id: newId('ANPA') });
    const p = page(entities, params, pageSize);
    return {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: p.items.flatMap((e) =>
        e.kind === 'role'
          ? [
              {
                ...roleXml(e.r),
                InstanceProfileList: [],
                RolePolicyList: [...e.r.inline].map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: encodeDoc(doc) })),
                AttachedManagedPolicies: e.r.attached.map((arn) => ({ PolicyName: policyName(arn), PolicyArn: arn })),
              },
            ]
          : [],
      ),
      Policies: p.items.flatMap((e) =>
        e.kind === 'policy'
          ? [
              {
                PolicyName: e.name,
                PolicyId: e.id,
                Arn: e.arn,
                Path: e.path,
                DefaultVersionId: 'v1',
                AttachmentCount: 1,
                IsAttachable: true,
                PolicyVersionList: [
                  { Document: encodeDoc(e.doc), VersionId: 'v1', IsDefaultVersion: true, CreateDate: new Date('2024-01-01T00:00:00Z') },
                ],
              },
            ]
          : [],
      ),
      IsTruncated: p.IsTruncated,
      Marker: p.Marker,
    };
  },
};
