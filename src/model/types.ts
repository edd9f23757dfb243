// The trust setup, the same whatever the input: HCL, Terraform JSON, plan JSON, IAM JSON or AWS.
import type { Range, SourceFile } from '../core/source.js';
import type { CallFrame, Diagnostic, InputKind } from '../core/resource.js';
import type { StringValue, Value } from '../core/value.js';

export interface ModelElement {
  /** Where the element is declared (resource header, JSON object). */
  range: Range;
  /** The whole declaring block or object, when known. */
  blockRange?: Range;
  /** Terraform address when it comes from Terraform (`module.a.aws_iam_role.x`), else undefined. */
  address?: string;
  callChain: CallFrame[];
  input: InputKind;
  /** What the scan assumed to analyse it ("assumes count > 0 (…)"); findings on it show these. */
  assumptions?: string[];
  /** The provider configuration that manages it, as the root module names it (`aws`, `aws.member`). */
  provider?: string;
  /** What the root module's provider block says about that configuration's account. */
  account?: { key: string; id?: string; label: string };
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
  /** What `--online` read from the host's TLS endpoint; absent when the scan ran offline. */
  live?: LiveChain;
}

/** One certificate of a served chain (src/online/tls.ts). */
export interface LiveCertificate {
  subject: string;
  issuer: string;
  /** Lower-case 40-hex-digit SHA-1: the form of a thumbprint_list entry. */
  sha1: string;
  /** ISO 8601. */
  notAfter: string;
  selfSigned: boolean;
}

/** The chain an issuer host served, leaf first; the last certificate is the top of the served chain. */
export interface LiveChain {
  host: string;
  port: number;
  certificates: LiveCertificate[];
  /** Verifies against the public root store and names the host: AWS then ignores thumbprints. */
  trustedPublicly: boolean;
  untrustedReason?: string;
  /** The HTTPS proxy it went through (no credentials). */
  proxy?: string;
  /** Why the chain could not be read (timeout, DNS, refused, proxy). */
  error?: string;
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
  /** The text does not parse as written (this parse error); the statements are what an error-tolerant parse recovered. */
  recovered?: string;
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

/** An HCP Terraform project (`tfe_project` resource or data source). */
export interface TfeProject extends ModelElement {
  id: string;
  name?: Value;
  organization?: Value;
  dataSource: boolean;
}

/** An HCP Terraform workspace (`tfe_workspace` resource or data source). */
export interface TfeWorkspace extends ModelElement {
  id: string;
  name?: Value;
  organization?: Value;
  /** The `project_id` argument as evaluated. */
  projectRef?: Value;
  /** The project it references, when that project is in the scan. */
  project?: TfeProject;
  /** The project name its tokens carry: the linked project's, `Default Project` without `project_id`. */
  projectName?: Value;
  dataSource: boolean;
}

/** The settings of one dynamic-credentials configuration (docs/domain.md#workspace-wiring). */
export type WiringSetting = 'PROVIDER_AUTH' | 'RUN_ROLE_ARN' | 'PLAN_ROLE_ARN' | 'APPLY_ROLE_ARN' | 'WORKLOAD_IDENTITY_AUDIENCE';

/** A `tfe_variable` that matters for AWS credentials: a `TFC_AWS_*` setting or a static key. */
export interface WorkspaceVariable extends ModelElement {
  id: string;
  /** The variable name as evaluated (`TFC_AWS_RUN_ROLE_ARN_PROD`). */
  key: string;
  keyValue: Value;
  value?: Value;
  /** `env` or `terraform` when known. */
  category?: string;
  categoryValue?: Value;
  /** For `TFC_AWS_*` / `TFC_DEFAULT_AWS_*` names: the setting, its configuration tag and default form. */
  setting?: { name: WiringSetting; tag?: string; isDefault: boolean };
  /** `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` or `AWS_SESSION_TOKEN`. */
  staticCredential?: boolean;
  /** For role ARN settings: the role it names, when that role is in the scan. */
  role?: Role;
  /** For static keys: the `aws_iam_access_key` its value comes from, when in the scan. */
  accessKey?: AccessKey;
  /** Where it is set: a workspace (`workspace_id`) or a variable set (`variable_set_id`). */
  workspaceRef?: Value;
  workspace?: TfeWorkspace;
  variableSetRef?: Value;
  variableSet?: VariableSet;
}

/** A `tfe_variable_set` with the workspaces and projects it is applied to. */
export interface VariableSet extends ModelElement {
  id: string;
  name?: Value;
  organization?: Value;
  /** Applied to every workspace of the organization. */
  global: boolean;
  /** Overrides workspace variables. */
  priority: boolean;
  variables: WorkspaceVariable[];
  workspaces: TfeWorkspace[];
  projects: TfeProject[];
}

/** A role ARN wired into a configuration, and the role it names when that role is in the scan. */
export interface WiredRole {
  variable: WorkspaceVariable;
  role?: Role;
}

/**
 * One workspace (or, for a variable set bound to a project or organization with no workspace in
 * the scan, that scope) and one dynamic-credentials configuration: which roles its plan and apply
 * runs present their token to, after variable precedence, `_<TAG>` and `TFC_DEFAULT_` forms.
 */
export interface WorkspaceBinding {
  workspace?: TfeWorkspace;
  /** The names its tokens carry; undefined when not known. */
  organization?: Value;
  project?: Value;
  workspaceName?: Value;
  /** A readable name for messages: the workspace name, or the scope. */
  label: string;
  /** '' for the untagged configuration, else the `_<TAG>` suffix. */
  tag: string;
  /** The variable that decides each setting of this configuration. */
  settings: Partial<Record<WiringSetting, WorkspaceVariable>>;
  plan?: WiredRole;
  apply?: WiredRole;
}

export interface IamUser extends ModelElement {
  id: string;
  name?: Value;
}

/** An `aws_iam_access_key`: a long-lived key of an IAM user. */
export interface AccessKey extends ModelElement {
  id: string;
  userRef?: Value;
  user?: IamUser;
}

export interface Project {
  providers: OidcProvider[];
  roles: Role[];
  policies: ManagedPolicy[];
  /** HCP Terraform wiring from the `tfe` provider (present when the input declares any). */
  tfeWorkspaces?: TfeWorkspace[];
  tfeProjects?: TfeProject[];
  variableSets?: VariableSet[];
  /** Every credentials-related `tfe_variable`, on a workspace or in a variable set. */
  workspaceVariables?: WorkspaceVariable[];
  workspaceBindings?: WorkspaceBinding[];
  iamUsers?: IamUser[];
  /** HCP Terraform Stacks deployments read from `.tfdeploy.hcl` files (src/model/stacks.ts). */
  stackDeployments?: import('./stacks.js').StackDeployment[];
  accessKeys?: AccessKey[];
  /** Parse errors and evaluation notes collected on the way. */
  diagnostics: Diagnostic[];
  /** Every file read, by display path, for code frames and position look-ups. */
  files: Map<string, SourceFile>;
}
