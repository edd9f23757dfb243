// Fingerprints and baselines. A fingerprint names a finding by what it is (rule, file, resource
// address, the text of the decisive value), never by where it is, so an edit elsewhere in the
// file does not turn an accepted finding into a new one.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { readRegularFile } from '../discover/read.js';
import { type SourceFile, isLive, placeName, endOffsetOf, startOffsetOf } from '../core/source.js';
import type { Finding } from '../core/finding.js';

export const BASELINE_VERSION = 1;
/** The justification of a baseline suppression (SARIF kind `external`). */
export const BASELINE_JUSTIFICATION = 'accepted in the baseline';

export interface BaselineEntry {
  ruleId: string;
  file: string;
  resource?: string;
  fingerprint: string;
  /** For the reader of the file; matching ignores it. */
  message: string;
}

export interface Baseline {
  version: number;
  findings: BaselineEntry[];
}

/**
 * File references with line numbers inside a message (`main.tf:83`) would move with every edit.
 * Only the character before the extension is matched (the rest of the name is kept as it is), so
 * the search stays linear on a message that quotes a 1 MB value (`\S+?` before it was quadratic).
 */
const LINE_REF = /(\S\.(?:tf|json|tfvars)):\d+(?::\d+)?/g;

/** The decisive value's text, whitespace-normalised; for live (ARN) findings there is no text. */
function valueText(f: Finding, files: Map<string, SourceFile>): string {
  if (isLive(f.range)) return '';
  const file = files.get(f.range.file);
  if (!file) return '';
  return file.text.slice(startOffsetOf(f.range), endOffsetOf(f.range)).replace(/\s+/g, ' ').trim();
}

/**
 * `path` is the file as the fingerprint names it: relative to the repository root or the
 * baseline's directory when the caller knows one (LintOptions.fingerprintRoot), so that the
 * directory a scan runs from does not matter; by default the finding's display path.
 */
export function fingerprint(f: Finding, files: Map<string, SourceFile>, path = placeName(f.range)): string {
  // messageId and message tell apart several findings of one rule on one value
  // (no-placeholder-scope reports organization, project and workspace on the same string).
  // A file named in a message counts by its name alone: its display path depends on the cwd.
  const message = f.message.replace(LINE_REF, (_, file: string) => file.slice(file.lastIndexOf('/') + 1));
  const parts = [f.ruleId, path, f.resource ?? '', valueText(f, files), f.messageId, message];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

export function toBaseline(findings: Finding[], files: Map<string, SourceFile>): Baseline {
  return {
    version: BASELINE_VERSION,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      file: placeName(f.range),
      ...(f.resource ? { resource: f.resource } : {}),
      fingerprint: f.fingerprint ?? fingerprint(f, files),
      message: f.message,
    })),
  };
}

export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  await writeFile(path, JSON.stringify(baseline, null, 2) + '\n');
}

/** Read and check a baseline file; throws an Error with a readable message when it is not one. */
// Async although the read is synchronous: a bad file rejects the promise, which the CLI turns into a usage error.
// eslint-disable-next-line @typescript-eslint/require-await -- see above
export async function readBaseline(path: string): Promise<Baseline> {
  const text = readRegularFile(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not a baseline file (invalid JSON: ${(e as Error).message})`);
  }
  const b = doc as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.version !== BASELINE_VERSION || !Array.isArray(b.findings)) {
    throw new Error(
      `${path}: not a baseline file (expected { "version": ${BASELINE_VERSION}, "findings": [...] }, as --write-baseline writes)`,
    );
  }
  const bad = b.findings.findIndex((e) => !e || typeof e.fingerprint !== 'string' || typeof e.ruleId !== 'string');
  if (bad >= 0) throw new Error(`${path}: findings[${bad}] has no "ruleId" and "fingerprint"`);
  return b as Baseline;
}

/**
 * Split findings into new ones and those the baseline already holds. Matching counts: a baseline
 * that recorded one finding suppresses one, so a second identical finding still shows.
 */
export function matchBaseline(findings: Finding[], baseline: Baseline): { matched: Finding[]; rest: Finding[] } {
  const budget = new Map<string, number>();
  for (const e of baseline.findings) budget.set(e.fingerprint, (budget.get(e.fingerprint) ?? 0) + 1);
  const matched: Finding[] = [];
  const rest: Finding[] = [];
  for (const f of findings) {
    const left = f.fingerprint ? (budget.get(f.fingerprint) ?? 0) : 0;
    if (left > 0) {
      budget.set(f.fingerprint!, left - 1);
      matched.push(f);
    } else {
      rest.push(f);
    }
  }
  return { matched, rest };
}
