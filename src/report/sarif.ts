// SARIF 2.1.0 as GitHub code scanning ingests it: every rule in tool.driver with its doc and
// security-severity, exact regions (the same line and column as stylish; columns in UTF-16 code
// units), related locations for origins, call chain and related places, fingerprints that survive
// line shifts, and suppressed findings kept with their `suppressions`.
import type { Log, Location, ReportingDescriptor, Result, Run } from 'sarif';
import { type Finding, type Severity, ruleIssuers } from '../core/finding.js';
import { type Rule } from '../model/rule.js';
import { type FileRange, type Range, isLive, endOffsetOf, startOffsetOf } from '../core/source.js';
import { describeWitness } from './describe.js';
import { readRuleDoc } from './rule-docs.js';
import type { ReportInput, ReportOptions } from './types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/tfc-oidc-lint/tfc-oidc-lint';
/** Our key in partialFingerprints; versioned so a change of recipe does not match old alerts. */
export const FINGERPRINT_KEY = 'tfcOidcLint/v1';

/** GitHub's scale: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

/** `no-wildcard-run-phase` → `NoWildcardRunPhase` (SARIF names are identifiers). */
function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

const sentence = (t: string) => (/[.!?]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`);

/** A display path as a URI reference: relative paths stay relative (to the checkout), absolute become file URIs. */
function fileUri(path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}

function physical(r: FileRange, input: ReportInput, withSnippet: boolean): Location['physicalLocation'] {
  const text = withSnippet ? input.files.get(r.file)?.text.slice(startOffsetOf(r), endOffsetOf(r)) : undefined;
  return {
    artifactLocation: { uri: fileUri(r.file), ...(r.file.startsWith('/') ? {} : { uriBaseId: '%SRCROOT%' }) },
    region: {
      startLine: r.start.line,
      startColumn: r.start.column,
      endLine: r.end.line,
      endColumn: r.end.column,
      ...(text ? { snippet: { text: text.length > 1000 ? `${text.slice(0, 1000)}…` : text } } : {}),
    },
  };
}

function location(r: Range, input: ReportInput, message?: string, id?: number): Location {
  // A resource read from a live account has no file: SARIF names it as a logical location.
  const where: Location = isLive(r)
    ? { logicalLocations: [{ fullyQualifiedName: r.arn, kind: 'resource' }] }
    : { physicalLocation: physical(r, input, id === undefined) };
  return { ...(id !== undefined ? { id } : {}), ...where, ...(message ? { message: { text: message } } : {}) };
}

function relatedLocations(f: Finding, input: ReportInput): Location[] {
  const out: { range: Range; message: string }[] = [];
  for (const o of f.origins ?? []) if (o.range) out.push({ range: o.range, message: `value from ${o.name} (${o.kind})` });
  for (const c of f.callChain ?? []) out.push({ range: c.range, message: `via ${c.name} (${c.source})` });
  for (const r of f.related ?? []) out.push(r);
  return out.map((l, i) => location(l.range, input, l.message, i + 1));
}

function resultText(f: Finding): string {
  const parts = [sentence(f.message)];
  if (f.witness) parts.push(sentence(describeWitness(f.witness).replace(/^./, (c) => c.toUpperCase())));
  for (const a of f.assumptions ?? []) parts.push(sentence(a.replace(/^./, (c) => c.toUpperCase())));
  if (f.fix) parts.push(sentence(`Fix: ${f.fix}`));
  return parts.join(' ');
}

function result(f: Finding, ruleIndex: Map<string, number>, input: ReportInput): Result {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId)! } : {}),
    level: level(f.severity),
    message: { text: resultText(f) },
    locations: [location(f.range, input)],
    ...(() => {
      const related = relatedLocations(f, input);
      return related.length ? { relatedLocations: related } : {};
    })(),
    ...(f.fingerprint ? { partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint } } : {}),
    ...(f.suppressions?.length
      ? {
          suppressions: f.suppressions.map((s) => ({
            kind: s.kind,
            status: 'accepted' as const,
            justification: s.justification,
            ...(s.location && !isLive(s.location) ? { location: { physicalLocation: physical(s.location, input, false) } } : {}),
          })),
        }
      : {}),
    properties: {
      severity: f.severity,
      ...(f.witness ? { witness: { ...f.witness } } : {}),
      ...(f.resource ? { resource: f.resource } : {}),
      ...(f.assumptions?.length ? { assumptions: [...f.assumptions] } : {}),
      ...(f.range.approximate ? { approximateRange: true } : {}),
    },
  };
}

function descriptor(rule: Rule, doc: string | undefined): ReportingDescriptor {
  const securitySeverity = SECURITY_SEVERITY[rule.meta.severity];
  return {
    id: rule.meta.id,
    name: pascal(rule.meta.id),
    shortDescription: { text: sentence(rule.meta.description) },
    fullDescription: { text: sentence(rule.meta.description) },
    helpUri: rule.docsUrl,
    help: { text: `${sentence(rule.meta.description)} See ${rule.docsUrl}`, ...(doc ? { markdown: doc } : {}) },
    defaultConfiguration: { level: level(rule.meta.severity), enabled: !rule.meta.optIn },
    properties: {
      tags: ['security', ...(rule.meta.tags ?? [])],
      // Which OIDC issuers the rule judges (profile ids of src/trust/issuers/; "*" = every one).
      issuers: ruleIssuers(rule),
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

export function sarif(input: ReportInput, options: ReportOptions): string {
  const findings = [...input.findings, ...(input.suppressed ?? [])];
  const rules = options.rules ?? [];
  const known = new Set(rules.map((r) => r.meta.id));
  const missing = findings.filter((f) => !known.has(f.ruleId)).map((f) => f.ruleId);
  const ruleDoc = options.ruleDoc ?? readRuleDoc;
  const descriptors = rules.map((r) => descriptor(r, ruleDoc(r.meta.id)));
  // A finding of a rule the caller did not list still needs a descriptor (SARIF links by index).
  for (const id of [...new Set(missing)]) {
    descriptors.push({ id, name: pascal(id), shortDescription: { text: id }, helpUri: findings.find((f) => f.ruleId === id)!.docsUrl });
  }
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));
  const run: Run = {
    tool: {
      driver: {
        name: 'tfc-oidc-lint',
        semanticVersion: options.toolVersion ?? '0.0.0',
        version: options.toolVersion ?? '0.0.0',
        informationUri: INFORMATION_URI,
        rules: descriptors,
      },
    },
    columnKind: 'utf16CodeUnits',
    results: findings.map((f) => result(f, ruleIndex, input)),
  };
  const log: Log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return JSON.stringify(log, null, 2) + '\n';
}
