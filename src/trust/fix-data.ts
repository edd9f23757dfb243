// The structured fixes that trust rules attach to findings (src/core/fix.ts): the target
// the code should reach, decided from the code's own evidence, with the values it cannot decide
// and the flag that decides each. `--fix` resolves the same targets with the same functions, so
// the account and the code are fixed to the same state (docs/fix-code.md).
import { endOffsetOf, samePlace, spanOf, startOffsetOf } from '../core/source.js';
import type {
  DetachPolicyTarget,
  FixData,
  FixValues,
  PinSubTarget,
  SetAudTarget,
  StringEqualsTarget,
  UndecidedValue,
  WrittenSpan,
} from '../core/fix.js';
import type { Condition, PolicyAttachment, Role, Statement } from '../model/types.js';
import type { Value } from '../core/value.js';
import type { IssuerTrust } from './analyze.js';
import { formatSub, isValidName, patternFields } from './claims.js';
import { hasOpaque } from './pattern.js';
import { placeholderMatch } from './placeholders.js';

type Field = 'organization' | 'project' | 'workspace' | 'runPhase';
const KEYWORD: Record<Field, string> = { organization: 'organization', project: 'project', workspace: 'workspace', runPhase: 'run_phase' };
export const FIX_FLAG: Record<Field | 'audience', string> = {
  organization: '--organization',
  project: '--project',
  workspace: '--workspace',
  runPhase: '--run-phase',
  audience: '--audience',
};

/** The code's value for a field when it is a real name: not a wildcard, not unknown, not a placeholder. */
function resolved(value: string | undefined, field: Field): { value?: string; why?: string } {
  if (value === undefined) return { why: 'does not pin it' };
  if (hasOpaque(value)) return { why: 'has a value not known until apply' };
  if (!isValidName(value)) return { why: `has "${value}", a wildcard` };
  if (field === 'runPhase') return value === 'plan' || value === 'apply' ? { value } : { why: `has "${value}"` };
  return placeholderMatch(value) ? { why: `has "${value}", a placeholder` } : { value };
}

/**
 * The pinned form of one `sub` pattern as far as the code decides it. `text` is the pattern with
 * unknown runs as opaque characters ('' when the trust has no `sub` condition). Undefined for a
 * Stacks or module-test pattern: pinning workspace runs would change what it is for.
 */
export function subTarget(text: string, key: string, current: string, written: WrittenSpan[]): FixData | undefined {
  const fields = new Map(patternFields(text).fields.map((f) => [f.keyword as string, f.value]));
  if (fields.has('stack') || fields.has('module')) return undefined;
  const target: PinSubTarget = { kind: 'pin-sub', key, current, written };
  const legacy = !fields.has('project') && text !== '';
  if (legacy) target.legacy = true;
  const undecided: UndecidedValue[] = [];
  for (const field of ['organization', 'project', 'workspace', 'runPhase'] as Field[]) {
    if (field === 'project' && legacy) continue;
    const r = resolved(fields.get(KEYWORD[field]), field);
    if (r.value === undefined) undecided.push({ field, flag: FIX_FLAG[field], why: r.why! });
    else if (field === 'runPhase') target.runPhase = r.value as 'plan' | 'apply';
    else target[field] = r.value;
  }
  return { target, ...(undecided.length ? { undecided } : {}) };
}

/**
 * A pin target with the flags applied: a flag replaces what the code has (the re-check then
 * refuses a value the current trust does not admit). `sub` is set once every field is decided.
 */
export function resolvePin(
  fix: FixData & { target: PinSubTarget },
  values: FixValues,
): { target: PinSubTarget; undecided: UndecidedValue[]; sub?: string } {
  const t: PinSubTarget = { ...fix.target };
  if (values.organization !== undefined) t.organization = values.organization;
  if (values.workspace !== undefined) t.workspace = values.workspace;
  if (values.runPhase !== undefined) t.runPhase = values.runPhase;
  if (values.project !== undefined) {
    t.project = values.project;
    delete t.legacy;
  }
  const undecided = (fix.undecided ?? []).filter((u) => {
    if (u.field === 'project' && t.legacy) return false;
    return (t as unknown as Record<string, unknown>)[u.field] === undefined;
  });
  if (undecided.length) return { target: t, undecided };
  const phase = t.runPhase!;
  const sub = t.legacy
    ? formatSub({ kind: 'legacy', organization: t.organization!, workspace: t.workspace!, phase })
    : formatSub({ kind: 'workspace', organization: t.organization!, project: t.project!, workspace: t.workspace!, phase });
  return { target: t, undecided, sub };
}

/**
 * Where a string value's characters are written: linear segments as they are; a part that came
 * from elsewhere (a variable default, a tfvars line, a module argument) at the place it was first
 * written. Adjacent spans that continue one another in the same file are merged (Terraform JSON
 * strings map character by character). The fixer checks each span against the file's text.
 */
export function writtenSpans(value: Value | undefined): WrittenSpan[] {
  if (value?.kind !== 'string') return [];
  const out: WrittenSpan[] = [];
  for (const s of value.segments ?? []) {
    if (s.unknown) continue;
    const first = s.origins?.find((o) => o.range);
    const range = s.linear
      ? s.range
      : (first?.range ?? (s.range && endOffsetOf(s.range) - startOffsetOf(s.range) === s.end - s.start ? s.range : undefined));
    if (!range) continue;
    const last = out[out.length - 1];
    if (
      last &&
      last.end === s.start &&
      samePlace(last.range, range) &&
      endOffsetOf(last.range) === startOffsetOf(range) &&
      s.linear !== false &&
      !first
    ) {
      out[out.length - 1] = { start: last.start, end: s.end, range: spanOf(last.range, range) };
      continue;
    }
    out.push({ start: s.start, end: s.end, range });
  }
  if (!value.segments?.length && value.range) out.push({ start: 0, end: value.value.length, range: value.range });
  return out;
}

/** The pin-sub fix for one `sub` value of a trust (or for a trust with no `sub` condition). */
export function pinSubFix(trust: IssuerTrust, value: Value | undefined): FixData | undefined {
  const key = `${trust.hostShown ?? trust.host ?? '<host>'}:sub`;
  if (!value) return subTarget('', key, '', []);
  const t = trust.opaque.of(value);
  if (!t || t.fullyUnknown || value.kind !== 'string') return undefined;
  return subTarget(t.text, key, value.value, writtenSpans(value));
}

/** Set the `aud` value to the given audience (the provider's client ID), or leave it to --audience. */
export function setAudFix(trust: IssuerTrust, value: Value | undefined, audience: string | undefined): FixData | undefined {
  if (value?.kind !== 'string') return undefined;
  const target: SetAudTarget = {
    kind: 'set-aud',
    key: `${trust.hostShown ?? trust.host ?? '<host>'}:aud`,
    current: value.value,
    written: writtenSpans(value),
  };
  if (audience !== undefined) target.audience = audience;
  return {
    target,
    ...(audience === undefined
      ? { undecided: [{ field: 'audience', flag: FIX_FLAG.audience, why: 'the provider lists no client ID' }] }
      : {}),
  };
}

export function resolveAud(
  fix: FixData & { target: SetAudTarget },
  values: FixValues,
): { target: SetAudTarget; undecided: UndecidedValue[] } {
  const t = { ...fix.target, ...(values.audience !== undefined ? { audience: values.audience } : {}) };
  return { target: t, undecided: t.audience === undefined ? (fix.undecided ?? []) : [] };
}

/** StringLike → StringEquals on a condition: rename the operator, or move the entry into the statement's StringEquals block. */
export function stringEqualsFix(c: Condition, statement: Statement): FixData {
  const equals = c.operator.replace('StringLike', 'StringEquals');
  const sameBlock = statement.conditions.filter(
    (o) =>
      o.operator === c.operator &&
      startOffsetOf(o.operatorRange) === startOffsetOf(c.operatorRange) &&
      samePlace(o.operatorRange, c.operatorRange),
  );
  const into = statement.conditions.filter((o) => o.operator === equals).sort((a, b) => endOffsetOf(b.range) - endOffsetOf(a.range))[0];
  const mixed = sameBlock.some((o) => o !== c && o.values.some((v) => v.kind !== 'string' || /[*?]/.test(v.value)));
  const target: StringEqualsTarget = {
    kind: 'string-equals',
    operator: c.operator,
    operatorRange: c.operatorRange,
    entry: c.range,
    alone: sameBlock.length === 1,
  };
  if (into) target.into = into.range;
  if (mixed) target.mixed = true;
  return { target };
}

/** Detach a managed policy: delete the attachment resource, or the element of `managed_policy_arns`. */
export function detachFix(att: PolicyAttachment, role: Role, policyArn: string | undefined): FixData | undefined {
  if (!policyArn) return undefined;
  const whole = att.kind === 'aws_iam_role_policy_attachment';
  const element = att.kind === 'managed_policy_arns';
  if (!whole && !element) return undefined;
  // A Terraform JSON resource's block is the object after its name: the name goes too.
  const block =
    att.blockRange && startOffsetOf(att.range) < startOffsetOf(att.blockRange)
      ? spanOf(att.range, att.blockRange, att.blockRange)
      : (att.blockRange ?? att.range);
  const remove = whole ? block : att.policyArn?.range;
  if (!remove) return undefined;
  const target: DetachPolicyTarget = {
    kind: 'detach-policy',
    policyArn,
    attachment: att.address ?? role.address ?? role.id,
    via: att.kind,
    remove,
  };
  return { target };
}
