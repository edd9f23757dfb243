// Fixes are data (docs/fix-code.md): a fixable finding says what the fixed state is — the target —
// and, where the value is written in the scanned source, which exact ranges to rewrite. `--fix`
// applies the target to the account; `--fix-code` applies the edits to the files. Plain JSON, so
// the JSON report shows it as it is.
import type { FileRange, Range } from './source.js';

/** Replace the text of `range` (in `file`, its display path) by `text`; an empty range inserts, empty text deletes. */
export interface SourceEdit {
  file: string;
  /** Always in a file: a live resource has no text to edit. */
  range: FileRange;
  text: string;
}

/**
 * Where the characters [start, end) of a value are written, character for character: `range`
 * holds exactly value.slice(start, end) (a literal, the inside of a variable default's quotes,
 * a tfvars string). Parts of a value with no span (an expression, an escape) cannot be edited.
 */
export interface WrittenSpan {
  start: number;
  end: number;
  range: Range;
}

/** The sub a trust should pin: one organization, project, workspace and run phase. */
export interface PinSubTarget {
  kind: 'pin-sub';
  organization?: string;
  /** Absent for the legacy form without a project (organization:O:workspace:W:run_phase:P). */
  project?: string;
  workspace?: string;
  runPhase?: 'plan' | 'apply';
  /** The legacy sub form: no project segment. */
  legacy?: boolean;
  /** The condition key (`app.terraform.io:sub`). */
  key: string;
  /** The value as the code has it now, and where its characters are written. */
  current: string;
  written: WrittenSpan[];
}

/** Detach a managed policy: delete the attachment resource, or its element of `managed_policy_arns`. */
export interface DetachPolicyTarget {
  kind: 'detach-policy';
  policyArn: string;
  /** The attachment's Terraform address (or the role's, for `managed_policy_arns`). */
  attachment: string;
  /** How it is attached: `aws_iam_role_policy_attachment`, `managed_policy_arns`, ... */
  via: string;
  /** What to delete: the whole resource block, or the element in the list. */
  remove: Range;
}

/** Set the `aud` condition value to an audience the provider lists. */
export interface SetAudTarget {
  kind: 'set-aud';
  audience?: string;
  key: string;
  current: string;
  written: WrittenSpan[];
}

/** StringLike → StringEquals (no value has a wildcard). */
export interface StringEqualsTarget {
  kind: 'string-equals';
  operator: string;
  /** The operator as written (the JSON key, or a policy document's `test`). */
  operatorRange: Range;
  /** The `key: values` entry as written. */
  entry: Range;
  /** The last entry of a StringEquals block the statement already has: the entry moves there, as a second key of one name would be lost. */
  into?: Range;
  /** The entry is the only one under its operator (the block goes when the entry moves). */
  alone: boolean;
  /** Another entry under the same operator has a wildcard, so the operator cannot change for all of them. */
  mixed?: boolean;
}

export type FixTarget = PinSubTarget | DetachPolicyTarget | SetAudTarget | StringEqualsTarget;

/** A value the target needs that the code does not decide, and the flag that decides it. */
export interface UndecidedValue {
  /** `organization`, `project`, `workspace`, `runPhase`, `audience`. */
  field: string;
  flag: string;
  why: string;
}

export interface FixData {
  target: FixTarget;
  /** Empty when the target is decided. */
  undecided?: UndecidedValue[];
  /** Edits on the scanned source that reach the target: present when the target is decided and its value is written in the scan. */
  edits?: SourceEdit[];
  /** Why the decided target has no edits (the value is an expression, the file is not in the scan, ...). */
  noEdits?: string;
}

/** The values `--fix` and `--fix-code` take from flags. */
export interface FixValues {
  organization?: string;
  project?: string;
  workspace?: string;
  runPhase?: 'plan' | 'apply';
  audience?: string;
  detachAdmin?: boolean;
}
