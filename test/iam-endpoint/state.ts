// What one simulated AWS account holds: OIDC providers, roles (trust, attachments, inline
// policies) and customer-managed policies; plus the faults a test asks for.

export interface ProviderState {
  arn: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
}

export interface RoleState {
  name: string;
  arn: string;
  path: string;
  roleId: string;
  createDate: Date;
  /** The trust policy as submitted (IAM hands it back URL-encoded). */
  trust: string;
  attached: string[];
  inline: Map<string, string>;
}

export interface PolicyState {
  arn: string;
  name: string;
  path: string;
  id: string;
  document: string;
  createDate: Date;
}

/** IAM's default quotas (docs/domain.md#quotas). */
export const QUOTAS = { thumbprints: 5, clientIds: 100, providers: 100, trustPolicySize: 2048, managedPoliciesPerRole: 10 };

const ADMIN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const READ_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*', 's3:List*'], Resource: '*' }],
});

/** AWS managed policies every account can attach (documents shortened). */
export const AWS_MANAGED_POLICIES: Record<string, string> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': ADMIN,
  'arn:aws:iam::aws:policy/IAMFullAccess': JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
  }),
  'arn:aws:iam::aws:policy/ReadOnlyAccess': READ_ONLY,
  'arn:aws:iam::aws:policy/PowerUserAccess': JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }],
  }),
};

let ids = 0;
export const newId = (prefix: string) => `${prefix}${(++ids).toString(36).toUpperCase().padStart(17, '0')}`;

export class AccountState {
  readonly providers = new Map<string, ProviderState>();
  readonly roles = new Map<string, RoleState>();
  readonly policies = new Map<string, PolicyState>();
  readonly quotas = { ...QUOTAS };

  constructor(readonly accountId: string) {}

  providerArn(url: string): string {
    return `arn:aws:iam::${this.accountId}:oidc-provider/${url.replace(/^https:\/\//i, '')}`;
  }

  addProvider(p: { url: string; clientIds?: string[]; thumbprints?: string[] }): ProviderState {
    const state: ProviderState = {
      arn: this.providerArn(p.url),
      url: p.url.replace(/^https:\/\//i, ''),
      clientIds: [...(p.clientIds ?? [])],
      thumbprints: [...(p.thumbprints ?? [])],
      createDate: new Date('2024-01-01T00:00:00Z'),
    };
    this.providers.set(state.arn, state);
    return state;
  }

  addRole(r: {
    name: string;
    trust: string | object;
    path?: string;
    attached?: string[];
    inline?: Record<string, string | object>;
  }): RoleState {
    const path = r.path ?? '/';
    const state: RoleState = {
      name: r.name,
      arn: `arn:aws:iam::${this.accountId}:role${path}${r.name}`,
      path,
      roleId: newId('AROA'),
      createDate: new Date('2024-01-01T00:00:00Z'),
      trust: typeof r.trust === 'string' ? r.trust : JSON.stringify(r.trust),
      attached: [...(r.attached ?? [])],
      inline: new Map(Object.entries(r.inline ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    };
    this.roles.set(r.name, state);
    return state;
  }

  addPolicy(p: { name: string; document: string | object; path?: string }): PolicyState {
    const path = p.path ?? '/';
    const state: PolicyState = {
      arn: `arn:aws:iam::${this.accountId}:policy${path}${p.name}`,
      name: p.name,
      path,
      id: newId('ANPA'),
      document: typeof p.document === 'string' ? p.document : JSON.stringify(p.document),
      createDate: new Date('2024-01-01T00:00:00Z'),
    };
    this.policies.set(state.arn, state);
    return state;
  }

  /** The document of a managed policy this account can attach, AWS managed or its own. */
  policyDocument(arn: string): string | undefined {
    return AWS_MANAGED_POLICIES[arn] ?? this.policies.get(arn)?.document;
  }

  /** A comparable snapshot, to assert that a rollback restored everything. */
  snapshot(): unknown {
    return {
      providers: [...this.providers.values()].map((p) => ({
        arn: p.arn,
        url: p.url,
        clientIds: [...p.clientIds].sort(),
        thumbprints: [...p.thumbprints].sort(),
      })),
      roles: [...this.roles.values()].map((r) => ({
        name: r.name,
        arn: r.arn,
        trust: JSON.parse(r.trust),
        attached: [...r.attached].sort(),
        inline: [...r.inline.keys()].sort(),
      })),
      policies: [...this.policies.keys()].sort(),
    };
  }
}
