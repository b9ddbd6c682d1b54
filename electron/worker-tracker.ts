/**
 * Wraps a WorkerSpawner to remember which worker processes are still alive, so that a
 * quit that runs past its deadline can kill them instead of leaving orphans behind.
 */
import type { WorkerProcess, WorkerSpawner } from '../src/pool/worker-process.js';

export class WorkerTracker {
  private readonly live = new Set<WorkerProcess>();

  constructor(private readonly inner: WorkerSpawner) {}

  readonly spawn: WorkerSpawner = (scriptPath, v8Flags) => {
    const worker = this.inner(scriptPath, v8Flags);
    this.live.add(worker);
    worker.onExit(() => this.live.delete(worker));
    return worker;
  };

  get liveCount(): number {
    return this.live.size;
  }

  pids(): number[] {
    return [...this.live].flatMap((worker) => (worker.pid === undefined ? [] : [worker.pid]));
  }

  killAll(): void {
    for (const worker of this.live) worker.kill();
  }
}
