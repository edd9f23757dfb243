// The rollback file: the state before the first change, of everything the plan touches. Restoring
// compares that state with the live one and acts on the difference, so a file written before a
// failure part-way is still valid, and restoring twice changes nothing the second time.
import { writeFile } from 'node:fs/promises';
import { readRegularFile } from '../discover/read.js';
import type { Action } from './actions.js';
import type { AwsSession } from './aws.js';
import { type LiveProvider, type LiveRole, getProvider, getRole } from './live.js';
import { sameDocument } from './live-trust.js';

export const ROLLBACK_FORMAT = 'tfc-oidc-lint-rollback';

export interface RollbackFile {
  format: typeof ROLLBACK_FORMAT;
  version: 1;
  createdAt: string;
  account: string;
  providers: { arn: string; url: string; existed: boolean; clientIds?: string[]; thumbprints?: string[] }[];
  roles: { name: string; path: string; existed: boolean; trust?: string; attached?: string[] }[];
}

export function rollbackState(
  account: string,
  providers: { arn: string; url: string; live?: LiveProvider }[],
  roles: { name: string; path: string; live?: LiveRole }[],
): RollbackFile {
  return {
    format: ROLLBACK_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    account,
    providers: providers.map((p) =>
      p.live
        ? { arn: p.arn, url: p.url, existed: true, clientIds: p.live.clientIds, thumbprints: p.live.thumbprints }
        : { arn: p.arn, url: p.url, existed: false },
    ),
    roles: roles.map((r) =>
      r.live
        ? { name: r.name, path: r.path, existed: true, trust: r.live.trust, attached: r.live.attached.map((a) => a.arn) }
        : { name: r.name, path: r.path, existed: false },
    ),
  };
}

/** Written with `wx`: never overwrite an earlier rollback file. */
export async function writeRollbackFile(path: string, state: RollbackFile): Promise<void> {
  await writeFile(path, JSON.stringify(state, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
}

// Async although the read is synchronous: a bad file rejects the promise its caller handles.
// eslint-disable-next-line @typescript-eslint/require-await -- see above
export async function readRollbackFile(path: string): Promise<RollbackFile> {
  const data = JSON.parse(readRegularFile(path)) as Partial<RollbackFile>;
  if (
    data.format !== ROLLBACK_FORMAT ||
    data.version !== 1 ||
    !Array.isArray(data.providers) ||
    !Array.isArray(data.roles) ||
    typeof data.account !== 'string'
  ) {
    throw new Error('it is not a tfc-oidc-lint rollback file (no "format": "tfc-oidc-lint-rollback", version 1, providers and roles)');
  }
  return data as RollbackFile;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** What brings the live account back to the recorded state. */
export async function restorePlan(s: AwsSession, file: RollbackFile): Promise<Action[]> {
  if (file.account && s.account && file.account !== s.account) {
    throw new Error(`the rollback file is for account ${file.account}, but the credentials are for account ${s.account}`);
  }
  const actions: Action[] = [];
  for (const p of file.providers) {
    const live = await getProvider(s, p.arn);
    if (!p.existed) {
      if (live) actions.push({ kind: 'delete-provider', arn: p.arn });
      continue;
    }
    const thumbprints = p.thumbprints ?? [];
    const clientIds = p.clientIds ?? [];
    if (!live) {
      actions.push({ kind: 'create-provider', url: p.url, clientIds, thumbprints });
      continue;
    }
    if (!sameSet(live.thumbprints, thumbprints))
      actions.push({ kind: 'update-thumbprints', arn: p.arn, from: live.thumbprints, to: thumbprints });
    for (const id of clientIds) if (!live.clientIds.includes(id)) actions.push({ kind: 'add-client-id', arn: p.arn, clientId: id });
    for (const id of live.clientIds) if (!clientIds.includes(id)) actions.push({ kind: 'remove-client-id', arn: p.arn, clientId: id });
  }
  for (const r of file.roles) {
    const live = await getRole(s, r.name);
    if (!r.existed) {
      if (!live) continue;
      for (const a of live.attached) actions.push({ kind: 'detach-policy', role: r.name, policyArn: a.arn });
      actions.push({ kind: 'delete-role', name: r.name });
      continue;
    }
    const trust = r.trust ?? '';
    if (!live) actions.push({ kind: 'create-role', name: r.name, path: r.path, trust });
    else if (!sameDocument(live.trust, trust)) actions.push({ kind: 'update-trust', name: r.name, from: live.trust, to: trust });
    const attached = live?.attached.map((a) => a.arn) ?? [];
    for (const arn of r.attached ?? []) if (!attached.includes(arn)) actions.push({ kind: 'attach-policy', role: r.name, policyArn: arn });
  }
  return actions;
}
