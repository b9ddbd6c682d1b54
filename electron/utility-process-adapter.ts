/** WorkerProcess over Electron's utilityProcess: the desktop app's runtime for the worker pool. */
import { utilityProcess } from 'electron';
import type { WorkerProcess, WorkerSpawner } from '../src/pool/worker-process.js';

export const utilityProcessSpawner: WorkerSpawner = (scriptPath, v8Flags): WorkerProcess => {
  const child = utilityProcess.fork(scriptPath, [], {
    serviceName: 'rtemislive worker',
    stdio: 'inherit',
    execArgv: [...v8Flags],
  });
  // A fatal V8 error is always followed by 'exit'; listening keeps EventEmitter from throwing it in main.
  child.on('error', (type, location) => console.warn(`[worker-pool] utility process ${type} at ${location}`));
  return {
    get pid() {
      return child.pid;
    },
    postMessage(message) {
      child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      // Electron reports only the code, not the signal.
      child.once('exit', (code) => listener(code, null));
    },
    kill() {
      // child.kill() sends SIGTERM, which a busy-looping engine may not act on promptly.
      const pid = child.pid;
      if (pid === undefined) {
        child.kill();
        return;
      }
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: 'exit' is on its way.
      }
    },
  };
};
