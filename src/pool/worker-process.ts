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

export type WorkerSpawner = (scriptPath: string) => WorkerProcess;
