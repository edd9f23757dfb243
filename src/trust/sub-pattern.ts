// Why a `sub` value can never match a real token: IDs where the token carries names, empty
// segments, misspelt or misordered keywords, a Stacks or module-test tail that no token has.
import { type SubClaim, type SubKeyword, SUB_KEYWORDS, formatSub, isValidName, patternFields } from './claims.js';
import { matchValue } from './operators.js';
import { hasOpaque } from './pattern.js';
import { addPattern, candidates, emptyPools } from './witness.js';

export type SubProblemKind = 'id' | 'empty' | 'misspelt' | 'wrongTail' | 'badPhase' | 'outOfOrder' | 'noShape';

export interface SubProblem {
  kind: SubProblemKind;
  /** One clause for the message: what is wrong and what a token has instead. */
  detail: string;
  /** Offsets of the offending part in the pattern text, when it is one part. */
  start?: number;
  end?: number;
  /** The token a run would carry (what the author most likely meant), for a rejected witness. */
  intended?: SubClaim;
  /** For an ID from a reference (`tfe_workspace.app.id`): the reference that gives the name (`tfe_workspace.app.name`). */
  nameReference?: string;
}

/** A reference to an HCP Terraform ID (`tfe_workspace.app.id`) that flows into a `sub` segment. */
export interface IdReference {
  keyword: 'organization' | 'project' | 'workspace';
  /** As written: `tfe_workspace.app.id`. */
  expression: string;
  /** The attribute that holds the name: `tfe_workspace.app.name`. */
  name: string;
  /** The name itself, when the scan knows it (the resource's `name` argument). */
  knownName?: string;
}

/** HCP Terraform resources and data sources whose `id` (`external_id` for organizations) is an ID, never the name a token carries. */
const ID_ATTRIBUTES: Record<string, { keyword: IdReference['keyword']; attribute: string }> = {
  tfe_workspace: { keyword: 'workspace', attribute: 'id' },
  tfe_project: { keyword: 'project', attribute: 'id' },
  tfe_organization: { keyword: 'organization', attribute: 'external_id' },
};

/** The ID reference a computed attribute is, when it is one: `tfe_workspace.app.id`, `data.tfe_project.p.id`, `tfe_organization.o.external_id`. */
export function idReferenceOf(symbol: { address: string; attribute: string; module: string } | undefined): IdReference | undefined {
  if (!symbol) return undefined;
  const type = symbol.address.replace(/^data\./, '').split('.')[0];
  const known = ID_ATTRIBUTES[type];
  if (!known || symbol.attribute !== known.attribute) return undefined;
  const base = symbol.address;
  return { keyword: known.keyword, expression: `${base}.${symbol.attribute}`, name: `${base}.name` };
}

/** HCP Terraform IDs: `ws-`, `prj-`, `org-` and 16 letters or digits (at least one capital or digit). */
const ID_RE = /^(ws|prj|org)-(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z0-9]{16}$/;
const ID_OF: Record<string, string> = { ws: 'workspace', prj: 'project', org: 'organization' };

const MISSPELLINGS: Record<string, SubKeyword> = {
  workspaces: 'workspace',
  projects: 'project',
  organizations: 'organization',
  organisation: 'organization',
  organisations: 'organization',
  org: 'organization',
  ws: 'workspace',
  proj: 'project',
  runphase: 'run_phase',
  'run-phase': 'run_phase',
  phase: 'run_phase',
  run_phases: 'run_phase',
  stacks: 'stack',
  deployments: 'deployment',
  modules: 'module',
  operations: 'operation',
};

const CANDIDATE_BUDGET = 3000;

/** A token of any shape that the value matches: a claim, 'unknown' when an unknown part decides, or undefined. */
export function exampleClaim(text: string, glob: boolean): SubClaim | 'unknown' | undefined {
  const pools = emptyPools();
  addPattern(pools, text, glob);
  let n = 0;
  let unknown = false;
  for (const claim of candidates(pools)) {
    if (++n > CANDIDATE_BUDGET) return 'unknown';
    const m = matchValue(text, formatSub(claim), glob ? 'glob' : 'exact');
    if (m === true) return claim;
    if (m === 'unknown') unknown = true;
  }
  return unknown || hasOpaque(text) ? 'unknown' : undefined;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The keyword a part was probably meant to be. */
export function suggestKeyword(part: string): SubKeyword | undefined {
  const p = part.trim().toLowerCase();
  if ((SUB_KEYWORDS as readonly string[]).includes(p)) return p as SubKeyword;
  if (MISSPELLINGS[p]) return MISSPELLINGS[p];
  if (p.length < 5) return undefined;
  return SUB_KEYWORDS.find((k) => distance(p, k) <= 2);
}

const SHAPE_KEYS: { kind: SubClaim['kind']; keys: SubKeyword[] }[] = [
  { kind: 'workspace', keys: ['organization', 'project', 'workspace', 'run_phase'] },
  { kind: 'legacy', keys: ['organization', 'workspace', 'run_phase'] },
  { kind: 'stack', keys: ['organization', 'project', 'stack', 'deployment', 'operation'] },
  { kind: 'module-test', keys: ['organization', 'module', 'operation'] },
];

/** Values that are never meant as names: "null" and "undefined" come from a value that was not set. */
const UNSET = /^(null|undefined|none|nil)$/i;

const name = (v: string | undefined, fallback: string) =>
  v !== undefined && isValidName(v) && !hasOpaque(v) && !UNSET.test(v) ? v : fallback;

/** The token a run of what the fields name would carry. */
function intendedClaim(fields: Map<string, string>): SubClaim {
  const organization = name(fields.get('organization'), 'my-org');
  if (fields.has('module'))
    return { kind: 'module-test', organization, module: name(fields.get('module'), 'my-module'), phase: 'test_run' };
  const phase = fields.get('run_phase') === 'plan' || fields.get('operation') === 'plan' ? 'plan' : 'apply';
  if (fields.has('stack')) {
    return {
      kind: 'stack',
      organization,
      project: name(fields.get('project'), 'my-project'),
      stack: name(fields.get('stack'), 'my-stack'),
      deployment: name(fields.get('deployment'), 'my-deployment'),
      phase,
    };
  }
  return {
    kind: 'workspace',
    organization,
    project: name(fields.get('project'), 'Default Project'),
    workspace: name(fields.get('workspace'), 'my-workspace'),
    phase,
  };
}

/**
 * Names no run carries although a token could in theory: an ID where the token has the name
 * (`ws-…`, `prj-…`, `org-…`), and "null"-like words from a variable without a value. Checked
 * whether or not some token matches, since a workspace could be named like that.
 */
export function nameProblems(text: string, idReference?: (opaque: string) => IdReference | undefined): SubProblem[] {
  const { fields } = patternFields(text);
  const refOf = (f: (typeof fields)[number]) =>
    idReference ? [...f.value].map(idReference).find((r) => r && r.keyword === f.keyword) : undefined;
  // The token such a run carries has every referenced ID replaced by its name.
  const named = new Map(
    fields.map((f) => {
      const r = refOf(f);
      return [f.keyword, r ? (r.knownName ?? `<name of ${r.expression}>`) : f.value];
    }),
  );
  const out: SubProblem[] = [];
  for (const f of fields) {
    if (!['organization', 'project', 'workspace', 'stack', 'deployment', 'module'].includes(f.keyword)) continue;
    const ref = refOf(f);
    if (ref) {
      const intended = intendedClaim(named);
      out.push({
        kind: 'id',
        detail: `${ref.expression} is the ${f.keyword} ID, but the token carries the ${f.keyword} name (${ref.name})`,
        start: f.start,
        end: f.end,
        intended,
        nameReference: ref.name,
      });
      continue;
    }
    if (UNSET.test(f.value)) {
      out.push({
        kind: 'empty',
        detail: `the ${f.keyword} segment is "${f.value}": a value that was never set went into the pattern as text`,
        start: f.start,
        end: f.end,
        intended: intendedClaim(new Map([...named].filter(([k]) => k !== f.keyword))),
      });
      continue;
    }
    if (!['organization', 'project', 'workspace'].includes(f.keyword) || !ID_RE.test(f.value)) continue;
    const what = ID_OF[f.value.split('-')[0]];
    const intended = intendedClaim(new Map([...named, [f.keyword, `<name of ${f.value}>`]]));
    if (f.keyword === 'workspace' && intended.kind === 'workspace') intended.workspace = `<name of ${f.value}>`;
    if (f.keyword === 'project' && intended.project !== undefined) intended.project = `<name of ${f.value}>`;
    if (f.keyword === 'organization') intended.organization = `<name of ${f.value}>`;
    out.push({
      kind: 'id',
      detail: `"${f.value}" is a ${what} ID, but the token carries the ${f.keyword} name`,
      start: f.start,
      end: f.end,
      intended,
    });
  }
  return out;
}

/** Why no token of any shape matches the value; undefined when one does (or an unknown part may). */
export function diagnoseSubPattern(text: string, glob: boolean): SubProblem | undefined {
  if (exampleClaim(text, glob) !== undefined) return undefined;
  const { fields, loose } = patternFields(text);
  const named = new Map(fields.map((f) => [f.keyword as string, f.value]));
  const wild = (s: string) => glob && /[*?]/.test(s);
  const at = (p: { start: number; end: number }) => ({ start: p.start, end: p.end });

  const empty = fields.find((f) => f.value === '');
  if (empty) {
    return {
      kind: 'empty',
      detail: `the ${empty.keyword} segment is empty: an empty string went into the pattern`,
      ...at(empty),
      intended: intendedClaim(named),
    };
  }
  if (/(^|:):|:$/.test(text))
    return { kind: 'empty', detail: 'the pattern has an empty segment ("::" or a trailing ":")', intended: intendedClaim(named) };

  for (const part of loose) {
    if (wild(part.value) || hasOpaque(part.value)) continue;
    const k = suggestKeyword(part.value);
    if (k && k !== part.value) {
      const repaired = new Map(named);
      const next = loose[loose.indexOf(part) + 1];
      if (next && next.start === part.end + 1) repaired.set(k, next.value);
      return {
        kind: 'misspelt',
        detail: `"${part.value}" is not a keyword of the sub claim; it is "${k}"`,
        ...at(part),
        intended: intendedClaim(repaired),
      };
    }
  }

  const phase = fields.find((f) => f.keyword === 'run_phase');
  const op = fields.find((f) => f.keyword === 'operation');
  if (named.has('stack') || named.has('module')) {
    const stack = named.has('stack');
    const tail = stack ? ':deployment:<deployment>:operation:<plan|apply>' : ':operation:test_run';
    const okOp = stack ? ['plan', 'apply'] : ['test_run'];
    const bad =
      phase ??
      (op && !wild(op.value) && !okOp.includes(op.value) ? op : undefined) ??
      (stack && !named.has('deployment') ? fields.find((f) => f.keyword === 'stack') : undefined);
    if (bad) {
      return {
        kind: 'wrongTail',
        detail: `${stack ? 'Stacks' : 'registry module test'} tokens end in ${tail}`,
        ...at(bad),
        intended: intendedClaim(named),
      };
    }
  } else if (phase && !wild(phase.value) && !hasOpaque(phase.value) && !['plan', 'apply'].includes(phase.value)) {
    return {
      kind: 'badPhase',
      detail: `run_phase is "plan" or "apply" (lower case), never "${phase.value}"`,
      ...at(phase),
      intended: intendedClaim(named),
    };
  }

  const order = fields.map((f) => f.keyword);
  const shape = SHAPE_KEYS.find((s) => order.every((k) => s.keys.includes(k)) && order.length > 1);
  if (shape && order.some((k, i) => shape.keys.indexOf(k) < shape.keys.indexOf(order[i - 1] ?? shape.keys[0]))) {
    return {
      kind: 'outOfOrder',
      detail: `the segments are out of order; tokens read ${shape.keys.map((k) => `${k}:<…>`).join(':')}`,
      intended: intendedClaim(named),
    };
  }
  return {
    kind: 'noShape',
    detail:
      'it follows none of the token shapes (organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>, the legacy form without project, Stacks or module tests)',
    intended: intendedClaim(named),
  };
}
