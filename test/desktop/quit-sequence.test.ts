import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createQuitSequence, type QuitSteps } from '../../electron/quit-sequence.js';
import { WorkerTracker } from '../../electron/worker-tracker.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import type { WorkerProcess } from '../../src/pool/worker-process.js';
import { isAlive } from '../support/processes.js';

const IDLE_WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'idle-worker.js');

const realSchedule = (callback: () => void, ms: number): (() => void) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

async function spawnReady(tracker: WorkerTracker): Promise<WorkerProcess> {
  const worker = tracker.spawn(IDLE_WORKER, []);
  await new Promise<void>((resolve) => worker.onMessage((message) => message === 'ready' && resolve()));
  return worker;
}

function exited(worker: WorkerProcess): Promise<void> {
  return new Promise((resolve) => worker.onExit(() => resolve()));
}

describe('quit sequence', () => {
  it('a server that stops in time quits cleanly and releases resources once', async () => {
    const tracker = new WorkerTracker(forkSpawner);
    const workers = [await spawnReady(tracker), await spawnReady(tracker)];
    const order: string[] = [];
    const steps: QuitSteps = {
      async stopServer() {
        order.push('stop');
        // The pool closing its workers, as the server's stop() does.
        const gone = workers.map(exited);
        for (const worker of workers) worker.postMessage('exit');
        await Promise.all(gone);
      },
      killWorkers: () => order.push('kill'),
      releaseResources: () => order.push('release'),
      schedule: realSchedule,
    };
    const quit = createQuitSequence(steps, 5000);
    const [first, second] = await Promise.all([quit(), quit()]);
    assert.equal(first, 'clean');
    assert.equal(second, 'clean');
    assert.deepEqual(order, ['stop', 'kill', 'release'], 'one run for concurrent quit requests');
    assert.equal(tracker.liveCount, 0);
  });

  it('a hung stop is cut at the deadline and every worker process is killed — no orphans', async () => {
    const tracker = new WorkerTracker(forkSpawner);
    const workers = [await spawnReady(tracker), await spawnReady(tracker), await spawnReady(tracker)];
    const pids = tracker.pids();
    assert.equal(pids.length, 3);
    for (const pid of pids) assert.equal(isAlive(pid), true);
    let released = false;
    const quit = createQuitSequence(
      {
        stopServer: () => new Promise(() => {}),
        killWorkers: () => tracker.killAll(),
        releaseResources: () => {
          released = true;
        },
        schedule: realSchedule,
      },
      200,
    );
    const gone = Promise.all(workers.map(exited));
    assert.equal(await quit(), 'forced');
    assert.equal(released, true);
    await gone;
    assert.equal(tracker.liveCount, 0);
    for (const pid of pids) assert.equal(isAlive(pid), false, `worker ${pid} outlived the quit`);
  });

  it('a stop that throws still kills workers and releases resources', async () => {
    const tracker = new WorkerTracker(forkSpawner);
    const worker = await spawnReady(tracker);
    const gone = exited(worker);
    const logs: string[] = [];
    const quit = createQuitSequence(
      {
        stopServer: async () => {
          throw new Error('pool close failed');
        },
        killWorkers: () => tracker.killAll(),
        releaseResources: () => {},
        schedule: realSchedule,
        log: (_level, message) => logs.push(message),
      },
      5000,
    );
    assert.equal(await quit(), 'forced');
    await gone;
    assert.equal(tracker.liveCount, 0);
    assert.ok(logs.some((line) => line.includes('pool close failed')));
  });
});
