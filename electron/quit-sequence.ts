/**
 * The app's quit: stop restarting, let the server stop (it stops accepting, cancels jobs
 * and closes the pool), and if that overruns the deadline kill the remaining workers so
 * no process outlives the app. Idempotent: every quit request shares one run.
 */
export type QuitOutcome = 'clean' | 'forced';

export interface QuitSteps {
  /** Stops the lifecycle (no restarts afterwards) and the server with its pool. */
  stopServer(): Promise<void>;
  /** Immediate kill of every worker process still alive. */
  killWorkers(): void;
  /** Releases what the app holds outside the server (power-save blocker, tray, windows). */
  releaseResources(): void;
  schedule(callback: () => void, ms: number): () => void;
  log?(level: 'info' | 'warn', message: string): void;
}

export function createQuitSequence(steps: QuitSteps, deadlineMs: number): () => Promise<QuitOutcome> {
  let running: Promise<QuitOutcome> | null = null;
  return () => {
    running ??= run(steps, deadlineMs);
    return running;
  };
}

async function run(steps: QuitSteps, deadlineMs: number): Promise<QuitOutcome> {
  steps.log?.('info', 'quitting: stopping the server');
  let cancelDeadline = (): void => {};
  const deadline = new Promise<'forced'>((resolve) => {
    cancelDeadline = steps.schedule(() => resolve('forced'), deadlineMs);
  });
  const stopped = steps.stopServer().then(
    () => 'clean' as const,
    (error: unknown) => {
      steps.log?.('warn', `server stop failed: ${error instanceof Error ? error.message : String(error)}`);
      return 'forced' as const;
    },
  );
  const outcome = await Promise.race([stopped, deadline]);
  cancelDeadline();
  if (outcome === 'forced') steps.log?.('warn', `server did not stop within ${deadlineMs} ms; killing workers`);
  // Always: a clean stop has no workers left, so this only ever catches stragglers.
  steps.killWorkers();
  steps.releaseResources();
  return outcome;
}
