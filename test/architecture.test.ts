// The folders of src/ and rules/ form a pipeline: imports point one way, so no two folders import
// each other (directly or round a loop), and src/core, the leaf every stage shares, imports nothing
// of ours. The graph is read from the import statements of every non-test source file.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `src/<folder>` for files below a folder of src/, `src` for src/index.ts, `rules` for all of rules/. */
export function folderOf(file: string): string {
  const parts = file.split(sep);
  if (parts[0] === 'rules') return 'rules';
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

interface Edge {
  from: string;
  to: string;
  /** One import that makes the edge, for the failure message. */
  example: string;
}

/** Folder → folder edges from every relative import (static, dynamic and `export … from`). */
function folderEdges(files: string[]): Edge[] {
  const edges = new Map<string, Edge>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = relative(ROOT, resolve(ROOT, dirname(file), fileName));
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to && !edges.has(`${from}>${to}`)) edges.set(`${from}>${to}`, { from, to, example: `${file} imports ${fileName}` });
    }
  }
  return [...edges.values()];
}

/** Every elementary cycle is too many to list; one cycle per strongly connected component names the problem. */
export function findCycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): void => {
    const at = onPath.indexOf(node);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    onPath.push(node);
    for (const n of (next.get(node) ?? []).sort()) visit(n);
    onPath.pop();
    done.add(node);
  };
  for (const node of [...next.keys()].sort()) visit(node);
  return cycles;
}

const FILES = [...sourceFiles('src'), ...sourceFiles('rules')];
const EDGES = folderEdges(FILES);

describe('the folder graph', () => {
  it('reads the imports of the source files (the check is not vacuous)', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(EDGES).toContainEqual(expect.objectContaining({ from: 'src/engine', to: 'src/core' }));
  });

  it('has no import cycle between folders', () => {
    const named = findCycles(EDGES).map((c) => {
      const why = c.slice(1).map((to, i) => EDGES.find((e) => e.from === c[i] && e.to === to)?.example);
      return `${c.join(' → ')}\n    ${why.join('\n    ')}`;
    });
    expect(named).toEqual([]);
  });

  it('keeps src/core a leaf: it imports nothing of ours outside itself', () => {
    expect(EDGES.filter((e) => e.from === 'src/core').map((e) => e.example)).toEqual([]);
  });

  it('lets a rule see only the model, src/core and the trust and permissions facades (their index.ts)', () => {
    const facades = [join('src', 'trust', 'index.js'), join('src', 'permissions', 'index.js')];
    const allowed = (target: string): boolean =>
      target.startsWith(`rules${sep}`) || folderOf(target) === 'src/core' || folderOf(target) === 'src/model' || facades.includes(target);
    const outside = FILES.filter((f) => folderOf(f) === 'rules').flatMap((file) =>
      ts
        .preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true)
        .importedFiles.map((i) => i.fileName)
        .filter((spec) => spec.startsWith('.') && !allowed(relative(ROOT, resolve(ROOT, dirname(file), spec))))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('file names', () => {
  it("say their room: apart from a folder's index.ts and types.ts, no two source files share a name", () => {
    const byName = new Map<string, string[]>();
    for (const f of FILES) {
      const name = f.split(sep).pop()!;
      if (name !== 'index.ts' && name !== 'types.ts') byName.set(name, [...(byName.get(name) ?? []), f]);
    }
    expect([...byName.values()].filter((fs) => fs.length > 1)).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('names a cycle round three folders and stays quiet on a chain', () => {
    const e = (from: string, to: string): Edge => ({ from, to, example: '' });
    expect(findCycles([e('a', 'b'), e('b', 'c'), e('c', 'a')])).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles([e('a', 'b'), e('b', 'c'), e('a', 'c')])).toEqual([]);
  });
  it('puts rules/sets in the rules folder and src/index.ts in src', () => {
    expect(folderOf(join('rules', 'sets', 'core.ts'))).toBe('rules');
    expect(folderOf(join('src', 'index.ts'))).toBe('src');
    expect(folderOf(join('src', 'core', 'value.ts'))).toBe('src/core');
  });
});
