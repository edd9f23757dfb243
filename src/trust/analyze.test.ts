import { describe, expect, it } from 'vitest';
import { type IssuerTrust, analyzeRoleTrust } from './analyze.js';
import { TFC_PROVIDER, type TrustOptions, type TrustSetup, tfcPolicy, trustSetup } from '../testing/trust.js';
import type { Dimension } from './witness.js';

/** The one issuer of the role's trust. */
function issuerTrust({ role, project }: TrustSetup): IssuerTrust {
  const rt = analyzeRoleTrust(role, project);
  expect(rt.issuers).toHaveLength(1);
  return rt.issuers[0];
}
const trustOf = async (json: string, options: TrustOptions = {}) => issuerTrust(await trustSetup(json, options));

const AUD = '"app.terraform.io:aud": "aws.workload.identity"';
function sub(op: string, values: string | string[]): string {
  return `{ "StringEquals": { ${AUD} }, "${op}": { "app.terraform.io:sub": ${JSON.stringify(values)} } }`;
}
function open(t: IssuerTrust): Dimension[] {
  return [...new Set(t.search!.scopes.map((s) => s.dimension))].sort();
}

describe('analyzeRoleTrust: linking and issuers', () => {
  it('links the Federated principal to its provider by symbol and reads the host from the provider', async () => {
    const setup = await trustSetup(tfcPolicy(sub('StringEquals', 'organization:acme:project:infra:workspace:prod:run_phase:apply')));
    const t = issuerTrust(setup);
    expect(t.provider).toBe(setup.provider(TFC_PROVIDER.address));
    expect(t.host).toBe('app.terraform.io');
    expect(t.profile.id).toBe('hcp-terraform');
    expect(t.statements[0].subConditions).toHaveLength(1);
  });

  it("links a module output that is the ARN of the module's provider to that provider, not a root provider of the same name", async () => {
    const inModule = { address: 'module.oidc.aws_iam_openid_connect_provider.tfc', host: 'tfe.example.com' };
    const json = tfcPolicy(`{"StringLike": {"tfe.example.com:sub": "organization:acme:*"}}`).replace(
      '${aws_iam_openid_connect_provider.tfc.arn}',
      '${module.oidc.tfc_arn}',
    );
    const setup = await trustSetup(json, { providers: [TFC_PROVIDER, inModule] });
    const t = issuerTrust(setup);
    expect(t.provider).toBe(setup.provider(inModule.address));
    expect(t.profile.id).toBe('terraform-enterprise');
  });

  it('links a literal provider ARN without a provider in the project', async () => {
    const json = tfcPolicy(sub('StringEquals', 'organization:acme:project:infra:workspace:prod:run_phase:apply')).replace(
      '${aws_iam_openid_connect_provider.tfc.arn}',
      'arn:aws:iam::123456789012:oidc-provider/app.terraform.io',
    );
    const t = await trustOf(json, { providers: [] });
    expect(t.provider).toBeUndefined();
    expect(t.host).toBe('app.terraform.io');
    expect(t.profile.terraform).toBe(true);
  });

  it('reads the issuer from the condition keys when the principal is an unknown module input', async () => {
    const json = tfcPolicy(sub('StringLike', 'organization:*')).replace(
      '${aws_iam_openid_connect_provider.tfc.arn}',
      '${var.oidc_provider_arn}',
    );
    const t = await trustOf(json, { providers: [] });
    expect(t.principalFromKeys).toBe(true);
    expect(t.host).toBe('app.terraform.io');
    expect(open(t)).toContain('organization');
  });

  it('a Deny with an unknown principal leaves the answer undecided instead of open', async () => {
    const deny = `{"Effect": "Deny", "Principal": {"Federated": "\${var.x}"}, "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringNotLike": {"app.terraform.io:sub": "organization:acme:*"}}}`;
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:*'), deny));
    expect(open(t)).not.toContain('organization');
    expect(t.search!.status.organization).toBe('undecided');
  });

  it('does not analyse a GitHub Actions role as HCP Terraform', async () => {
    const json = `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
      "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}}]}`;
    const t = await trustOf(json, { providers: [] });
    expect(t.profile.id).toBe('github-actions');
    expect(t.search).toBeUndefined();
  });
});

describe('analyzeRoleTrust: witness search', () => {
  it('an exact workspace-and-phase sub leaves every dimension pinned', async () => {
    const t = await trustOf(tfcPolicy(sub('StringEquals', 'organization:acme:project:infra:workspace:prod:run_phase:apply')));
    expect(t.search!.accepted.map((a) => a.sub)).toEqual(['organization:acme:project:infra:workspace:prod:run_phase:apply']);
    expect(open(t)).toEqual([]);
    expect(t.unrestricted).toEqual([]);
  });

  it('no sub condition: an outsider organization gets in', async () => {
    const t = await trustOf(tfcPolicy(`{ "StringEquals": { ${AUD} } }`));
    expect(t.unrestricted).toHaveLength(1);
    expect(t.unrestricted[0].witness.sub).toBe('organization:attacker-org:project:any:workspace:any:run_phase:apply');
    expect(open(t)).toContain('organization');
  });

  it('organization:* opens every dimension and the witness is an outsider organization', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:*')));
    expect(open(t)).toEqual(['kind', 'organization', 'project', 'runPhase', 'workspace']);
    const org = t.search!.scopes.find((s) => s.dimension === 'organization')!;
    expect(org.witness.sub).toMatch(/^organization:attacker-org:/);
    expect(org.value?.kind === 'string' && org.value.value).toBe('organization:*');
  });

  it('acme* opens the organization to acme-evil', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:acme*:project:infra:workspace:prod:run_phase:apply')));
    expect(open(t)).toEqual(['organization']);
    expect(t.search!.scopes[0].witness.sub).toBe('organization:acme-evil:project:infra:workspace:prod:run_phase:apply');
  });

  it('? opens the organization by one character', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:acm?:project:infra:workspace:prod:run_phase:apply')));
    expect(open(t)).toEqual(['organization']);
  });

  it('organization:acme:* opens project (legacy and stack tokens too), workspace, phase and kind, not organization', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:acme:*')));
    expect(open(t)).toEqual(['kind', 'project', 'runPhase', 'workspace']);
    const kinds = new Set(t.search!.accepted.map((a) => a.claim.kind));
    expect(kinds).toEqual(new Set(['workspace', 'legacy', 'stack', 'module-test']));
  });

  it('*:workspace:prod:* opens the organization', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', '*:workspace:prod:*')));
    expect(open(t)).toContain('organization');
    expect(open(t)).not.toContain('workspace');
  });

  it('run_phase:* opens only the phase, and pairs a plan token with an apply token', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:acme:project:infra:workspace:prod:run_phase:*')));
    expect(open(t)).toEqual(['runPhase']);
    const [plan, apply] = t.search!.planAndApply[0];
    expect(plan.sub).toBe('organization:acme:project:infra:workspace:prod:run_phase:plan');
    expect(apply.sub).toBe('organization:acme:project:infra:workspace:prod:run_phase:apply');
  });

  it('StringEquals with * is literal and admits nothing', async () => {
    const t = await trustOf(tfcPolicy(sub('StringEquals', 'organization:acme:*')));
    expect(t.search!.accepted).toEqual([]);
    expect(t.search!.status.organization).toBe('none');
  });

  it('multiple values are ORed: one loose value opens the role, the exact one does not', async () => {
    const t = await trustOf(
      tfcPolicy(sub('StringLike', ['organization:acme:project:infra:workspace:prod:run_phase:apply', 'organization:*'])),
    );
    const org = t.search!.scopes.find((s) => s.dimension === 'organization')!;
    expect(org.value?.kind === 'string' && org.value.value).toBe('organization:*');
  });

  it('two statements where one is loose: the loose one is named', async () => {
    const tight = sub('StringEquals', 'organization:acme:project:infra:workspace:prod:run_phase:apply');
    const loose = `{"Effect": "Allow", "Principal": {"Federated": "\${aws_iam_openid_connect_provider.tfc.arn}"}, "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringLike": {"app.terraform.io:sub": "organization:acme:project:infra:workspace:*:run_phase:apply"}}}`;
    const t = await trustOf(tfcPolicy(tight, loose));
    expect(t.statements).toHaveLength(2);
    expect(open(t)).toEqual(['workspace']);
    expect(t.search!.scopes[0].statement).toBe(t.statements[1].statement);
  });

  it('a Deny statement closes the hole an Allow leaves open', async () => {
    const deny = `{"Effect": "Deny", "Principal": {"Federated": "\${aws_iam_openid_connect_provider.tfc.arn}"}, "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringNotLike": {"app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"}}}`;
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:*'), deny));
    expect(open(t)).toEqual([]);
    expect(t.search!.accepted.map((a) => a.sub)).toEqual(['organization:acme:project:infra:workspace:prod:run_phase:apply']);
  });

  it('a Deny on plan leaves apply only', async () => {
    const deny = `{"Effect": "Deny", "Principal": "*", "Action": "sts:*",
      "Condition": {"StringLike": {"APP.TERRAFORM.IO:SUB": "*:run_phase:plan"}}}`;
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:acme:project:infra:workspace:prod:run_phase:*'), deny));
    expect(t.search!.planAndApply).toEqual([]);
  });

  it('condition key names are case-insensitive', async () => {
    const t = await trustOf(tfcPolicy(`{"StringLike": {"App.Terraform.IO:Sub": "organization:*"}}`));
    expect(t.statements[0].subConditions).toHaveLength(1);
    expect(open(t)).toContain('organization');
  });

  it('IfExists on a sub key of another host fails open: anyone gets in', async () => {
    const t = await trustOf(tfcPolicy(`{"StringLikeIfExists": {"tfe.example.com:sub": "organization:acme:*"}}`));
    expect(t.unrestricted).toHaveLength(1);
  });

  it('a custom-claim condition never matches: plain fails closed, ForAllValues fails open', async () => {
    const closed = await trustOf(tfcPolicy(`{"StringEquals": {"app.terraform.io:terraform_organization_name": "acme"}}`));
    expect(closed.unrestricted).toEqual([]);
    expect(closed.search!.accepted).toEqual([]);
    const opened = await trustOf(tfcPolicy(`{"ForAllValues:StringEquals": {"app.terraform.io:terraform_organization_name": "acme"}}`));
    expect(opened.unrestricted).toHaveLength(1);
  });

  it('a negated operator alone leaves other organizations in', async () => {
    const t = await trustOf(tfcPolicy(sub('StringNotLike', 'organization:evil:*')));
    expect(open(t)).toContain('organization');
  });

  it('a partly unknown value is one opaque name: no organization finding by guess', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:${var.org}:project:infra:workspace:prod:run_phase:apply')));
    expect(open(t)).toEqual([]);
    // Shown as what it is, never as literal `${…}` text.
    expect(t.search!.accepted[0].sub).toMatch(/^organization:⟨var\.org(, not set)?⟩:project:infra:workspace:prod:run_phase:apply$/);
  });

  it('a fully unknown sub value leaves the dimensions undecided', async () => {
    const t = await trustOf(tfcPolicy(`{"StringLike": {"app.terraform.io:sub": "\${var.sub}"}}`));
    expect(t.search!.accepted).toEqual([]);
    expect(t.search!.status.organization).toBe('undecided');
    expect(t.unrestricted).toEqual([]);
  });
});

describe('analyzeRoleTrust: budgets', () => {
  it('stops the witness search of a huge policy, says so, and keeps what it found', async () => {
    const values = Array.from({ length: 400 }, (_, i) => `organization:acme:project:p${i}:workspace:w${i}:run_phase:*`);
    const { role: r, project } = await trustSetup(tfcPolicy(sub('StringLike', values)), { label: 'huge' });
    const started = performance.now();
    const rt = analyzeRoleTrust(r, project);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(rt.issuers[0].search!.truncated).toBe(true);
    expect(rt.issuers[0].search!.planAndApply.length).toBeGreaterThan(0);
    expect(rt.notes.map((n) => n.message).join()).toContain('too many sub values');
  });
});

describe('analyzeRoleTrust: audience and scoped names', () => {
  it('reports a missing aud restriction', async () => {
    const t = await trustOf(
      tfcPolicy(`{"StringEquals": {"app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"}}`),
    );
    expect(t.audience.map((a) => a.kind)).toEqual(['missing']);
  });

  it('reports an aud value that is none of the provider client IDs, and not when client IDs are unknown', async () => {
    const cond = `{"StringEquals": {"app.terraform.io:aud": "sts.amazonaws.com", "app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"}}`;
    expect((await trustOf(tfcPolicy(cond))).audience.map((a) => a.kind)).toEqual(['mismatch']);
    const unknownIds = { ...TFC_PROVIDER, clientIds: 'unknown' as const };
    expect((await trustOf(tfcPolicy(cond), { providers: [unknownIds] })).audience).toEqual([]);
  });

  it('names the pinned organization with the origin of its characters and their exact range', async () => {
    const t = await trustOf(tfcPolicy(sub('StringLike', 'organization:${var.org}:project:infra:workspace:prod:run_phase:*')), {
      vars: { 'var.org': 'YOUR_ORG_NAME' },
    });
    const org = t.scopedNames.find((n) => n.dimension === 'organization')!;
    expect(org.name).toBe('YOUR_ORG_NAME');
    expect(org.origins[0]).toMatchObject({
      kind: 'variable-default',
      name: 'var.org',
      range: { file: 'variables.tf', start: { line: 2 } },
    });
    expect(t.scopedNames.map((n) => n.name)).toEqual(['YOUR_ORG_NAME', 'infra', 'prod']);
    const ws = t.scopedNames[2];
    expect(ws.nameRange!.end.offset - ws.nameRange!.start.offset).toBe(4);
  });
});
