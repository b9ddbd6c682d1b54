/**
 * The data both sides of a peer comparison see: shared datasets read through the engine's own
 * path (Arrow → datasetFromArrow → toSupervised → toTrainingData), synthetic data for timing,
 * and 5-fold assignments from the engine's resampler, so every fold goes to R/Python unchanged.
 */
import { datasetFromArrow } from '../../../src/engine/data/dataset.js';
import { toSupervised, toTrainingData } from '../../../src/engine/data/supervised.js';
import type { TrainingData } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { makeResamples } from '../../../src/engine/resample/resample.js';
import { datasetIpc } from '../../support/arrow-fixtures.js';

export interface BenchData {
  name: string;
  data: TrainingData;
  /** Rows dropped because a feature was missing (penguins, airquality). */
  droppedIncomplete: number;
}

/**
 * A shared dataset with rows missing any feature dropped (rows missing the outcome are already
 * dropped by toSupervised): identical complete data for both sides, no imputation to match.
 */
export function loadBenchDataset(name: string): BenchData {
  const supervised = toSupervised(datasetFromArrow(datasetIpc(name)));
  const all = toTrainingData(supervised, Int32Array.from(supervised.rows.keys()));
  const complete = [...all.y.keys()].filter((i) => all.x.every((column) => !Number.isNaN(column[i]!)));
  return { name, data: subsetRows(all, Int32Array.from(complete)), droppedIncomplete: all.y.length - complete.length };
}

export function subsetRows(data: TrainingData, rows: Int32Array): TrainingData {
  const pick = (values: Float64Array) => Float64Array.from(rows, (i) => values[i]!);
  return { ...data, x: data.x.map(pick), y: pick(data.y), weights: data.weights === null ? null : pick(data.weights) };
}

/** The first `rows` rows (all of them when there are fewer): a slice to warm a bench up on. */
export function firstRows(data: TrainingData, rows: number): TrainingData {
  return subsetRows(data, Int32Array.from({ length: Math.min(rows, data.y.length) }, (_, i) => i));
}

/** Fold id (1..k) per row: the engine's stratified KFold resampler (stratified on the outcome). */
export function foldIds(data: TrainingData, folds: number, seed: number): Int32Array {
  const { resamples } = makeResamples(
    { type: 'KFold', n_resamples: folds, stratify_var: null, strat_n_bins: 4, id_strat: null, seed },
    { stratify: data.y },
    createRandom(seed),
  );
  const ids = new Int32Array(data.y.length);
  resamples.forEach((resample, k) => {
    for (const row of resample.test) ids[row] = k + 1;
  });
  return ids;
}

/**
 * `n` rows of 10 uniform(−1, 1) features and an outcome from a known function plus noise:
 * regression y = 2·x1 + 3·x2·x3 + sin(3·x4) + 0.5·x5² + N(0, 0.5²); binary: the same score
 * through a logistic link, drawn as a Bernoulli outcome ("no"/"yes").
 */
export function syntheticData(n: number, task: 'regression' | 'binary', seed: number): TrainingData {
  const random = createRandom(seed);
  const p = 10;
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[j]![i] = random() * 2 - 1;
    const score = 2 * x[0]![i]! + 3 * x[1]![i]! * x[2]![i]! + Math.sin(3 * x[3]![i]!) + 0.5 * x[4]![i]! ** 2;
    if (task === 'regression') y[i] = score + 0.5 * gaussian(random);
    else y[i] = random() < 1 / (1 + Math.exp(-2 * score)) ? 1 : 0;
  }
  return {
    x,
    featureNames: x.map((_, j) => `x${j + 1}`),
    featureLevels: x.map(() => null),
    y,
    classes: task === 'binary' ? ['no', 'yes'] : null,
    weights: null,
  };
}

/** Box–Muller standard normal. */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
