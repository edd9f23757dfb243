// An evaluated policy object → PolicyDocument. IAM element names are case-sensitive: a wrong-case
// or unknown element is a problem (IAM rejects the policy), never silently read or dropped.
import type { Range } from '../core/source.js';
import type { ObjectEntry, ObjectValue, Value } from '../core/value.js';
import { asList, str } from '../core/value.js';
import { knownString, span } from './names.js';
import { parseOperator } from './operator.js';
import type { Condition, PolicyDocument, Principal, PrincipalType, Statement } from './types.js';

export interface Problem {
  message: string;
  range: Range;
}

/** A structural part of the document is not known: reading on would invent a document. */
class UnknownPart extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const DOCUMENT_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Federated', 'Service', 'CanonicalUser'];
const VERSIONS = ['2012-10-17', '2008-10-17'];

function rangeOf(v: Value | undefined, fallback: Range): Range {
  return v?.range ?? fallback;
}

function entryRange(e: ObjectEntry, fallback: Range): Range {
  return span(e.keyValue?.range ?? e.value.range, e.value.range, fallback);
}

function keyRange(e: ObjectEntry, fallback: Range): Range {
  return e.keyValue?.range ?? e.value.range ?? fallback;
}

function unknownReason(v: Value, what: string): string | undefined {
  if (v.kind === 'unknown') return `${what} is not known until apply (${v.reason})`;
  return undefined;
}

/** The elements of an object by exact name (last wins, as for repeated JSON keys); problems for the rest. */
function elements<K extends string>(
  obj: ObjectValue,
  known: readonly K[],
  where: string,
  fallback: Range,
  problems: Problem[],
): Map<K, ObjectEntry> {
  const out = new Map<K, ObjectEntry>();
  for (const e of obj.entries) {
    if ((known as readonly string[]).includes(e.key)) {
      out.set(e.key as K, e);
      continue;
    }
    const proper = known.find((k) => k.toLowerCase() === e.key.toLowerCase());
    problems.push({
      message: proper
        ? `"${e.key}" must be written "${proper}": IAM element names are case-sensitive and IAM rejects this policy`
        : `"${e.key}" is not an element of ${where}; IAM rejects this policy`,
      range: keyRange(e, rangeOf(obj, fallback)),
    });
  }
  return out;
}

/** Read an evaluated policy object. Returns `unknown` when a structural part is not known. */
export function readDocumentObject(obj: ObjectValue, fallback: Range, problems: Problem[]): { doc?: PolicyDocument; unknown?: string } {
  const range = rangeOf(obj, fallback);
  try {
    const els = elements(obj, DOCUMENT_ELEMENTS, 'a policy document', range, problems);
    const version = els.get('Version')?.value;
    const v = knownString(version);
    if (version && v !== undefined && !VERSIONS.includes(v)) {
      problems.push({ message: `Version "${v}" is not one IAM accepts (2012-10-17)`, range: rangeOf(version, range) });
    }
    const statementEntry = els.get('Statement');
    const statements: Statement[] = [];
    if (!statementEntry) {
      problems.push({ message: 'the policy has no "Statement" element', range });
    } else {
      const sv = statementEntry.value;
      const why = unknownReason(sv, 'the Statement element');
      if (why) throw new UnknownPart(why);
      const items = sv.kind === 'object' ? [sv] : sv.kind === 'list' ? sv.items : undefined;
      if (!items) {
        problems.push({ message: 'Statement must be an object or a list of objects', range: rangeOf(sv, range) });
      }
      for (const item of items ?? []) {
        const s = readStatement(item, rangeOf(sv, range), problems);
        if (s) statements.push(s);
      }
    }
    const doc: PolicyDocument = { value: obj, range, statements, problems };
    if (version) doc.version = version;
    return { doc };
  } catch (e) {
    if (e instanceof UnknownPart) return { unknown: e.reason };
    throw e;
  }
}

function readStatement(v: Value, fallback: Range, problems: Problem[]): Statement | undefined {
  const why = unknownReason(v, 'a statement');
  if (why) throw new UnknownPart(why);
  const range = rangeOf(v, fallback);
  if (v.kind !== 'object') {
    problems.push({ message: 'a statement must be an object', range });
    return undefined;
  }
  const els = elements(v, STATEMENT_ELEMENTS, 'a statement', range, problems);
  const list = (k: (typeof STATEMENT_ELEMENTS)[number]) => asList(els.get(k)?.value);
  const s: Statement = {
    actions: list('Action'),
    notActions: list('NotAction'),
    resources: list('Resource'),
    notResources: list('NotResource'),
    conditions: [],
    range,
  };
  const sid = els.get('Sid');
  if (sid) s.sid = sid.value;

  const effect = els.get('Effect');
  if (!effect) {
    problems.push({ message: 'the statement has no "Effect"', range });
  } else {
    s.effectValue = effect.value;
    const e = knownString(effect.value);
    if (e === 'Allow' || e === 'Deny') s.effect = e;
    else if (e !== undefined || (effect.value.kind !== 'unknown' && effect.value.kind !== 'string')) {
      problems.push({ message: `Effect must be "Allow" or "Deny"`, range: rangeOf(effect.value, range) });
    }
  }

  const principal = els.get('Principal');
  if (principal) s.principals = readPrincipals(principal, range, problems);
  const notPrincipal = els.get('NotPrincipal');
  if (notPrincipal) s.notPrincipals = readPrincipals(notPrincipal, range, problems);

  const condition = els.get('Condition');
  if (condition) s.conditions = readConditions(condition.value, range, problems);
  return s;
}

function readPrincipals(entry: ObjectEntry, fallback: Range, problems: Problem[]): Principal[] {
  const v = entry.value;
  const why = unknownReason(v, `the ${entry.key} element`);
  if (why) throw new UnknownPart(why);
  const range = entryRange(entry, fallback);
  if (v.kind === 'string') {
    if (knownString(v) === '*') return [{ type: '*', values: [v], range }];
    if (knownString(v) === undefined) throw new UnknownPart(`the ${entry.key} element is not known until apply`);
    problems.push({ message: `${entry.key} must be "*" or an object such as {"Federated": ...}`, range: rangeOf(v, range) });
    return [];
  }
  if (v.kind !== 'object') {
    problems.push({ message: `${entry.key} must be "*" or an object`, range: rangeOf(v, range) });
    return [];
  }
  const out: Principal[] = [];
  for (const e of v.entries) {
    const type = PRINCIPAL_TYPES.find((t) => t === e.key);
    if (!type) {
      const proper = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === e.key.toLowerCase());
      problems.push({
        message: proper
          ? `principal type "${e.key}" must be written "${proper}"; IAM rejects this policy`
          : `"${e.key}" is not a principal type (AWS, Federated, Service, CanonicalUser)`,
        range: keyRange(e, range),
      });
      continue;
    }
    if (e.value.kind === 'null') problems.push({ message: `${type} principal has no value`, range: entryRange(e, range) });
    out.push({ type, values: asList(e.value), range: entryRange(e, range) });
  }
  return out;
}

function readConditions(v: Value, fallback: Range, problems: Problem[]): Condition[] {
  const why = unknownReason(v, 'the Condition element');
  if (why) throw new UnknownPart(why);
  const range = rangeOf(v, fallback);
  if (v.kind !== 'object') {
    problems.push({ message: 'Condition must be an object of operators', range });
    return [];
  }
  const out: Condition[] = [];
  for (const opEntry of v.entries) {
    const operatorRange = keyRange(opEntry, range);
    const { op, problem } = parseOperator(opEntry.key);
    if (problem) problems.push({ message: problem, range: operatorRange });
    const block = opEntry.value;
    const blockWhy = unknownReason(block, `the ${opEntry.key} condition block`);
    if (blockWhy) throw new UnknownPart(blockWhy);
    if (block.kind !== 'object') {
      problems.push({ message: `${opEntry.key} must map condition keys to values`, range: rangeOf(block, operatorRange) });
      continue;
    }
    for (const keyEntry of block.entries) {
      const entryR = entryRange(keyEntry, rangeOf(block, operatorRange));
      out.push({
        operator: opEntry.key,
        op,
        operatorRange,
        key: keyEntry.keyValue ?? str(keyEntry.key, keyRange(keyEntry, entryR)),
        values: asList(keyEntry.value),
        range: entryR,
      });
    }
  }
  return out;
}
