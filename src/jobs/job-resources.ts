/**
 * How many workers a job gets, decided when it starts: its `n_workers` (absent: the whole
 * pool), at most the pool's size, and only as many as the machine's free memory holds by
 * an estimate of what one worker of the job needs. A job that would not fit even on one
 * worker fails at once with a clear message instead of taking the machine down.
 */
import type { TrainConfig } from '../engine/config/types.js';
import type { JobType } from '../engine/contract.js';
import { algorithmEntry } from '../engine/registry.js';

export interface JobShape {
  rows: number;
  cols: number;
}

export type JobResources = { workers: number; bytesPerWorker: number } | { problem: string };

/** Share of the free memory a job may plan on: the rest is headroom for the server and estimate error. */
const USABLE_SHARE = 0.8;
const BYTES_PER_VALUE = 8;

export function planJobResources(type: JobType, config: unknown, shape: JobShape, poolSize: number, freeBytes: number): JobResources {
  const bytesPerWorker = type === 'train' ? trainBytesPerWorker(config as TrainConfig, shape) : unsupervisedBytes(shape);
  const usable = freeBytes * USABLE_SHARE;
  const wanted = type === 'train' ? Math.min(poolSize, (config as TrainConfig).execution.n_workers ?? poolSize) : 1;
  const fitting = Math.floor(usable / bytesPerWorker);
  if (fitting < 1) {
    return {
      problem:
        `Not enough memory for this job: it needs about ${gib(bytesPerWorker)} GiB and ${gib(freeBytes)} GiB are free. ` +
        'Train on fewer rows or columns, or free memory and try again.',
    };
  }
  return { workers: Math.max(1, Math.min(wanted, fitting)), bytesPerWorker };
}

/**
 * One worker of a `train` job at its peak: the decoded data (and the Arrow bytes while
 * decoding), up to two fits in flight (its own and one it helps with), each a copy of the
 * features (two with preprocessing) plus the algorithm's working memory, and, on the lead,
 * every fold's predictions.
 */
function trainBytesPerWorker(config: TrainConfig, { rows, cols }: JobShape): number {
  const values = rows * cols;
  const data = 2 * values * BYTES_PER_VALUE;
  const copies = config.preprocessor === null && config.decomposition === null ? 1 : 2;
  const fit = values * (copies * BYTES_PER_VALUE + algorithmEntry(config.algorithm).workBytesPerValue);
  const folds = config.outerResampling === null ? 1 : resampleCount(config.outerResampling, rows);
  const classes = 4;
  const predictions = folds * rows * classes * BYTES_PER_VALUE;
  return data + 2 * fit + predictions;
}

function resampleCount(resampler: NonNullable<TrainConfig['outerResampling']>, rows: number): number {
  return resampler.type === 'LOOCV' ? rows : resampler.n_resamples;
}

/** A decomposition or clustering: the data, its numeric copy and the algorithm's matrices. */
function unsupervisedBytes({ rows, cols }: JobShape): number {
  return 5 * rows * cols * BYTES_PER_VALUE;
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(1);
}
