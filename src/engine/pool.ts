// A small worker_threads pool: tasks in, results out in whatever order workers finish. A worker
// that dies or overruns its time fails only its own task; the caller decides what to do then.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export class WorkerTimeout extends Error {}

interface Pending<R> {
  resolve(r: R): void;
  reject(e: Error): void;
}

interface Slot<T, R> {
  worker: Worker;
  busy?: { task: T; pending: Pending<R>; timer: NodeJS.Timeout };
  dead?: boolean;
}

/**
 * The built worker script. Under the test runner this module is TypeScript source that a worker
 * cannot load, so the compiled one in dist/ stands in (`npm run build` first); none → no pool.
 */
export function workerScript(): URL | undefined {
  const here = new URL(import.meta.url);
  const url = here.pathname.endsWith('.ts') ? new URL('../../dist/src/engine/worker.js', here) : new URL('./worker.js', here);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

export class WorkerPool<T, R> {
  private readonly slots: Slot<T, R>[] = [];
  private readonly queue: { task: T; pending: Pending<R> }[] = [];

  constructor(
    script: URL,
    size: number,
    workerData: unknown,
    /** Per task; a worker that takes longer is terminated. */
    private readonly timeoutMs = 120_000,
  ) {
    for (let i = 0; i < size; i++) {
      const slot: Slot<T, R> = { worker: new Worker(script, { workerData }) };
      slot.worker.on('message', (m: { ok: true; result: R } | { ok: false; error: string }) => {
        const busy = this.finish(slot);
        if (!busy) return;
        if (m.ok) busy.pending.resolve(m.result);
        else busy.pending.reject(new Error(m.error));
        this.pump();
      });
      const fail = (e: Error) => {
        slot.dead = true;
        this.finish(slot)?.pending.reject(e);
        // With no worker left, nothing would ever take the queue: hand it back as failures.
        if (this.slots.every((s) => s.dead)) for (const q of this.queue.splice(0)) q.pending.reject(new Error('no worker left'));
        else this.pump();
      };
      slot.worker.on('error', fail);
      slot.worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(task: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.slots.every((s) => s.dead)) return reject(new Error('no worker left'));
      this.queue.push({ task, pending: { resolve, reject } });
      this.pump();
    });
  }

  async close(): Promise<void> {
    for (const q of this.queue.splice(0)) q.pending.reject(new Error('pool closed'));
    await Promise.all(
      this.slots.map((s) => {
        s.dead = true;
        return s.worker.terminate().catch(() => undefined);
      }),
    );
  }

  private finish(slot: Slot<T, R>): Slot<T, R>['busy'] {
    const busy = slot.busy;
    if (busy) clearTimeout(busy.timer);
    slot.busy = undefined;
    return busy;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.dead || slot.busy || !this.queue.length) continue;
      const { task, pending } = this.queue.shift()!;
      const timer = setTimeout(() => {
        const busy = this.finish(slot);
        slot.dead = true;
        void slot.worker.terminate();
        busy?.pending.reject(new WorkerTimeout(`worker took longer than ${this.timeoutMs / 1000} s`));
        this.pump();
      }, this.timeoutMs);
      slot.busy = { task, pending, timer };
      slot.worker.postMessage(task);
    }
  }
}
