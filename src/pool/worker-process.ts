/**
 * The one seam between the pool and a process runtime: Node's child_process.fork for the
 * headless server and tests, Electron's utilityProcess in the desktop app.
 */
export interface WorkerProcess {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called exactly once. `signal` is set when the runtime reports one (Node does, Electron does not). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** SIGKILL-equivalent, immediate. */
  kill(): void;
}

/** `v8Flags`: flags for the worker's V8 (see worker-v8-flags.ts), added to what the runtime passes anyway. */
export type WorkerSpawner = (scriptPath: string, v8Flags: readonly string[]) => WorkerProcess;
