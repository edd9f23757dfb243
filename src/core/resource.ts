// What evaluation hands to the model: resource and data instances with evaluated arguments.
import type { Range } from './source.js';
import type { ObjectValue } from './value.js';

/** One `module` call on the way from the root module to an instance. */
export interface CallFrame {
  /** `module.network` (with the instance key when the call uses count/for_each). */
  name: string;
  /** The `source` argument as written (`./modules/role`). */
  source: string;
  /** The `module` block's header in the calling file. */
  range: Range;
}

export type InputKind = 'hcl' | 'tf-json' | 'plan' | 'iam-json' | 'aws';

export interface ResourceInstance {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** count index or for_each key, when the block uses one. */
  key?: string | number;
  /** Full address: `module.a.aws_iam_role.x["k"]`. */
  address: string;
  /** Module path as a string, '' at the root: `module.a.module.b`. */
  module: string;
  callChain: CallFrame[];
  /**
   * Evaluated arguments; nested blocks (`statement`, `condition`, `inline_policy`, ...) appear as
   * lists of objects under their block type, as in Terraform's JSON syntax.
   */
  values: ObjectValue;
  /** The block's header (`resource "aws_iam_role" "x" {`) or the JSON object that declares it. */
  range: Range;
  /** The whole block. */
  blockRange: Range;
  input: InputKind;
  /**
   * What the scan assumed to analyse this instance, in words a finding can show: "assumes count > 0
   * (count depends on var.create, which has no value)". Absent when nothing was assumed.
   */
  assumptions?: string[];
  /** The provider configuration that manages it, as the root module names it (`aws`, `aws.member`). */
  provider?: string;
  /** What the root module's provider block says about that configuration's account. */
  account?: ProviderAccount;
  /**
   * The values assumed for variables without a value whose validation lists what they may be
   * (their assumptions, one per line): rules look at each world apart (enumerate.ts).
   */
  world?: string;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'note';

/** Something the scanner could not read or decide: a parse error, an evaluation budget hit, ... */
export interface Diagnostic {
  /**
   * `parse-error` for syntax errors and unreadable files; `evaluation` for notes from the
   * evaluator; `internal-error` for a crash of the tool itself (a rule, the evaluator of one module).
   */
  code: 'parse-error' | 'evaluation' | 'discovery' | 'internal-error';
  severity: DiagnosticSeverity;
  message: string;
  /** Always set for parse errors; the file's start when no finer place is known. */
  range?: Range;
  /** Path of the file concerned when there is no range (unreadable file). */
  file?: string;
  /** A parse-error that is a size limit the user can raise (`--max-file-size`), not broken input. */
  limit?: boolean;
}

/** The account a provider configuration works in, as far as its block tells. */
export interface ProviderAccount {
  /** Equal keys: the same credentials (so the same account); `default` for the ambient credentials. */
  key: string;
  /** The 12-digit account id, when the block names it (assume_role ARN, one allowed_account_ids). */
  id?: string;
  /** For messages: `provider aws.member (assumes arn:aws:iam::222233334444:role/deployer)`. */
  label: string;
}
