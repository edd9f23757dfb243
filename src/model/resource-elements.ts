// One resource instance → the model element it declares. Attachments come out unlinked: their
// role and policy are found once every resource has been read (src/model/link.ts).
import type { Range } from '../core/source.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import type { Value } from '../core/value.js';
import { asList, get } from '../core/value.js';
import { knownString, readProviderUrl } from './names.js';
import { readPolicyDocument } from './policy.js';
import type { AttachmentKind, ManagedPolicy, ModelElement, OidcProvider, PolicyAttachment, PolicyDocument, Role } from './types.js';

/** An attachment still to be tied to its role (`roleRef` is the role argument as evaluated). */
export interface PendingAttachment {
  attachment: PolicyAttachment;
  roleRef: Value;
  module: string;
  /** The declaring resource's address (or ARN / file place for IAM JSON), for messages. */
  source: string;
}

export interface Extracted {
  providers: OidcProvider[];
  roles: Role[];
  policies: ManagedPolicy[];
  pending: PendingAttachment[];
  /** Attachments whose policy ARN is still to be resolved to a label and document. */
  managed: { attachment: PolicyAttachment; module: string }[];
  diagnostics: Diagnostic[];
}

export function element(r: ResourceInstance): ModelElement {
  const e: ModelElement = { range: r.range, blockRange: r.blockRange, callChain: r.callChain, input: r.input };
  // IAM JSON and live input use ARNs or file places as addresses: those are ids, not addresses.
  if (r.input === 'hcl' || r.input === 'tf-json' || r.input === 'plan') e.address = r.address;
  if (r.assumptions?.length) e.assumptions = r.assumptions;
  if (r.provider) e.provider = r.provider;
  if (r.account) e.account = r.account;
  return e;
}

function arnOf(r: ResourceInstance): string | undefined {
  return knownString(get(r.values, 'arn'));
}

/** Read a policy argument; an unreadable one becomes diagnostics so it is never lost. */
function readPolicy(v: Value, fallback: Range, what: string, out: Extracted): { doc?: PolicyDocument; unknown?: string } {
  const whole = policyDocumentItself(v);
  if (whole) {
    // `= data.aws_iam_policy_document.x` without `.json`: Terraform rejects the object. Say that
    // once, and analyse the document it meant, so its own problems are not hidden behind this one.
    const message = `it is ${whole.address} itself, not its JSON (Terraform rejects an object here): write ${whole.address}.json`;
    const meant = readPolicy(whole.json, fallback, what, out);
    if (meant.doc) meant.doc = { ...meant.doc, problems: [{ message, range: v.range ?? fallback }, ...meant.doc.problems] };
    else out.diagnostics.push({ code: 'parse-error', severity: 'error', message: `${what}: ${message}`, range: v.range ?? fallback });
    return meant;
  }
  const reading = readPolicyDocument(v, fallback);
  if (!reading.doc || reading.recovered) {
    // Not known until apply is a note (rules say "could not evaluate"); broken text is an error.
    const unknown = reading.unknown !== undefined;
    for (const p of reading.problems) {
      out.diagnostics.push({
        code: unknown ? 'evaluation' : 'parse-error',
        severity: unknown ? 'note' : 'error',
        message: `${what}: ${p.message}${reading.recovered ? ' (the rest of the policy was analysed as an error-tolerant parse reads it)' : ''}`,
        range: p.range,
      });
    }
  }
  return { doc: reading.doc, unknown: reading.unknown ?? (reading.doc ? undefined : reading.problems[0]?.message) };
}

/** A whole `data.aws_iam_policy_document` instance used as a value, and the JSON it renders. */
function policyDocumentItself(v: Value): { address: string; json: Value } | undefined {
  if (v.kind !== 'object' || !v.instance?.address.startsWith('data.aws_iam_policy_document.')) return undefined;
  const json = get(v, 'json');
  return json ? { address: v.instance.address.replace(/\[.*$/, ''), json } : undefined;
}

export function extractProvider(r: ResourceInstance, out: Extracted): void {
  const url = get(r.values, 'url');
  const clientIdList = get(r.values, 'client_id_list');
  const thumbprintList = get(r.values, 'thumbprint_list');
  const p: OidcProvider = {
    ...element(r),
    id: r.address,
    clientIds: clientIdList?.kind === 'list' ? clientIdList.items : [],
    thumbprints: thumbprintList?.kind === 'list' ? thumbprintList.items : [],
  };
  if (url) p.url = url;
  if (clientIdList) p.clientIdList = clientIdList;
  if (thumbprintList) p.thumbprintList = thumbprintList;
  const arn = arnOf(r);
  if (arn) p.arn = arn;
  const u = knownString(url);
  if (u !== undefined) {
    const read = readProviderUrl(u);
    if (read.host) p.host = read.host;
    if (read.problems.length) p.urlProblems = read.problems.map((message) => ({ message, range: url?.range ?? r.range }));
  }
  out.providers.push(p);
}

export function extractRole(r: ResourceInstance, out: Extracted): void {
  const name = get(r.values, 'name');
  const role: Role = { ...element(r), id: r.address, label: knownString(name) ?? r.address, attachments: [] };
  if (name && name.kind !== 'null') role.name = name;
  const arn = arnOf(r);
  if (arn) role.arn = arn;

  const trust = get(r.values, 'assume_role_policy');
  if (!trust || trust.kind === 'null') {
    role.trustUnknown = 'the role has no assume_role_policy';
  } else {
    role.trustValue = trust;
    const { doc, unknown } = readPolicy(trust, trust.range ?? r.range, `trust policy of ${r.address}`, out);
    if (doc) role.trust = doc;
    else role.trustUnknown = unknown ?? 'the trust policy could not be read';
  }

  const arns = get(r.values, 'managed_policy_arns');
  if (arns && arns.kind !== 'null') {
    for (const a of asList(arns)) {
      role.attachments.push(attachment(r, 'managed_policy_arns', r.address, a.range ?? arns.range, { policyArn: a, out }));
    }
  }
  for (const block of asList(get(r.values, 'inline_policy'))) {
    const policy = get(block, 'policy');
    // An empty `inline_policy {}` block only tells Terraform to remove unmanaged inline policies.
    if (!policy || policy.kind === 'null' || knownString(policy) === '') continue;
    const label = knownString(get(block, 'name')) ?? `${r.address} inline policy`;
    const att = attachment(r, 'inline_policy', label, block.range, {});
    const { doc } = readPolicy(policy, policy.range ?? block.range ?? r.range, `inline policy ${label} of ${r.address}`, out);
    if (doc) att.policy = doc;
    role.attachments.push(att);
  }
  out.roles.push(role);
}

export function extractManagedPolicy(r: ResourceInstance, out: Extracted): void {
  const name = get(r.values, 'name');
  const mp: ManagedPolicy = { ...element(r), id: r.address };
  if (name && name.kind !== 'null') mp.name = name;
  const arn = arnOf(r);
  if (arn) mp.arn = arn;
  const policy = get(r.values, 'policy');
  if (policy) {
    const { doc } = readPolicy(policy, policy.range ?? r.range, `policy ${r.address}`, out);
    if (doc) mp.policy = doc;
  }
  out.policies.push(mp);
}

function attachment(
  r: ResourceInstance,
  kind: AttachmentKind,
  label: string,
  range: Range | undefined,
  extra: { policyArn?: Value; out?: Extracted },
): PolicyAttachment {
  const a: PolicyAttachment = { ...element(r), range: range ?? r.range, kind, label };
  if (extra.policyArn) {
    a.policyArn = extra.policyArn;
    extra.out?.managed.push({ attachment: a, module: r.module });
  }
  return a;
}

function pending(r: ResourceInstance, roleRef: Value | undefined, a: PolicyAttachment, out: Extracted): void {
  if (!roleRef || roleRef.kind === 'null') {
    out.diagnostics.push({ code: 'evaluation', severity: 'note', message: `${r.address} names no role`, range: r.range });
    return;
  }
  out.pending.push({ attachment: a, roleRef, module: r.module, source: r.address });
}

/** The attachment resources; each yields one attachment per role and per policy it names. */
export function extractAttachments(r: ResourceInstance, out: Extracted): void {
  const v = r.values;
  switch (r.type) {
    case 'aws_iam_role_policy_attachment':
      pending(r, get(v, 'role'), attachment(r, r.type, r.address, r.range, { policyArn: get(v, 'policy_arn'), out }), out);
      return;
    case 'aws_iam_policy_attachment': {
      // Also attaches to users and groups, which the model leaves out.
      for (const role of asList(get(v, 'roles'))) {
        pending(r, role, attachment(r, r.type, r.address, role.range ?? r.range, { policyArn: get(v, 'policy_arn'), out }), out);
      }
      return;
    }
    case 'aws_iam_role_policy': {
      const a = attachment(r, r.type, knownString(get(v, 'name')) ?? r.address, r.range, {});
      const policy = get(v, 'policy');
      if (policy) {
        const { doc } = readPolicy(policy, policy.range ?? r.range, `inline policy ${r.address}`, out);
        if (doc) a.policy = doc;
      }
      pending(r, get(v, 'role'), a, out);
      return;
    }
    case 'aws_iam_role_policy_attachments_exclusive':
      for (const arn of asList(get(v, 'policy_arns'))) {
        pending(r, get(v, 'role_name'), attachment(r, r.type, r.address, arn.range ?? r.range, { policyArn: arn, out }), out);
      }
      return;
    case 'aws_iam_role_policies_exclusive':
      // Names the role's inline policies; their documents are on the aws_iam_role_policy attachments.
      for (const name of asList(get(v, 'policy_names'))) {
        pending(r, get(v, 'role_name'), attachment(r, r.type, knownString(name) ?? r.address, name.range ?? r.range, {}), out);
      }
      return;
  }
}
