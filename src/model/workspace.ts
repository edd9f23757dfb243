// The `tfe` provider side of the trust setup: workspaces, projects, variable sets and the
// credentials variables on them, linked to each other and to the roles they name.
import type { Range } from '../core/source.js';
import type { CallFrame, Diagnostic, ResourceInstance } from '../core/resource.js';
import type { Value } from '../core/value.js';
import { get } from '../core/value.js';
import { type ModelIndex, byAddress, findRole, referencedAddresses, unitOf } from './link.js';
import { knownString } from './names.js';
import { element } from './resource-elements.js';
import type { AccessKey, IamUser, Project, TfeProject, TfeWorkspace, VariableSet, WiringSetting, WorkspaceVariable } from './types.js';
import { resolveBindings } from './wiring.js';

export const WORKSPACE_RESOURCE_TYPES = [
  'tfe_workspace',
  'tfe_project',
  'tfe_variable',
  'tfe_variable_set',
  'tfe_workspace_variable_set',
  'tfe_project_variable_set',
  'aws_iam_access_key',
  'aws_iam_user',
] as const;

/** Data sources whose computed `id` a variable or workspace may reference. */
export const WORKSPACE_DATA_TYPES: ReadonlySet<string> = new Set(['tfe_workspace', 'tfe_project', 'tfe_variable_set']);

const WIRING_KEY =
  /^TFC_(DEFAULT_)?AWS_(PROVIDER_AUTH|RUN_ROLE_ARN|PLAN_ROLE_ARN|APPLY_ROLE_ARN|WORKLOAD_IDENTITY_AUDIENCE)(?:_([A-Za-z0-9_]+))?$/;
const STATIC_KEYS = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);

/** `TFC_AWS_RUN_ROLE_ARN_PROD` → RUN_ROLE_ARN, tag PROD. Defaults have no tag, and PROVIDER_AUTH has no default form. */
export function parseWiringKey(key: string): { name: WiringSetting; tag?: string; isDefault: boolean } | undefined {
  const m = WIRING_KEY.exec(key);
  if (!m) return undefined;
  const isDefault = m[1] !== undefined;
  const name = m[2] as WiringSetting;
  if (isDefault && (m[3] !== undefined || name === 'PROVIDER_AUTH')) return undefined;
  return m[3] !== undefined ? { name, tag: m[3], isDefault } : { name, isDefault };
}

export const ROLE_SETTINGS: readonly WiringSetting[] = ['RUN_ROLE_ARN', 'PLAN_ROLE_ARN', 'APPLY_ROLE_ARN'];

type WorkspaceParts = Pick<
  Project,
  'tfeWorkspaces' | 'tfeProjects' | 'variableSets' | 'workspaceVariables' | 'workspaceBindings' | 'iamUsers' | 'accessKeys'
>;

class Index<T extends { id: string; range: Range; callChain: CallFrame[] }> {
  private readonly all = new Map<string, T[]>();
  readonly byId = new Map<string, T>();
  readonly items: T[] = [];
  add(item: T, r: ResourceInstance): void {
    this.items.push(item);
    this.all.set(r.address, [...(this.all.get(r.address) ?? []), item]);
    const id = knownString(get(r.values, 'id'));
    if (id) this.byId.set(id, item);
  }
  /** The element a reference points at: through its symbol or origin (in the same root module), else by a known id. */
  find(ref: Value | undefined, types: string[], from: ResourceInstance): T | undefined {
    if (!ref || ref.kind === 'null') return undefined;
    const root = unitOf(from);
    for (const t of types) {
      for (const a of referencedAddresses(ref, t, from.module, from.callChain)) {
        const here = new Map<string, T>();
        for (const [k, list] of this.all) {
          const hit = list.find((x) => unitOf(x) === root);
          if (hit) here.set(k, hit);
        }
        const hit = byAddress(here, a);
        if (hit) return hit;
      }
    }
    const s = knownString(ref);
    return s === undefined ? undefined : this.byId.get(s);
  }
}

const DEFAULT_PROJECT = 'Default Project';

export function extractWorkspaces(resources: ResourceInstance[], roles: ModelIndex, diagnostics: Diagnostic[]): WorkspaceParts {
  try {
    return extractAll(resources, roles, diagnostics);
  } catch (e) {
    // The wiring is an addition to the model: a shape we did not foresee must not cost the roles.
    diagnostics.push({ code: 'evaluation', severity: 'warning', message: `could not read the tfe workspace wiring: ${String(e)}` });
    return {};
  }
}

function extractAll(resources: ResourceInstance[], roles: ModelIndex, diagnostics: Diagnostic[]): WorkspaceParts {
  const of = (type: string, mode: 'managed' | 'data' = 'managed') => resources.filter((r) => r.type === type && r.mode === mode);
  const projects = new Index<TfeProject>();
  const workspaces = new Index<TfeWorkspace>();
  const sets = new Index<VariableSet>();
  const users = new Index<IamUser>();
  const keys = new Index<AccessKey>();
  const placedWs: [TfeWorkspace, ResourceInstance][] = [];
  const placedKeys: [AccessKey, ResourceInstance][] = [];

  for (const r of [...of('tfe_project'), ...of('tfe_project', 'data')]) {
    const p: TfeProject = { ...element(r), id: r.address, dataSource: r.mode === 'data' };
    setIf(p, 'name', get(r.values, 'name'));
    setIf(p, 'organization', get(r.values, 'organization'));
    projects.add(p, r);
  }
  for (const r of [...of('tfe_workspace'), ...of('tfe_workspace', 'data')]) {
    const w: TfeWorkspace = { ...element(r), id: r.address, dataSource: r.mode === 'data' };
    setIf(w, 'name', get(r.values, 'name'));
    setIf(w, 'organization', get(r.values, 'organization'));
    setIf(w, 'projectRef', get(r.values, 'project_id'));
    workspaces.add(w, r);
    placedWs.push([w, r]);
  }
  for (const [w, r] of placedWs) {
    const p = projects.find(w.projectRef, ['tfe_project', 'data.tfe_project'], r);
    if (p) {
      w.project = p;
      if (p.name) w.projectName = p.name;
      if (!w.organization && p.organization) w.organization = p.organization;
    } else if (!w.projectRef && !w.dataSource) {
      // Without project_id HCP Terraform puts the workspace in the organization's default project.
      w.projectName = { kind: 'string', value: DEFAULT_PROJECT, range: w.range };
    }
  }
  for (const r of [...of('tfe_variable_set'), ...of('tfe_variable_set', 'data')]) {
    const s: VariableSet = {
      ...element(r),
      id: r.address,
      global: get(r.values, 'global')?.kind === 'bool' && (get(r.values, 'global') as { value: boolean }).value,
      priority: get(r.values, 'priority')?.kind === 'bool' && (get(r.values, 'priority') as { value: boolean }).value,
      variables: [],
      workspaces: [],
      projects: [],
    };
    setIf(s, 'name', get(r.values, 'name'));
    setIf(s, 'organization', get(r.values, 'organization'));
    sets.add(s, r);
  }
  const setRef = ['tfe_variable_set', 'data.tfe_variable_set'];
  const wsRef = ['tfe_workspace', 'data.tfe_workspace'];
  for (const r of of('tfe_workspace_variable_set')) {
    const s = sets.find(get(r.values, 'variable_set_id'), setRef, r);
    const w = workspaces.find(get(r.values, 'workspace_id'), wsRef, r);
    if (s && w && !s.workspaces.includes(w)) s.workspaces.push(w);
    else if (!s || !w) note(diagnostics, r, 'its variable set or workspace is not in the input');
  }
  for (const r of of('tfe_project_variable_set')) {
    const s = sets.find(get(r.values, 'variable_set_id'), setRef, r);
    const p = projects.find(get(r.values, 'project_id'), ['tfe_project', 'data.tfe_project'], r);
    if (s && p && !s.projects.includes(p)) s.projects.push(p);
    else if (!s || !p) note(diagnostics, r, 'its variable set or project is not in the input');
  }

  for (const r of of('aws_iam_user')) {
    const u: IamUser = { ...element(r), id: r.address };
    setIf(u, 'name', get(r.values, 'name'));
    users.add(u, r);
  }
  for (const r of of('aws_iam_access_key')) {
    const k: AccessKey = { ...element(r), id: r.address };
    setIf(k, 'userRef', get(r.values, 'user'));
    keys.add(k, r);
    placedKeys.push([k, r]);
  }
  for (const [k, r] of placedKeys) {
    const u = users.find(k.userRef, ['aws_iam_user'], r);
    if (u) k.user = u;
  }

  const variables: WorkspaceVariable[] = [];
  for (const r of of('tfe_variable')) {
    const v = readVariable(r);
    if (!v) continue;
    if (v.workspaceRef) {
      const w = workspaces.find(v.workspaceRef, wsRef, r);
      if (w) v.workspace = w;
    }
    if (v.variableSetRef) {
      const s = sets.find(v.variableSetRef, setRef, r);
      if (s) {
        v.variableSet = s;
        s.variables.push(v);
      }
    }
    if (v.setting && ROLE_SETTINGS.includes(v.setting.name) && v.value) {
      const role = findRole(v.value, r.module, r, roles);
      if (role) v.role = role;
    }
    if (v.staticCredential) {
      const k = keys.find(v.value, ['aws_iam_access_key'], r);
      if (k) v.accessKey = k;
    }
    variables.push(v);
  }

  const out: WorkspaceParts = {};
  const put = <K extends keyof WorkspaceParts>(k: K, list: NonNullable<WorkspaceParts[K]>) => {
    if ((list as unknown[]).length) out[k] = list;
  };
  put('tfeWorkspaces', workspaces.items);
  put('tfeProjects', projects.items);
  put('variableSets', sets.items);
  put('workspaceVariables', variables);
  put('workspaceBindings', resolveBindings(out.tfeWorkspaces ?? [], out.variableSets ?? [], variables));
  put('iamUsers', users.items);
  put('accessKeys', keys.items);
  return out;
}

/**
 * A `tfe_variable` whose key is known and is neither a `TFC_AWS_*` setting nor a static AWS key
 * (`TFC_VAULT_ADDR`, an ordinary input): nothing any rule reads, so what could not be evaluated
 * in it is no note (could-not-evaluate speaks only of values a rule needed).
 */
export function isUnneededVariable(r: ResourceInstance): boolean {
  if (r.type !== 'tfe_variable') return false;
  const key = knownString(get(r.values, 'key'));
  return key !== undefined && !parseWiringKey(key) && !STATIC_KEYS.has(key);
}

function readVariable(r: ResourceInstance): WorkspaceVariable | undefined {
  const keyValue = get(r.values, 'key');
  const key = knownString(keyValue);
  if (!keyValue || key === undefined) return undefined;
  const setting = parseWiringKey(key);
  const staticCredential = STATIC_KEYS.has(key);
  if (!setting && !staticCredential) return undefined;
  const v: WorkspaceVariable = { ...element(r), id: r.address, key, keyValue };
  if (setting) v.setting = setting;
  if (staticCredential) v.staticCredential = true;
  setIf(v, 'value', get(r.values, 'value'));
  const category = get(r.values, 'category');
  setIf(v, 'categoryValue', category);
  const c = knownString(category);
  if (c !== undefined) v.category = c;
  setIf(v, 'workspaceRef', get(r.values, 'workspace_id'));
  setIf(v, 'variableSetRef', get(r.values, 'variable_set_id'));
  return v;
}

function setIf<T, K extends keyof T>(target: T, key: K, v: Value | undefined): void {
  if (v && v.kind !== 'null') target[key] = v as T[K];
}

function note(diagnostics: Diagnostic[], r: ResourceInstance, why: string): void {
  diagnostics.push({ code: 'evaluation', severity: 'note', message: `${r.address}: ${why}; the binding is left out`, range: r.range });
}
