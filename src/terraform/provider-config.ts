// Which provider configuration manages each resource (`provider = aws.member`, module
// `providers = { aws = aws.member }`), named as the root module names it, and what the root
// module's provider blocks say about the account each configuration works in
// (docs/provider-configurations.md).
import type { Block } from './config-syntax.js';
import { evalBody } from './body.js';
import type { Scope } from './scope.js';
import { toStr } from './strings.js';
import { asList, get, knownString } from '../core/value.js';

export type { ProviderAccount } from '../core/resource.js';
import type { ProviderAccount } from '../core/resource.js';

/** The local name of the configuration a block uses: its `provider` argument, or the type's provider. */
export function providerRef(block: Block): string {
  const attr = block.body.attributes.find((a) => a.name === 'provider');
  if (attr) {
    const text = attr.expr.kind === 'hcl' ? attr.expr.node.text : attr.expr.value.kind === 'string' ? attr.expr.value.value : '';
    const clean = text.replace(/["\s]/g, '');
    if (/^[\w-]+(\.[\w-]+)?$/.test(clean)) return clean;
  }
  return block.labels[0]?.split('_')[0] ?? '';
}

/** `providers = { aws = aws.member, aws.dns = aws }` of a module call: child name → parent name. */
export function providersMap(block: Block): Map<string, string> | undefined {
  const attr = block.body.attributes.find((a) => a.name === 'providers');
  if (!attr) return undefined;
  const out = new Map<string, string>();
  if (attr.expr.kind === 'hcl') {
    for (const m of attr.expr.node.text.matchAll(/([\w-]+(?:\.[\w-]+)?)\s*[=:]\s*([\w-]+(?:\.[\w-]+)?)/g)) out.set(m[1], m[2]);
  } else if (attr.expr.value.kind === 'object') {
    for (const e of attr.expr.value.entries) {
      const v = e.value.kind === 'string' ? e.value.value.replace(/^\$\{|\}$/g, '') : undefined;
      if (v) out.set(e.key, v);
    }
  }
  return out;
}

/** The accounts of the root module's `provider` blocks, by configuration name (`aws`, `aws.member`). */
export function providerAccounts(blocks: Block[], scope: Scope): Map<string, ProviderAccount> {
  const out = new Map<string, ProviderAccount>();
  for (const b of blocks) {
    if (b.type !== 'provider' || !b.labels[0]) continue;
    const values = evalBody(b.body, scope, b.blockRange, new Set());
    const alias = toStr(get(values, 'alias') ?? { kind: 'null' })?.value;
    const name = alias ? `${b.labels[0]}.${alias}` : b.labels[0];
    const assume = asList(get(values, 'assume_role'))[0];
    const roleArn = toStr(get(assume, 'role_arn') ?? { kind: 'null' });
    const known = (s: ReturnType<typeof toStr>) => knownString(s);
    const arn = known(roleArn);
    const allowed = get(values, 'allowed_account_ids');
    const allowedIds = allowed?.kind === 'list' ? allowed.items.map((i) => known(toStr(i))).filter((x): x is string => !!x) : [];
    const profile = known(toStr(get(values, 'profile') ?? { kind: 'null' }));
    const idFromArn = arn ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
    const id = idFromArn ?? (allowedIds.length === 1 ? allowedIds[0] : undefined);
    if (arn) out.set(name, { key: `role:${arn}`, ...(id ? { id } : {}), label: `provider ${name} (assumes ${arn})` });
    else if (roleArn) out.set(name, { key: `role:${name}`, label: `provider ${name} (assumes a role)` });
    else if (id) out.set(name, { key: `account:${id}`, id, label: `provider ${name} (account ${id})` });
    else if (profile) out.set(name, { key: `profile:${profile}`, label: `provider ${name} (profile ${profile})` });
  }
  return out;
}

export function accountOf(config: string, accounts: Map<string, ProviderAccount>): ProviderAccount {
  return accounts.get(config) ?? { key: 'default', label: `provider ${config} (the default credentials)` };
}
