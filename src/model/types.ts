// The trust setup, the same whatever the input: HCL, Terraform JSON, plan JSON, IAM JSON or AWS.
import type { Range, SourceFile } from '../parse/source.js';
import type { CallFrame, Diagnostic, InputKind } from '../terraform/types.js';
import type { StringValue, Value } from '../terraform/value.js';

export interface ModelElement {
  /** Where the element is declared (resource header, JSON object). */
  range: Range;
  /** The whole declaring block or object, when known. */
  blockRange?: Range;
  /** Terraform address when it comes from Terraform (`module.a.aws_iam_role.x`), else undefined. */
  address?: string;
  callChain: CallFrame[];
  input: InputKind;
}

export interface OidcProvider extends ModelElement {
  /** Stable id: the Terraform address, or the ARN for IAM JSON / live input. */
  id: string;
  /** The `url` argument as evaluated. */
  url?: Value;
  /** Host (lower case) when the URL is known: `app.terraform.io`. */
  host?: string;
  /** Known ARN (IAM JSON, plan, live); Terraform code usually has only the symbolic one. */
  arn?: string;
  /** The `client_id_list` argument as written (list or unknown), and its known items. */
  clientIdList?: Value;
  clientIds: Value[];
  /** The `thumbprint_list` argument as written, and its items. */
  thumbprintList?: Value;
  thumbprints: Value[];
  /** What IAM or the token issuer would object to in a known URL (port, path slash, http://, ...). */
  urlProblems?: { message: string; range: Range }[];
}

export interface ParsedOperator {
  /** `ForAnyValue` / `ForAllValues` qualifier, when written. */
  set?: 'ForAnyValue' | 'ForAllValues';
  /** The base operator without qualifier and IfExists: `StringEquals`, `StringLike`, `Null`, ... */
  base: string;
  ifExists: boolean;
}

export interface Condition {
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  operator: string;
  op: ParsedOperator;
  /** Range of the operator's key in the document. */
  operatorRange: Range;
  /** The condition key as evaluated (`app.terraform.io:sub`), with its range and segments. */
  key: StringValue;
  /** Values ORed by IAM (ANDed for negated operators). */
  values: Value[];
  /** The `key: values` entry. */
  range: Range;
}

export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser' | '*';

export interface Principal {
  type: PrincipalType;
  /** `*` for `"Principal": "*"`. */
  values: Value[];
  range: Range;
}

export interface Statement {
  sid?: Value;
  /** 'Allow' | 'Deny', or undefined when not known. */
  effect?: 'Allow' | 'Deny';
  effectValue?: Value;
  /** Undefined when the element is absent. */
  principals?: Principal[];
  notPrincipals?: Principal[];
  actions: Value[];
  notActions: Value[];
  resources: Value[];
  notResources: Value[];
  conditions: Condition[];
  range: Range;
}

export interface PolicyDocument {
  /** The evaluated document (object) this was read from. */
  value: Value;
  range: Range;
  version?: Value;
  statements: Statement[];
  /** Why (part of) the document could not be read, with where. */
  problems: { message: string; range: Range }[];
}

export type AttachmentKind =
  | 'aws_iam_role_policy_attachment'
  | 'aws_iam_policy_attachment'
  | 'aws_iam_role_policy_attachments_exclusive'
  | 'aws_iam_role_policies_exclusive'
  | 'managed_policy_arns'
  | 'inline_policy'
  | 'aws_iam_role_policy'
  | 'iam-json';

export interface PolicyAttachment extends ModelElement {
  kind: AttachmentKind;
  /** Managed policy ARN, when it is a managed-policy attachment. */
  policyArn?: Value;
  /** The policy's document: inline policies, and customer-managed policies found in the input. */
  policy?: PolicyDocument;
  /** A name to show: `AdministratorAccess`, `aws_iam_policy.deploy`, the inline policy's name. */
  label: string;
}

export interface Role extends ModelElement {
  id: string;
  name?: Value;
  /** A readable name for messages: the role name when known, else the address or ARN. */
  label: string;
  arn?: string;
  /** The trust policy, when it could be read. */
  trust?: PolicyDocument;
  /** The `assume_role_policy` argument as evaluated (a string, an encoded object, or unknown). */
  trustValue?: Value;
  /** Why the trust policy could not be read (unknown value), when it could not. */
  trustUnknown?: string;
  attachments: PolicyAttachment[];
}

/** A customer-managed policy (`aws_iam_policy`) that attachments may point at. */
export interface ManagedPolicy extends ModelElement {
  id: string;
  name?: Value;
  arn?: string;
  policy?: PolicyDocument;
}

export interface Project {
  providers: OidcProvider[];
  roles: Role[];
  policies: ManagedPolicy[];
  /** Parse errors and evaluation notes collected on the way. */
  diagnostics: Diagnostic[];
  /** Every file read, by display path, for code frames and position look-ups. */
  files: Map<string, SourceFile>;
}
