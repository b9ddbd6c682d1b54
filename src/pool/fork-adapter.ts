/** WorkerProcess over Node's child_process.fork: the headless server's and the tests' runtime. */
import { fork, type Serializable } from 'node:child_process';
import type { WorkerProcess, WorkerSpawner } from './worker-process.js';

export const forkSpawner: WorkerSpawner = (scriptPath, v8Flags): WorkerProcess => {
  const child = fork(scriptPath, [], {
    // 'advanced' = structured clone, so typed arrays (Arrow bytes, Float64Array results) survive.
    serialization: 'advanced',
    // The server's own flags (a --prof, a --cpu-prof) reach its workers too.
    execArgv: [...process.execArgv, ...v8Flags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const exitListeners: Array<(code: number | null, signal: NodeJS.Signals | null) => void> = [];
  let exited = false;
  const emitExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(code, signal);
  };

  child.on('exit', emitExit);
  child.on('error', () => {
    // A process that never spawned gets no 'exit' event; report it as one so the pool can move on.
    // Any other error (a send racing the child's death, a failed kill) is followed by 'exit' anyway.
    if (child.pid === undefined) emitExit(null, null);
  });

  return {
    get pid() {
      return child.pid;
    },
    postMessage(message) {
      if (!child.connected) return;
      // The callback absorbs asynchronous channel errors; serialization errors still throw synchronously.
      child.send(message as Serializable, () => {});
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
};
