// A pool worker: loads the grammar once, then parses and evaluates one module per message and
// answers with the result as plain data (src/engine/codec.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { initHcl } from '../parse/hcl.js';
import { SourceFile } from '../core/source.js';
import { encode } from './codec.js';
import { type EvalSettings, type WorkerTask, evaluateHere } from './evaluate.js';

const settings = workerData as EvalSettings;
await initHcl();

parentPort?.on('message', (task: WorkerTask) => {
  void (async () => {
    try {
      const files = task.files.map((f) => new SourceFile(f.path, f.absPath, f.text));
      const result = await evaluateHere({ dir: task.dir, files }, settings);
      parentPort!.postMessage({ ok: true, result: encode(result) });
    } catch (e) {
      parentPort!.postMessage({ ok: false, error: (e as Error).message ?? String(e) });
    }
  })();
});
