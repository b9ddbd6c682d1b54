/** The worker process entry: runs engine tasks handed over by the pool. */
import type { EngineTask } from '../engine/contract.js';
import { runJob } from '../engine/run/run-job.js';
import { serveTasks } from '../pool/worker-runtime.js';

serveTasks((task, context) =>
  runJob(task as EngineTask, { progress: (envelope) => context.progress(envelope), checkpoint: () => context.checkpoint() }),
);
