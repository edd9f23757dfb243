// IAM Access Analyzer's policy checks (REST/JSON): ValidatePolicy with a few of its real checks,
// and CheckNoNewAccess by statement coverage, enough to tell a narrowed trust from a widened one.
import { ApiError } from './iam.js';

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export interface AnalyzerConfig {
  /** Findings added to every ValidatePolicy answer (to test how the fix reacts to an ERROR). */
  extraFindings: Json[];
}

function parse(doc: unknown, what: string): Json {
  if (typeof doc !== 'string') throw new ApiError('ValidationException', `${what} is required`);
  try {
    const v = JSON.parse(doc) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
  } catch {
    // fall through
  }
  throw new ApiError('ValidationException', `${what} is not a valid JSON policy`);
}

const finding = (findingType: string, issueCode: string, findingDetails: string, index?: number) => ({
  findingType,
  issueCode,
  findingDetails,
  learnMoreLink: `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#${issueCode}`,
  locations:
    index === undefined
      ? []
      : [
          {
            path: [{ value: 'Statement' }, { index }],
            span: { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } },
          },
        ],
});

export function validatePolicy(body: Json, config: AnalyzerConfig): Json {
  if (body.policyType !== 'RESOURCE_POLICY' && body.policyType !== 'IDENTITY_POLICY' && body.policyType !== 'SERVICE_CONTROL_POLICY') {
    throw new ApiError('ValidationException', `Invalid policyType ${String(body.policyType)}`);
  }
  const findings: Json[] = [];
  let doc: Json;
  try {
    doc = parse(body.policyDocument, 'policyDocument');
  } catch {
    return { findings: [finding('ERROR', 'JSON_SYNTAX_ERROR', 'Fix the JSON syntax error.')] };
  }
  if (doc.Version !== '2012-10-17')
    findings.push(finding('WARNING', 'MISSING_VERSION', 'We recommend that you specify the Version element.'));
  const trust = body.validatePolicyResourceType === 'AWS::IAM::AssumeRolePolicyDocument';
  list(doc.Statement).forEach((s, i) => {
    const st = s as Json;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny')
      findings.push(finding('ERROR', 'INVALID_EFFECT', 'The Effect element must be Allow or Deny.', i));
    if (trust && !st.Principal && !st.NotPrincipal)
      findings.push(finding('ERROR', 'MISSING_PRINCIPAL', 'A role trust policy statement must include a Principal.', i));
    const federated = list((st.Principal as Json | undefined)?.Federated);
    for (const f of federated) {
      if (typeof f !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:(oidc|saml)-provider\/.+$|^[a-z0-9.-]+\.(com|amazon)$/.test(f)) {
        findings.push(finding('ERROR', 'INVALID_FEDERATED_PRINCIPAL_SYNTAX', `The federated principal ${String(f)} is not valid.`, i));
      }
    }
    if (trust && list(st.Action).some((a) => typeof a === 'string' && !/^sts:/i.test(a))) {
      findings.push(finding('ERROR', 'INVALID_ACTION', 'A role trust policy may only contain sts: actions.', i));
    }
  });
  return { findings: [...findings, ...config.extraFindings] };
}

type Cond = { op: string; key: string; values: string[] };
const conditions = (st: Json): Cond[] =>
  Object.entries((st.Condition as Record<string, Record<string, unknown>> | undefined) ?? {}).flatMap(([op, keys]) =>
    Object.entries(keys).map(([key, v]) => ({ op, key: key.toLowerCase(), values: list(v).map(String) })),
  );

const glob = (pattern: string, s: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(s);

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Json).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

/** Every principal of the new statement is one of the existing statement's (same type, same value). */
function principalsCovered(existing: unknown, added: unknown): boolean {
  if (existing === '*') return true;
  if (canonical(existing) === canonical(added)) return true;
  if (!existing || typeof existing !== 'object' || !added || typeof added !== 'object') return false;
  return Object.entries(added as Json).every(([type, v]) =>
    list(v).every((x) => list((existing as Json)[type]).some((e) => canonical(e) === canonical(x))),
  );
}

/** The hosts of a statement's OIDC providers: a web identity token carries only its own provider's keys. */
const providerHosts = (st: Json): string[] =>
  list((st.Principal as Json | undefined)?.Federated).map((f) =>
    String(f)
      .replace(/^arn:[^:]*:iam::\d{12}:oidc-provider\//, '')
      .toLowerCase(),
  );

/** Every request the new statement allows, the existing one allows too (by construction of the conditions). */
function covers(existing: Json, added: Json): boolean {
  if (!principalsCovered(existing.Principal, added.Principal)) return false;
  const hosts = providerHosts(added);
  const actions = list(existing.Action).map(String);
  if (!list(added.Action).every((a) => actions.some((e) => glob(e.toLowerCase(), String(a).toLowerCase())))) return false;
  const mine = conditions(added);
  return conditions(existing).every((e) => {
    const same = mine.filter((n) => n.key === e.key);
    // A ...IfExists condition on another provider's key holds for every token of these providers.
    if (/IfExists$/.test(e.op) && hosts.length && !hosts.includes(e.key.slice(0, e.key.lastIndexOf(':')))) return true;
    const base = e.op.replace(/IfExists$/, '');
    if (base !== e.op && same.some((n) => n.op === e.op && canonical(n.values) === canonical(e.values))) return true;
    // A condition that requires the key is stricter than the same one with IfExists.
    if (base !== e.op) e = { ...e, op: base };
    return same.some((n) => {
      if (e.op === 'StringEquals') return n.op === 'StringEquals' && n.values.every((v) => e.values.includes(v));
      if (e.op === 'StringLike')
        return (n.op === 'StringEquals' || n.op === 'StringLike') && n.values.every((v) => e.values.some((p) => glob(p, v)));
      return n.op === e.op && canonical(n.values) === canonical(e.values);
    });
  });
}

export function checkNoNewAccess(body: Json): Json {
  if (body.policyType !== 'RESOURCE_POLICY' && body.policyType !== 'IDENTITY_POLICY')
    throw new ApiError('ValidationException', `Invalid policyType ${String(body.policyType)}`);
  const added = list(parse(body.newPolicyDocument, 'newPolicyDocument').Statement) as Json[];
  const existing = list(parse(body.existingPolicyDocument, 'existingPolicyDocument').Statement) as Json[];
  const reasons: Json[] = [];
  added.forEach((n, i) => {
    if (n.Effect !== 'Allow') return;
    if (!existing.some((e) => e.Effect === 'Allow' && covers(e, n)))
      reasons.push({ description: `New access in the statement with index: ${i}.`, statementIndex: i });
  });
  existing.forEach((e, i) => {
    if (e.Effect === 'Deny' && !added.some((n) => canonical(n) === canonical(e)))
      reasons.push({ description: `The Deny statement with index ${i} was removed.`, statementIndex: i });
  });
  return reasons.length
    ? { result: 'FAIL', message: 'The modified permissions grant new access compared to your existing policy.', reasons }
    : { result: 'PASS', message: 'The modified permissions do not grant new access compared to your existing policy.', reasons: [] };
}
