// A live account as the model: the account details become the same instances that
// `aws iam get-account-authorization-details` JSON gives (src/inputs/iam-json.ts), located by ARN.
import type { ManagedPolicyDetail, RoleDetail } from '@aws-sdk/client-iam';
import { loadAccountDetails, loadOidcProvider } from '../inputs/iam-json.js';
import { type TextLocator, parseJsonText } from '../parse/json.js';
import { type LiveRange, type Position, SourceFile } from '../core/source.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import type { ObjectValue } from '../core/value.js';
import { type AccountDetails, type LiveProvider, decodeDocument } from './live.js';

/**
 * A live resource as a source of values: there is no text, and every range it gives is a
 * LiveRange at the resource (its ARN, line 1 column 1), which reporters show by ARN (SARIF as a
 * logicalLocation) and which suppressions, --changed and --fix-code never take for a file.
 */
export class ArnSource extends SourceFile {
  constructor(readonly arn: string) {
    super(arn, arn, '');
  }

  override range(_start?: number, _end?: number, approximate?: boolean): LiveRange {
    const at = (): Position => ({ line: 1, column: 1, offset: 0 });
    const r: LiveRange = { arn: this.arn, start: at(), end: at() };
    if (approximate) r.approximate = true;
    return r;
  }
}

/** Every value read from a live resource is located at the resource itself. */
function arnLocator(file: SourceFile): TextLocator {
  return {
    range: () => file.range(0, 0),
    segments: (start, end, valueOffset) => [{ start: valueOffset, end: valueOffset + end - start, range: file.range(0, 0) }],
  };
}

/** A decoded document as an object (so that the model reads it directly), or the text when it is not JSON. */
function documentOf(doc: string | undefined): unknown {
  const text = decodeDocument(doc);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // the model reports it as a parse error at the resource
  }
}

function toValue(js: unknown, file: SourceFile): ObjectValue {
  const v = parseJsonText(JSON.stringify(js), arnLocator(file)).value;
  return v?.kind === 'object' ? v : { kind: 'object', entries: [], range: file.range(0, 0) };
}

function roleJson(r: RoleDetail): unknown {
  return {
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    Path: r.Path,
    AssumeRolePolicyDocument: documentOf(r.AssumeRolePolicyDocument),
    AttachedManagedPolicies: (r.AttachedManagedPolicies ?? []).map((a) => ({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn })),
    RolePolicyList: (r.RolePolicyList ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: documentOf(p.PolicyDocument) })),
  };
}

function policyJson(p: ManagedPolicyDetail): unknown {
  return {
    PolicyName: p.PolicyName,
    Arn: p.Arn,
    Path: p.Path,
    PolicyVersionList: (p.PolicyVersionList ?? [])
      .filter((v) => v.IsDefaultVersion)
      .map((v) => ({ IsDefaultVersion: true, Document: documentOf(v.Document) })),
  };
}

function providerJson(p: LiveProvider): unknown {
  return { Arn: p.arn, Url: p.url, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints };
}

export interface LiveInstances {
  resources: ResourceInstance[];
  diagnostics: Diagnostic[];
  /** One ArnSource per resource, by ARN. */
  files: Map<string, SourceFile>;
}

/** The account's roles, customer-managed policies and OIDC providers as `input: 'aws'` instances. */
export function liveInstances(details: AccountDetails): LiveInstances {
  const out: LiveInstances = { resources: [], diagnostics: [], files: new Map() };
  const add = (arn: string | undefined, load: (file: SourceFile) => { resources: ResourceInstance[]; diagnostics: Diagnostic[] }) => {
    if (!arn) return;
    const file = out.files.get(arn) ?? new ArnSource(arn);
    out.files.set(arn, file);
    const loaded = load(file);
    for (const x of loaded.resources.map((r) => ({ ...r, input: 'aws' as const }))) out.resources.push(x);
    for (const x of loaded.diagnostics) out.diagnostics.push(x);
  };
  for (const r of details.roles) add(r.Arn, (file) => loadAccountDetails(file, toValue({ RoleDetailList: [roleJson(r)] }, file)));
  for (const p of details.policies) add(p.Arn, (file) => loadAccountDetails(file, toValue({ Policies: [policyJson(p)] }, file)));
  for (const p of details.providers) add(p.arn, (file) => loadOidcProvider(file, toValue(providerJson(p), file)));
  return out;
}
