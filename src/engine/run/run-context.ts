/**
 * Everything a supervised run's steps share: the job, the config, the supervised data,
 * the job connection, the progress-loop id counter and where units go.
 */
import type { TrainConfig } from '../config/types.js';
import type { Dataset } from '../data/dataset.js';
import type { SupervisedData } from '../data/supervised.js';
import type { LoopIds } from './progress-loop.js';
import type { RunIo } from './progress-io.js';
import type { UnitRunner } from './unit-contract.js';

export interface RunContext {
  /** The job this run belongs to: keys what workers cache for it. */
  jobId: string;
  config: TrainConfig;
  dataset: Dataset;
  data: SupervisedData;
  io: RunIo;
  loops: LoopIds;
  /** "<Alg> <Type>", the label of every `train` node. */
  trainLabel: string;
  /** Runs outer folds, grid cells and fit parts, here or on the job's other workers. */
  units: UnitRunner;
  /** Workers the job may use at once (the resolved `n_workers`). */
  workers: number;
}
