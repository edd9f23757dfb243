// Reading the live account through IAM: OIDC providers, one role with its attachments, or
// everything (GetAccountAuthorizationDetails, paginated). Documents come back decoded.
import type { AttachedPolicy, RoleDetail, ManagedPolicyDetail } from '@aws-sdk/client-iam';
import { type AwsSession, AwsError } from './aws.js';

export interface LiveProvider {
  arn: string;
  /** As IAM stores it: host (and path) without `https://`. */
  url: string;
  host: string;
  clientIds: string[];
  thumbprints: string[];
}

export interface LiveRole {
  name: string;
  arn: string;
  path: string;
  /** The trust policy as JSON text, URL-decoded. */
  trust: string;
  attached: { arn: string; name: string }[];
}

export interface AccountDetails {
  roles: RoleDetail[];
  policies: ManagedPolicyDetail[];
  providers: LiveProvider[];
}

/** Progress for long reads (the CLI shows it on a TTY only). */
export type Progress = (message: string) => void;

/** IAM returns documents URL-encoded (RFC 3986); the SDK passes them through as they came (docs/domain.md#documents-from-the-iam-api). */
export function decodeDocument(doc: string | undefined): string {
  if (doc === undefined) return '';
  if (!/^\s*%7B/i.test(doc)) return doc;
  try {
    return decodeURIComponent(doc);
  } catch {
    return doc;
  }
}

export const isNoSuchEntity = (e: unknown) => e instanceof AwsError && e.code === 'NoSuchEntity';

const MAX_PAGES = 1000;

/** Pages of a Marker/IsTruncated list, with a cap so that a misbehaving endpoint cannot loop us forever. */
async function allPages<T extends { IsTruncated?: boolean; Marker?: string }>(
  fetch: (marker?: string) => Promise<T>,
  progress?: (page: number) => void,
): Promise<T[]> {
  const pages: T[] = [];
  let marker: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetch(marker);
    pages.push(page);
    progress?.(i + 1);
    if (!page.IsTruncated || !page.Marker || page.Marker === marker) return pages;
    marker = page.Marker;
  }
  throw new AwsError(`gave up after ${MAX_PAGES} pages: the endpoint keeps answering IsTruncated`, 'Pagination', 'pagination');
}

export async function getProvider(s: AwsSession, arn: string): Promise<LiveProvider | undefined> {
  const { GetOpenIDConnectProviderCommand } = await import('@aws-sdk/client-iam');
  try {
    const p = await s.call('GetOpenIDConnectProvider', (abortSignal) =>
      s.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }), { abortSignal }),
    );
    const url = (p.Url ?? arn.slice(arn.indexOf('oidc-provider/') + 'oidc-provider/'.length)).replace(/^https:\/\//i, '');
    return { arn, url, host: url.split('/')[0].toLowerCase(), clientIds: p.ClientIDList ?? [], thumbprints: p.ThumbprintList ?? [] };
  } catch (e) {
    if (isNoSuchEntity(e)) return undefined;
    throw e;
  }
}

export async function listProviders(s: AwsSession): Promise<LiveProvider[]> {
  const { ListOpenIDConnectProvidersCommand } = await import('@aws-sdk/client-iam');
  const list = await s.call('ListOpenIDConnectProviders', (abortSignal) =>
    s.iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal }),
  );
  const out: LiveProvider[] = [];
  for (const { Arn } of list.OpenIDConnectProviderList ?? []) {
    if (!Arn) continue;
    const p = await getProvider(s, Arn);
    if (p) out.push(p);
  }
  return out;
}

/** The provider for a host (`app.terraform.io`), when the account has one. */
export async function findProvider(s: AwsSession, host: string): Promise<LiveProvider | undefined> {
  const { ListOpenIDConnectProvidersCommand } = await import('@aws-sdk/client-iam');
  const list = await s.call('ListOpenIDConnectProviders', (abortSignal) =>
    s.iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal }),
  );
  const arn = list.OpenIDConnectProviderList?.find((p) => p.Arn?.toLowerCase().endsWith(`:oidc-provider/${host.toLowerCase()}`))?.Arn;
  return arn ? getProvider(s, arn) : undefined;
}

export async function getRole(s: AwsSession, name: string): Promise<LiveRole | undefined> {
  const { GetRoleCommand, ListAttachedRolePoliciesCommand } = await import('@aws-sdk/client-iam');
  let role;
  try {
    role = (await s.call('GetRole', (abortSignal) => s.iam.send(new GetRoleCommand({ RoleName: name }), { abortSignal }))).Role;
  } catch (e) {
    if (isNoSuchEntity(e)) return undefined;
    throw e;
  }
  if (!role) return undefined;
  const pages = await allPages((Marker) =>
    s.call('ListAttachedRolePolicies', (abortSignal) =>
      s.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }), { abortSignal }),
    ),
  );
  const attached = pages
    .flatMap((p) => p.AttachedPolicies ?? [])
    .flatMap((a: AttachedPolicy) => (a.PolicyArn ? [{ arn: a.PolicyArn, name: a.PolicyName ?? a.PolicyArn }] : []));
  return { name, arn: role.Arn ?? '', path: role.Path ?? '/', trust: decodeDocument(role.AssumeRolePolicyDocument), attached };
}

/** Everything the rules read: roles (trust, attachments, inline policies), customer-managed policies, OIDC providers. */
export async function readAccount(s: AwsSession, progress: Progress = () => undefined): Promise<AccountDetails> {
  const { GetAccountAuthorizationDetailsCommand } = await import('@aws-sdk/client-iam');
  progress('reading OIDC providers');
  const providers = await listProviders(s);
  let roles = 0;
  const pages = await allPages(
    (Marker) =>
      s.call('GetAccountAuthorizationDetails', (abortSignal) =>
        s.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'LocalManagedPolicy'], Marker }), { abortSignal }),
      ),
    (n) => progress(`reading roles and policies: page ${n}`),
  );
  const details: AccountDetails = { roles: [], policies: [], providers };
  for (const p of pages) {
    for (const x of p.RoleDetailList ?? []) details.roles.push(x);
    for (const x of p.Policies ?? []) details.policies.push(x);
    roles = details.roles.length;
  }
  progress(`read ${roles} roles, ${details.policies.length} policies, ${providers.length} OIDC providers`);
  return details;
}

/** Every role of the account with its trust policy and managed attachments (GetAccountAuthorizationDetails, paginated). */
export async function listRoles(s: AwsSession): Promise<LiveRole[]> {
  const { GetAccountAuthorizationDetailsCommand } = await import('@aws-sdk/client-iam');
  const pages = await allPages((Marker) =>
    s.call('GetAccountAuthorizationDetails', (abortSignal) =>
      s.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], Marker }), { abortSignal }),
    ),
  );
  return pages
    .flatMap((p) => p.RoleDetailList ?? [])
    .flatMap((r) =>
      r.RoleName
        ? [
            {
              name: r.RoleName,
              arn: r.Arn ?? '',
              path: r.Path ?? '/',
              trust: decodeDocument(r.AssumeRolePolicyDocument),
              attached: (r.AttachedManagedPolicies ?? []).flatMap((a) =>
                a.PolicyArn ? [{ arn: a.PolicyArn, name: a.PolicyName ?? a.PolicyArn }] : [],
              ),
            },
          ]
        : [],
    );
}
