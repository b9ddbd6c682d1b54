/** The worker process entry: runs engine tasks handed over by the pool. */
import { z } from 'zod';
import type { EngineTask } from '../engine/contract.js';
import { runJob } from '../engine/run/run-job.js';
import { serveTasks } from '../pool/worker-runtime.js';

// The config itself was validated by the config builder in the main process.
const engineTaskSchema = z.object({
  jobId: z.string(),
  type: z.enum(['train', 'decomp', 'cluster']),
  config: z.record(z.string(), z.unknown()),
  data: z.instanceof(Uint8Array),
});

serveTasks((task, context) =>
  runJob(engineTaskSchema.parse(task) as EngineTask, {
    progress: (envelope) => context.progress(envelope),
    checkpoint: () => context.checkpoint(),
  }),
);
