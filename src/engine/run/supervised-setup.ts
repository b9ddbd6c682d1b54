/**
 * What every worker of a `train` job builds once from the job's data and config: the
 * dataset, the supervised problem, and the data's hash for the run record (so the Arrow
 * bytes can be let go right after decoding).
 */
import type { TrainConfig } from '../config/types.js';
import { datasetFromArrow, type Dataset } from '../data/dataset.js';
import { toSupervised, type SupervisedData } from '../data/supervised.js';
import { sha256Hex } from './fingerprint.js';

export interface SupervisedSetup {
  config: TrainConfig;
  dataset: Dataset;
  data: SupervisedData;
  /** SHA-256 of the uploaded Arrow bytes (hex). */
  dataHash: string;
}

export function supervisedSetup(config: TrainConfig, bytes: Uint8Array): SupervisedSetup {
  const dataHash = sha256Hex(bytes);
  const dataset = datasetFromArrow(bytes);
  const groupColumns = [config.outerResampling, config.needsTuning ? config.tuner.resampler : null].flatMap((resampler) =>
    resampler !== null && 'id_strat' in resampler && resampler.id_strat !== null ? [resampler.id_strat] : [],
  );
  const data = toSupervised(dataset, {
    weights: config.weights,
    positiveClass: config.positiveClass,
    exclude: [...new Set(groupColumns)],
  });
  return { config, dataset, data, dataHash };
}
