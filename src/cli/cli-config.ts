// The CLI's side of the config: which file applies, and how it and the flags become lint options.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { findConfig, loadConfig } from '../config/load.js';
import { resolveRules } from '../config/resolve.js';
import type { Config } from '../core/config.js';
import type { Rule } from '../model/rule.js';
import type { LintOptions } from '../engine/types.js';
import { didYouMean } from '../engine/suggest.js';
import { UsageError } from './usage-error.js';
import type { CliOptions } from './options.js';

/** The scan root: the first path (a file's directory); config search starts there. */
async function scanRoot(opts: CliOptions, cwd: string): Promise<string> {
  const first = resolve(cwd, opts.paths[0] ?? '.');
  const st = await stat(first).catch(() => undefined);
  return st?.isDirectory() ? first : dirname(first);
}

export async function readConfig(opts: CliOptions, cwd: string, known: (id: string) => boolean, ruleIds: string[] = []): Promise<Config> {
  if (opts.config) return loadConfig(resolve(cwd, opts.config), known, ruleIds);
  const found = await findConfig(await scanRoot(opts, cwd));
  return found ? loadConfig(found, known, ruleIds) : {};
}

export interface Registry {
  rules: Rule[];
  findRule: (id: string) => Rule | undefined;
}

/** Config + flags → the lint options about rules, expectations and suppressions. */
export function configOptions(
  opts: CliOptions,
  config: Config,
  registry: Registry,
): Pick<
  LintOptions,
  'rules' | 'ruleSettings' | 'ruleOptions' | 'expectations' | 'ignore' | 'ignoreBase' | 'inlineSuppressions' | 'maxFileSize'
> & { resolved: ReturnType<typeof resolveRules> } {
  const lookup = (id: string): Rule => {
    const rule = registry.findRule(id);
    if (!rule)
      throw new UsageError(
        `unknown rule "${id}"${
          didYouMean(
            id,
            registry.rules.map((r) => r.meta.id),
          ) || ' (tfc-oidc-lint --list-rules lists them)'
        }`,
      );
    return rule;
  };
  const resolved = resolveRules(registry.rules, config, { only: opts.only.map(lookup), skip: opts.skip.map((id) => lookup(id).meta.id) });
  return {
    ...resolved,
    resolved,
    expectations: Object.fromEntries(
      (['organizations', 'projects', 'hostnames'] as const).filter((k) => config[k] !== undefined).map((k) => [k, config[k]]),
    ),
    ignore: config.ignore,
    ignoreBase: config.source ? dirname(config.source) : undefined,
    inlineSuppressions: opts.inlineSuppressions,
    maxFileSize: config.maxFileSize === undefined ? undefined : Math.round(config.maxFileSize * 1024 * 1024),
  };
}
