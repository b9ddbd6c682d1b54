import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import { fixture, isAlive, waitFor } from './helpers.js';

/** Talks to a worker script directly, below the pool, to check its side of the protocol. */
function startWorker() {
  const child = forkSpawner(fixture('tasks-worker'), ['--expose-gc']);
  const received: unknown[] = [];
  child.onMessage((message) => received.push(message));
  const exit = new Promise<number | null>((resolve) => child.onExit((code) => resolve(code)));
  return { child, received, exit };
}

test('the worker drops invalid inbound messages and keeps serving', async (t) => {
  const { child, received } = startWorker();
  t.after(() => child.kill());
  await waitFor(() => received.length === 1, 'ready');
  assert.deepEqual(received[0], { type: 'ready' });
  for (const garbage of ['hello', 42, null, [], { type: 'run' }, { type: 'run', taskId: '' }, { type: 'cancel' }, { type: 'explode', taskId: 'x' }]) {
    child.postMessage(garbage);
  }
  child.postMessage({ type: 'run', taskId: 't1', task: { kind: 'echo', value: Float64Array.of(1.5, 2.5) } });
  await waitFor(() => received.length === 2, 'result');
  assert.deepEqual(received[1], { type: 'result', taskId: 't1', value: Float64Array.of(1.5, 2.5) });
  assert.ok(isAlive(child.pid!));
});

test('a run while busy is refused for that task only; cancel for another task is ignored', async (t) => {
  const { child, received } = startWorker();
  t.after(() => child.kill());
  await waitFor(() => received.length === 1, 'ready');
  child.postMessage({ type: 'run', taskId: 'a', task: { kind: 'sleep', steps: 3, stepMs: 20 } });
  child.postMessage({ type: 'run', taskId: 'b', task: { kind: 'pid' } });
  child.postMessage({ type: 'cancel', taskId: 'b' });
  await waitFor(() => received.some((message) => (message as { type: string }).type === 'result'), 'result of a');
  const outcomes = received.filter((message) => (message as { type: string }).type !== 'progress').slice(1);
  assert.deepEqual(outcomes, [
    { type: 'error', taskId: 'b', message: 'worker is busy with task a' },
    { type: 'result', taskId: 'a', value: 3 },
  ]);
});

test('progress reported within one turn of the event loop leaves as one message, before the result; a checkpoint sends what waits', async (t) => {
  const { child, received } = startWorker();
  t.after(() => child.kill());
  await waitFor(() => received.length === 1, 'ready');
  child.postMessage({ type: 'run', taskId: 'burst', task: { kind: 'progress', count: 50 } });
  await waitFor(() => received.length === 3, 'progress and result');
  assert.deepEqual(received.slice(1), [
    { type: 'progress', taskId: 'burst', messages: Array.from({ length: 50 }, (_, index) => index) },
    { type: 'result', taskId: 'burst', value: 50 },
  ]);
  child.postMessage({ type: 'run', taskId: 'paced', task: { kind: 'sleep', steps: 3, stepMs: 5 } });
  await waitFor(() => received.length === 7, 'three progress messages and the result');
  assert.deepEqual(
    received.slice(3).map((message) => (message as { type: string; messages?: Array<{ step: number }> }).messages?.map((entry) => entry.step) ?? 'result'),
    [[0], [1], [2], 'result'],
  );
});

test('shutdown is acknowledged before the worker exits cleanly', async () => {
  const { child, received, exit } = startWorker();
  await waitFor(() => received.length === 1, 'ready');
  child.postMessage({ type: 'shutdown' });
  assert.equal(await exit, 0);
  assert.deepEqual(received.at(-1), { type: 'exiting' });
});

test('a worker whose parent channel closes exits instead of lingering', async () => {
  const child = fork(fixture('tasks-worker'), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await once(child, 'message');
  child.disconnect();
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});
