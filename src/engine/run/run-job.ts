/**
 * What a worker process runs for a job: the engine entry point. The config was built and
 * validated in the main process (config builder); here it only runs. `decomp` and
 * `cluster` configs may carry `features: string[] | null` (the columns to use).
 */
import type { EngineResult, EngineTask } from '../contract.js';
import type { ClusterConfig, DecompConfig, TrainConfig } from '../config/types.js';
import { runClustering } from './cluster-run.js';
import { runDecomposition } from './decomp-run.js';
import { RunIo, type JobIo } from './progress-io.js';
import { runSupervised } from './supervised-run.js';

export function runJob(task: EngineTask, io: JobIo): Promise<EngineResult> {
  const runIo = new RunIo(io);
  switch (task.type) {
    case 'train':
      return runSupervised(task.config as TrainConfig, task.data, runIo);
    case 'decomp':
      return runDecomposition(task.config as DecompConfig, task.data, runIo);
    case 'cluster':
      return runClustering(task.config as ClusterConfig, task.data, runIo);
  }
}
