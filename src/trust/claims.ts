// The HCP Terraform `sub` claim grammar (docs/domain.md#sub-claim-shapes): the shapes a token can have, and how a
// policy's `sub` pattern splits into named fields.

export type RunKind = 'workspace' | 'legacy' | 'stack' | 'module-test';
export type Phase = 'plan' | 'apply' | 'test_run';

export interface SubClaim {
  kind: RunKind;
  organization: string;
  /** Absent for legacy (pre-project) and module-test tokens. */
  project?: string;
  workspace?: string;
  stack?: string;
  deployment?: string;
  module?: string;
  phase: Phase;
}

export const SUB_KEYWORDS = ['organization', 'project', 'workspace', 'run_phase', 'stack', 'deployment', 'operation', 'module'] as const;
export type SubKeyword = (typeof SUB_KEYWORDS)[number];

/** Names never contain `:`, `*` or `?` (so a `sub` splits safely on `:`), and are not empty. */
export function isValidName(name: string): boolean {
  return name.length > 0 && !/[:*?]/.test(name);
}

export function formatSub(c: SubClaim): string {
  const org = `organization:${c.organization}`;
  switch (c.kind) {
    case 'workspace':
      return `${org}:project:${c.project}:workspace:${c.workspace}:run_phase:${c.phase}`;
    case 'legacy':
      return `${org}:workspace:${c.workspace}:run_phase:${c.phase}`;
    case 'stack':
      return `${org}:project:${c.project}:stack:${c.stack}:deployment:${c.deployment}:operation:${c.phase}`;
    case 'module-test':
      return `${org}:module:${c.module}:operation:${c.phase}`;
  }
}

const SHAPES: { kind: RunKind; keys: string[]; phases: Phase[] }[] = [
  { kind: 'workspace', keys: ['organization', 'project', 'workspace', 'run_phase'], phases: ['plan', 'apply'] },
  { kind: 'legacy', keys: ['organization', 'workspace', 'run_phase'], phases: ['plan', 'apply'] },
  { kind: 'stack', keys: ['organization', 'project', 'stack', 'deployment', 'operation'], phases: ['plan', 'apply'] },
  { kind: 'module-test', keys: ['organization', 'module', 'operation'], phases: ['test_run'] },
];

/** Parse a concrete `sub`; undefined when it follows none of the shapes. */
export function parseSub(sub: string): SubClaim | undefined {
  const parts = sub.split(':');
  for (const shape of SHAPES) {
    if (parts.length !== shape.keys.length * 2) continue;
    if (!shape.keys.every((k, i) => parts[2 * i] === k && isValidName(parts[2 * i + 1]))) continue;
    const field = (k: string) => parts[2 * shape.keys.indexOf(k) + 1];
    const phase = field(shape.keys[shape.keys.length - 1]) as Phase;
    if (!shape.phases.includes(phase)) continue;
    const c: SubClaim = { kind: shape.kind, organization: field('organization'), phase };
    for (const k of ['project', 'workspace', 'stack', 'deployment', 'module'] as const) {
      if (shape.keys.includes(k)) c[k] = field(k);
    }
    return c;
  }
  return undefined;
}

/** The unit that runs: a workspace, a stack deployment, or a module's tests. */
export function unitOf(c: SubClaim): string {
  if (c.kind === 'stack') return `stack:${c.stack}:deployment:${c.deployment}`;
  if (c.kind === 'module-test') return `module:${c.module}`;
  return `workspace:${c.workspace}`;
}

export interface PatternField {
  keyword: SubKeyword;
  /** The field's text in the pattern (may hold `*`, `?` or opaque characters). */
  value: string;
  /** Offsets of the field's value in the pattern text. */
  start: number;
  end: number;
}

/**
 * Split a `sub` pattern on its literal colons and pair each keyword with the part after it.
 * Parts that follow no keyword (`*` swallowing segments, `*acme*`) come back as `loose`.
 */
export function patternFields(text: string): { fields: PatternField[]; loose: { value: string; start: number; end: number }[] } {
  const parts: { value: string; start: number; end: number }[] = [];
  let start = 0;
  for (const value of text.split(':')) {
    parts.push({ value, start, end: start + value.length });
    start += value.length + 1;
  }
  const fields: PatternField[] = [];
  const loose: typeof parts = [];
  for (let i = 0; i < parts.length; i++) {
    const kw = parts[i].value as SubKeyword;
    if (SUB_KEYWORDS.includes(kw) && i + 1 < parts.length) {
      fields.push({ keyword: kw, ...parts[i + 1] });
      i++;
    } else loose.push(parts[i]);
  }
  return { fields, loose };
}
