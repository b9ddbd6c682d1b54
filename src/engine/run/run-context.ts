/**
 * Everything a supervised run's steps share: the config, the supervised data, the
 * job connection and the progress-loop id counter.
 */
import type { TrainConfig } from '../config/types.js';
import type { Dataset } from '../data/dataset.js';
import type { SupervisedData } from '../data/supervised.js';
import type { LoopIds } from './progress-loop.js';
import type { RunIo } from './progress-io.js';

export interface RunContext {
  config: TrainConfig;
  dataset: Dataset;
  data: SupervisedData;
  io: RunIo;
  loops: LoopIds;
  /** "<Alg> <Type>", the label of every `train` node. */
  trainLabel: string;
}
