// Parsing and evaluation in worker threads give exactly the findings of the main thread, and a
// worker that dies or hangs fails its task instead of the scan. Workers run the built dist/
// (npm test builds first).
import { describe, expect, it } from 'vitest';
import { WorkerPool, WorkerTimeout, workerScript } from '../src/engine/pool.js';
import { lint } from '../src/engine/lint.js';
import { decode, encode } from '../src/engine/codec.js';
import { LineIndex, OffsetRange, SourceFile, plainRange } from '../src/core/source.js';
import { rules } from '../rules/index.js';
import { allShapes } from '../src/testing/shapes.js';
import { writeTree } from '../src/testing/tf.js';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

describe('worker pool', () => {
  it('finds the built worker script', () => {
    expect(workerScript()?.pathname).toMatch(/dist\/src\/engine\/worker\.js$/);
  });

  it.each([['fixtures'], ['fixtures/module-chain']])('%s: two workers give the findings of one thread', async (dir) => {
    const one = await lint([dir], { env: {}, rules, jobs: 1 });
    const two = await lint([dir], { env: {}, rules, jobs: 2, prefilter: false });
    expect(one.stats.workers).toBe(0);
    expect(two.stats.workers).toBe(2);
    expect(plain(two.findings)).toEqual(plain(one.findings));
    // Rebuilt files are real SourceFiles again (code frames use their line index).
    for (const f of two.files.values()) expect(f).toBeInstanceOf(SourceFile);
  });

  it('every source shape through the workers', async () => {
    const spec = {
      conditions: { StringLike: { 'app.terraform.io:sub': 'organization:*:project:p:workspace:w:run_phase:*' } },
      managedPolicies: ['AdministratorAccess'],
    };
    const files = Object.fromEntries(allShapes(spec).flatMap((s, i) => Object.entries(s.files).map(([k, v]) => [`s${i}/${k}`, v])));
    const tree = writeTree(files);
    try {
      const one = await lint(['.'], { cwd: tree.dir, env: {}, jobs: 1 });
      const two = await lint(['.'], { cwd: tree.dir, env: {}, jobs: 2 });
      expect(two.stats.workers).toBe(2);
      expect(one.findings.length).toBeGreaterThan(6);
      expect(plain(two.findings)).toEqual(plain(one.findings));
    } finally {
      tree.cleanup();
    }
  });

  it('a worker that exits fails its task, and the pool does not hang', async () => {
    const pool = new WorkerPool<number, number>(new URL('data:text/javascript,process.exit(3)'), 1, undefined);
    await expect(pool.run(1)).rejects.toThrow(/exited with code 3|no worker left/);
    await expect(pool.run(2)).rejects.toThrow(/no worker left/);
    await pool.close();
  });

  it('a worker that never answers is stopped at its time limit', async () => {
    const pool = new WorkerPool<number, number>(new URL('data:text/javascript,setInterval(() => {}, 1000)'), 1, undefined, 200);
    await expect(pool.run(1)).rejects.toBeInstanceOf(WorkerTimeout);
    await pool.close();
  });
});

describe('codec', () => {
  it('keeps shared objects shared, files as SourceFiles, and refuses unknown classes', () => {
    const file = new SourceFile('a.tf', '/x/a.tf', 'abc\n');
    const shared = { kind: 'string', value: 'v', segments: [{ start: 0, end: 1, source: file }] };
    const list = [shared, shared];
    const data = JSON.parse(JSON.stringify(encode({ list, again: list, file })));
    const back = decode<{ list: (typeof shared)[]; again: unknown; file: SourceFile }>(
      data,
      (f) => new SourceFile(f.path, f.absPath, f.text),
    );
    expect(back.list[0]).toBe(back.list[1]);
    expect(back.again).toBe(back.list);
    expect(back.file).toBeInstanceOf(SourceFile);
    expect(back.list[0].segments[0].source).toBe(back.file);
    expect(back.file.range(4, 4).start.line).toBe(2);
    expect(() => encode({ m: new Map() })).toThrow(/Map/);
  });
  it('sends a range kept as offsets as its file and offsets, and brings back an OffsetRange of the same file', () => {
    const text = 'line one\nsecond line\nthird';
    const file = new SourceFile('main.tf', '/abs/main.tf', text);
    const lines = new LineIndex(text);
    const eager = (start: number, end: number, approximate?: true) => ({
      file: 'main.tf',
      start: lines.position(start),
      end: lines.position(end),
      ...(approximate ? { approximate } : {}),
    });
    const value = { a: file.range(3, 12), b: file.range(10, 20, true), plain: eager(1, 2) };
    const data = JSON.parse(JSON.stringify(encode(value)));
    const back = decode<typeof value>(data, (f) => (f.absPath === file.absPath ? file : new SourceFile(f.path, f.absPath, f.text)));
    expect(back.a).toBeInstanceOf(OffsetRange);
    expect((back.a as OffsetRange).source).toBe(file);
    expect(plainRange(back.a)).toStrictEqual(eager(3, 12));
    expect(plainRange(back.b)).toStrictEqual(eager(10, 20, true));
    expect(back.plain).toStrictEqual(eager(1, 2));
  });
});
