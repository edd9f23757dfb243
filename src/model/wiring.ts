// Which role each workspace's plan and apply runs present their token to: variables on the
// workspace and in the variable sets that reach it, resolved by HCP Terraform's precedence, per
// configuration (`_<TAG>` forms) with `TFC_DEFAULT_` values as fallback.
import type { Value } from '../core/value.js';
import { knownString } from './names.js';
import type { TfeWorkspace, VariableSet, WiredRole, WiringSetting, WorkspaceBinding, WorkspaceVariable } from './types.js';

/**
 * Precedence levels, lowest wins (docs/domain.md#workspace-wiring): priority variable sets, then
 * workspace variables, then sets applied to the workspace, to its project, globally.
 */
const PRIORITY = 0;
const WORKSPACE = 1;
const WORKSPACE_SET = 2;
const PROJECT_SET = 3;
const GLOBAL_SET = 4;

interface Layer {
  level: number;
  /** Among sets of one level the set whose name sorts first wins. */
  order: string;
  vars: WorkspaceVariable[];
}

interface Target {
  workspace?: TfeWorkspace;
  organization?: Value;
  project?: Value;
  workspaceName?: Value;
  label: string;
  layers: Layer[];
}

const text = (v: Value | undefined) => knownString(v);

function sameOrg(a: Value | undefined, b: Value | undefined): boolean {
  const x = text(a);
  const y = text(b);
  // An organization we cannot read may be the same one (the provider's default organization).
  return x === undefined || y === undefined || x === y;
}

function setLayer(s: VariableSet, level: number): Layer {
  return { level: s.priority ? PRIORITY : level, order: text(s.name) ?? s.id, vars: s.variables };
}

function workspaceTarget(w: TfeWorkspace, sets: VariableSet[], direct: WorkspaceVariable[]): Target {
  const layers: Layer[] = [{ level: WORKSPACE, order: '', vars: direct }];
  for (const s of sets) {
    if (s.workspaces.includes(w)) layers.push(setLayer(s, WORKSPACE_SET));
    else if (w.project && s.projects.includes(w.project)) layers.push(setLayer(s, PROJECT_SET));
    else if (s.global && sameOrg(s.organization, w.organization)) layers.push(setLayer(s, GLOBAL_SET));
  }
  const t: Target = { workspace: w, label: text(w.name) ?? w.id, layers };
  if (w.organization) t.organization = w.organization;
  if (w.projectName) t.project = w.projectName;
  if (w.name) t.workspaceName = w.name;
  return t;
}

/** Scopes a variable set reaches that have no workspace in the input: its projects, its organization. */
function scopeTargets(sets: VariableSet[], workspaces: TfeWorkspace[]): Target[] {
  const out: Target[] = [];
  for (const s of sets) {
    const setName = text(s.name) ?? s.id;
    for (const p of s.projects) {
      if (workspaces.some((w) => w.project === p)) continue;
      const t: Target = { label: `project ${text(p.name) ?? p.id} (variable set ${setName})`, layers: [setLayer(s, PROJECT_SET)] };
      if (p.name) t.project = p.name;
      const org = p.organization ?? s.organization;
      if (org) t.organization = org;
      out.push(t);
    }
    if (s.global && !workspaces.some((w) => sameOrg(s.organization, w.organization))) {
      const t: Target = {
        label: `organization ${text(s.organization) ?? '?'} (variable set ${setName})`,
        layers: [setLayer(s, GLOBAL_SET)],
      };
      if (s.organization) t.organization = s.organization;
      out.push(t);
    }
  }
  return out;
}

/** Variables whose workspace is not in the input, grouped by the reference written. */
function unresolvedTargets(variables: WorkspaceVariable[]): Target[] {
  const groups = new Map<string, WorkspaceVariable[]>();
  for (const v of variables) {
    if (v.workspace || !v.workspaceRef || v.variableSet) continue;
    const ref = v.workspaceRef;
    const key =
      text(ref) ??
      (ref.kind === 'unknown' && ref.symbol ? `${ref.symbol.module ? `${ref.symbol.module}.` : ''}${ref.symbol.address}` : v.id);
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.entries()].map(([label, vars]) => ({ label: `workspace ${label}`, layers: [{ level: WORKSPACE, order: '', vars }] }));
}

function winners(layers: Layer[]): WorkspaceVariable[] {
  const best = new Map<string, { v: WorkspaceVariable; level: number; order: string }>();
  for (const l of layers) {
    for (const v of l.vars) {
      if (!v.setting) continue;
      const had = best.get(v.key);
      if (!had || l.level < had.level || (l.level === had.level && l.order < had.order))
        best.set(v.key, { v, level: l.level, order: l.order });
    }
  }
  return [...best.values()].map((b) => b.v);
}

function wired(v: WorkspaceVariable | undefined): WiredRole | undefined {
  if (!v) return undefined;
  return v.role ? { variable: v, role: v.role } : { variable: v };
}

function bindingsOf(t: Target): WorkspaceBinding[] {
  const explicit = new Map<string, Partial<Record<WiringSetting, WorkspaceVariable>>>();
  const defaults: Partial<Record<WiringSetting, WorkspaceVariable>> = {};
  for (const v of winners(t.layers)) {
    const s = v.setting!;
    if (s.isDefault) defaults[s.name] = v;
    else explicit.set(s.tag ?? '', { ...explicit.get(s.tag ?? ''), [s.name]: v });
  }
  const tags = [...explicit.keys()];
  // Defaults alone still make a configuration; that they also serve the untagged one is our assumption.
  if (!tags.length && Object.keys(defaults).length) tags.push('');
  return tags.map((tag) => {
    const exp = explicit.get(tag) ?? {};
    const b: WorkspaceBinding = { label: t.label, tag, settings: { ...defaults, ...exp } };
    for (const k of ['workspace', 'organization', 'project', 'workspaceName'] as const)
      if (t[k]) (b as unknown as Record<string, unknown>)[k] = t[k];
    const plan = wired(exp.PLAN_ROLE_ARN ?? exp.RUN_ROLE_ARN ?? defaults.PLAN_ROLE_ARN ?? defaults.RUN_ROLE_ARN);
    const apply = wired(exp.APPLY_ROLE_ARN ?? exp.RUN_ROLE_ARN ?? defaults.APPLY_ROLE_ARN ?? defaults.RUN_ROLE_ARN);
    if (plan) b.plan = plan;
    if (apply) b.apply = apply;
    return b;
  });
}

export function resolveBindings(workspaces: TfeWorkspace[], sets: VariableSet[], variables: WorkspaceVariable[]): WorkspaceBinding[] {
  const targets = [
    ...workspaces.map((w) =>
      workspaceTarget(
        w,
        sets,
        variables.filter((v) => v.workspace === w),
      ),
    ),
    ...scopeTargets(sets, workspaces),
    ...unresolvedTargets(variables),
  ];
  return targets.flatMap(bindingsOf);
}
