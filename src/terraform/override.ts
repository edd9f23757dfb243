// Override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms) merge into the
// blocks the other files of the module declare, as Terraform does (docs/override-files.md).
import { basename } from 'node:path';
import type { Range } from '../core/source.js';
import type { Block, Body } from './config-syntax.js';

export function isOverrideFile(path: string): boolean {
  const name = basename(path).replace(/\.tf(\.json)?$/, '');
  return name === 'override' || name.endsWith('_override');
}

/** Blocks that an override block with the same type and labels merges into. */
const MERGED = new Set(['resource', 'data', 'module', 'variable', 'output', 'provider']);

const blockKey = (b: Block) => `${b.type}\0${b.labels.join('\0')}`;

export function mergeOverride(into: Body, override: Body, problem: (message: string, range: Range) => void): void {
  for (const b of override.blocks) {
    if (b.type === 'locals') {
      for (const a of b.body.attributes) {
        const target = into.blocks.find((x) => x.type === 'locals' && x.body.attributes.some((y) => y.name === a.name));
        if (target) target.body.attributes = target.body.attributes.map((y) => (y.name === a.name ? a : y));
        else problem(`override of local.${a.name}: no such local in the module's other files; ignored`, a.range);
      }
      continue;
    }
    if (!MERGED.has(b.type)) continue;
    // A provider block is matched by its alias too.
    const alias = (x: Block) => x.body.attributes.find((a) => a.name === 'alias')?.expr;
    const aliasText = (x: Block) => {
      const e = alias(x);
      return e ? (e.kind === 'hcl' ? e.node.text : JSON.stringify(e.value)) : '';
    };
    const target = into.blocks.find((x) => blockKey(x) === blockKey(b) && (b.type !== 'provider' || aliasText(x) === aliasText(b)));
    if (!target) {
      problem(`override ${b.type} ${b.labels.map((l) => `"${l}"`).join(' ')}: no such block in the module's other files; ignored`, b.range);
      continue;
    }
    mergeBody(target.body, b.body);
  }
}

/**
 * An attribute replaces the one of the same name; nested blocks of a type replace all nested
 * blocks of that type, except `lifecycle`, which merges argument by argument.
 */
function mergeBody(into: Body, over: Body): void {
  for (const a of over.attributes) {
    const i = into.attributes.findIndex((x) => x.name === a.name);
    if (i >= 0) into.attributes[i] = a;
    else into.attributes.push(a);
  }
  const types = new Set(over.blocks.map((b) => b.type));
  for (const t of types) {
    const mine = over.blocks.filter((b) => b.type === t);
    if (t === 'lifecycle') {
      const existing = into.blocks.find((b) => b.type === 'lifecycle');
      if (existing) {
        for (const m of mine) mergeBody(existing.body, m.body);
        continue;
      }
    }
    into.blocks = [...into.blocks.filter((b) => b.type !== t), ...mine];
  }
}
