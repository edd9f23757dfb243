// Finding, reading and validating the config file: `.tfc-oidc-lint.json`, `.tfc-oidc-lint.yaml`
// (or `.yml`) or a "tfc-oidc-lint" key in package.json, the nearest one upward from the scan root.
// Every error names the file, the line and what is wrong.
import { readFile, stat } from 'node:fs/promises';
import { NotReadFile, describeError, readRegularFile } from '../discover/read.js';
import { basename, dirname, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { findNodeAtLocation, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { Document } from 'yaml';
import { InputError } from '../core/errors.js';
import { LineIndex } from '../core/source.js';
import { didYouMean } from '../engine/suggest.js';
import { CONFIG_SCHEMA } from './schema.js';
import type { Config } from '../core/config.js';

export const CONFIG_FILES = ['.tfc-oidc-lint.json', '.tfc-oidc-lint.yaml', '.tfc-oidc-lint.yml', 'package.json'];
export const PACKAGE_KEY = 'tfc-oidc-lint';
const MAX_CONFIG_BYTES = 1024 * 1024;

type Path = (string | number)[];

/** The config file's text as data, with a way back from a data path to a line. */
interface Parsed {
  data: unknown;
  lineOf(path: Path): number | undefined;
}

function fail(file: string, line: number | undefined, message: string): never {
  throw new InputError(`${file}${line ? `:${line}` : ''}: ${message}`);
}

function parseJsonConfig(file: string, text: string, prefix: Path): Parsed {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lines = new LineIndex(text);
  if (errors.length || !root) {
    const e = errors[0];
    fail(file, e ? lines.position(e.offset).line : 1, `invalid JSON (${e ? printParseErrorCode(e.error) : 'empty'})`);
  }
  const data = JSON.parse(text) as Record<string, unknown>;
  return {
    data: prefix.length ? data[prefix[0] as string] : data,
    lineOf(path) {
      for (let p = [...prefix, ...path]; p.length; p = p.slice(0, -1)) {
        const node = findNodeAtLocation(root, p);
        if (node) return lines.position(node.parent?.type === 'property' ? node.parent.offset : node.offset).line;
      }
      return undefined;
    },
  };
}

async function parseYamlConfig(file: string, text: string): Promise<Parsed> {
  // Loaded only when a YAML config exists: most runs have none, and start-up counts.
  const { isMap, isPair, LineCounter, parseDocument } = await import('yaml');
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) fail(file, err.linePos?.[0].line, `invalid YAML (${err.message.split('\n')[0]})`);
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // Aliases that expand exponentially ("billion laughs"): the yaml library refuses them here.
    fail(file, undefined, `invalid YAML (${String((e as Error).message ?? e).split('\n')[0]})`);
  }
  return {
    data,
    lineOf(path) {
      for (let p = [...path]; p.length; p = p.slice(0, -1)) {
        const parent = p.length > 1 ? doc.getIn(p.slice(0, -1), true) : doc.contents;
        // Point at the key of a mapping entry: that is the line the reader looks for.
        if (isMap(parent)) {
          const pair = parent.items.find(
            (i) => isPair(i) && String((i.key as { value?: unknown })?.value ?? i.key) === String(p[p.length - 1]),
          );
          const range = (pair?.key as { range?: number[] } | undefined)?.range;
          if (range) return counter.linePos(range[0]).line;
        }
        const node = doc.getIn(p, true) as { range?: number[] } | undefined;
        if (node?.range) return counter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

let compiled: ValidateFunction | undefined;

/** The schema validator, compiled on first use: compiling costs more than most lint runs' start-up. */
async function validator(): Promise<ValidateFunction> {
  if (!compiled) {
    const { Ajv } = await import('ajv');
    compiled = new Ajv({ allErrors: true, strictTuples: false }).compile(CONFIG_SCHEMA);
  }
  return compiled;
}

const SETTING_HELP = 'must be "off", a severity (critical, high, medium, low, info) or [severity, { options }]';

/** The first schema error, worded for a person. */
async function schemaError(parsed: Parsed, file: string): Promise<void> {
  const validate = await validator();
  if (validate(parsed.data)) return;
  const errors = validate.errors ?? [];
  const e = errors.find((x) => x.keyword === 'additionalProperties') ?? errors[0];
  const path: Path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = path.length ? path.join('.') : 'the config';
  let message: string;
  if (path[0] === 'rules' && path.length >= 2) message = `rules.${path[1]}: ${SETTING_HELP}`;
  else if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    path.push(key);
    const keys = Object.keys(path.length > 1 ? CONFIG_SCHEMA.properties.ignore.items.properties : CONFIG_SCHEMA.properties);
    const hint = didYouMean(key, keys).replace(/\)$/, '; ');
    message = `${where === 'the config' ? '' : `${where}: `}unknown key "${key}"${hint ? `${hint}known: ${keys.join(', ')})` : ` (known: ${keys.join(', ')})`}`;
  } else if (e.keyword === 'required') message = `${where}: missing "${(e.params as { missingProperty: string }).missingProperty}"`;
  else message = `${where}: ${e.message}`;
  fail(file, parsed.lineOf(path), message);
}

/** Rule ids must exist; `*` is allowed in `ignore` for every rule. */
function checkRuleIds(config: Config, parsed: Parsed, file: string, known: (id: string) => boolean, ids: string[]): void {
  for (const id of Object.keys(config.rules ?? {})) {
    if (!known(id))
      fail(
        file,
        parsed.lineOf(['rules', id]),
        `rules: unknown rule "${id}"${didYouMean(id, ids) || ' (tfc-oidc-lint --list-rules lists them)'}`,
      );
  }
  (config.ignore ?? []).forEach((e, i) => {
    if (e.rule !== '*' && !known(e.rule))
      fail(file, parsed.lineOf(['ignore', i, 'rule']), `ignore[${i}].rule: unknown rule "${e.rule}"${didYouMean(e.rule, ids)}`);
  });
}

/** The config file's text; a FIFO, socket or device is never read (it could block or never end). */
function readConfigText(path: string, file: string): string {
  try {
    return readRegularFile(file, MAX_CONFIG_BYTES);
  } catch (e) {
    const kind = e instanceof NotReadFile ? e.kind : undefined;
    if (kind === 'directory') throw new InputError(`${path}: is a directory, not a config file`);
    if (kind === 'not-regular') throw new InputError(`${path}: not a regular file, so not read as a config file`);
    if (kind === 'too-large') throw new InputError(`${path}: config file larger than 1 MB`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${path}: no such config file`);
    throw new InputError(`${path}: ${describeError(e)}`);
  }
}

/** Read and validate one config file; throws InputError (exit 2) with file:line on any problem. */
/** `ruleIds`: every known id, for "did you mean" on a misspelled one. */
export async function loadConfig(path: string, known: (id: string) => boolean, ruleIds: string[] = []): Promise<Config> {
  const file = resolve(path);
  const text = readConfigText(path, file);
  const name = basename(file);
  const parsed = /\.ya?ml$/.test(name)
    ? await parseYamlConfig(path, text)
    : parseJsonConfig(path, text, name === 'package.json' ? [PACKAGE_KEY] : []);
  if (parsed.data === undefined || parsed.data === null) {
    if (name === 'package.json') throw new InputError(`${path}: no "${PACKAGE_KEY}" key`);
    return { source: file };
  }
  // An empty section (`rules:` with only comments below, as --init writes it) is no section.
  if (typeof parsed.data === 'object' && !Array.isArray(parsed.data)) {
    for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>))
      if (v === null) delete (parsed.data as Record<string, unknown>)[k];
  }
  await schemaError(parsed, path);
  const config = parsed.data as Config;
  checkRuleIds(config, parsed, path, known, ruleIds);
  return { ...config, source: file };
}

async function isConfigFile(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => undefined);
  if (!st?.isFile()) return false;
  if (basename(path) !== 'package.json') return true;
  const text = await readFile(path, 'utf8').catch(() => '');
  try {
    return Object.hasOwn(JSON.parse(text) as object, PACKAGE_KEY);
  } catch {
    // A package.json that does not parse is ours when it names our key: loading it then reports
    // where the JSON breaks, instead of silently scanning without the configuration.
    return text.includes(`"${PACKAGE_KEY}"`);
  }
}

/** The nearest config file at or above `dir`, or undefined. */
export async function findConfig(dir: string): Promise<string | undefined> {
  for (let d = resolve(dir); ; d = dirname(d)) {
    for (const name of CONFIG_FILES) {
      if (await isConfigFile(join(d, name))) return join(d, name);
    }
    if (dirname(d) === d) return undefined;
  }
}
