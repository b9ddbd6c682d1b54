/**
 * SuperLearner as rtemis trains it (R/train_StackedLearner.R; van der Laan, Polley & Hubbard
 * 2007): every library entry is fitted on each training part of the inner resampler (KFold or
 * LOOCV) and predicts the held-out cases, giving one cross-fitted prediction per case and entry
 * (the positive-class probability for binary outcomes); each entry's cross-validated risk is the
 * (weighted) mean squared error of those predictions; the meta learner (NNLS by default) is
 * fitted on them against the outcome — or, `discrete`, the lowest-risk entry is kept — and every
 * entry is refitted on all cases. A prediction is the meta learner applied to the refitted
 * entries' predictions.
 *
 * Base and meta learners are fitted through the registry, so any implemented algorithm can be
 * one, each as rtemis's nested `train()` fits it: with its own `ifw` (refused together with
 * case weights) and its tune-on-null value resolved by rtemis's default tuner. Inner folds
 * draw from the run's generator; a checkpoint follows every fit. Variable importance names library entries: `weight` (the NNLS coefficient, 1/0
 * when discrete; omitted when the meta learner defines none) and `cv_risk` (lower is better).
 */
import type { ResamplerConfig, SuperLearnerHyperparameters, SupervisedAlgorithm, Value } from '../config/types.js';
import { inverseFrequencyWeights } from '../data/ifw.js';
import type { FitContext, FittedModel, Learner, Prediction, TrainingData, VariableImportance } from '../learner.js';
import { createRandom, deriveSeed } from '../random.js';
import { makeResamples } from '../resample/resample.js';
import { buildLibrary } from './library.js';

/** A registry tune-on-null hook (rtemis-model §1.3), as far as a nested fit needs it. */
export interface NullResolver {
  /** The hyperparameter the combined value is written to. */
  resolves: string;
  fit(
    data: TrainingData,
    validation: TrainingData,
    values: Record<string, unknown>,
    context: FitContext,
  ): Promise<{ model: FittedModel; resolved: number | null }>;
  combine(resolved: number[], aggregate: (values: number[]) => number): Value;
}

/** What the SuperLearner needs from the registry, passed in so this module does not import the registry that lists it. */
export interface NestedFitting {
  fit(algorithm: SupervisedAlgorithm, data: TrainingData, values: Record<string, unknown>, context: FitContext): Promise<FittedModel>;
  /** The tune-on-null hook when `values` leave `algorithm`'s tune-on-null value null, else null. */
  resolverFor(algorithm: SupervisedAlgorithm, values: Record<string, unknown>): NullResolver | null;
}

// rtemis's default tuner, which a nested train() adds for a tune-on-null value: GridSearch, 5-fold KFold, mean.
const NESTED_TUNING: ResamplerConfig = { type: 'KFold', n_resamples: 5, stratify_var: null, strat_n_bins: 4, id_strat: null, seed: null };

export function createSuperLearner(nested: NestedFitting): Learner<SuperLearnerHyperparameters> {
  /**
   * One nested fit, as rtemis's `meta_fit()` → `train()`: the entry's own `ifw` weights its
   * classes on these cases (refused together with case weights), and a tune-on-null value
   * (GLMNET `lambda`, LightGBM rounds) is resolved on 5 inner folds and combined by their mean.
   */
  async function fitEntry(
    algorithm: SupervisedAlgorithm,
    data: TrainingData,
    hyperparameters: Record<string, Value>,
    context: FitContext,
  ): Promise<FittedModel> {
    let training = data;
    if (hyperparameters['ifw'] === true && data.classes !== null) {
      if (data.weights !== null) throw new Error(`${algorithm} in the SuperLearner: custom weights are defined, but IFW is set to TRUE.`);
      training = { ...data, weights: inverseFrequencyWeights(data.y, data.classes.length) };
    }
    let values = hyperparameters;
    const resolver = nested.resolverFor(algorithm, hyperparameters);
    if (resolver !== null) {
      const folds = makeResamples(NESTED_TUNING, { stratify: training.y, categorical: training.classes !== null }, context.random).resamples;
      const resolved: number[] = [];
      for (const fold of folds) {
        const random = createRandom(deriveSeed(context.random));
        const cell = await resolver.fit(subset(training, fold.train), subset(training, fold.test), hyperparameters, { random, checkpoint: context.checkpoint });
        if (cell.resolved !== null) resolved.push(cell.resolved);
        await context.checkpoint();
      }
      if (resolved.length > 0) values = { ...hyperparameters, [resolver.resolves]: resolver.combine(resolved, mean) };
    }
    const random = createRandom(deriveSeed(context.random));
    return nested.fit(algorithm, training, values, { random, checkpoint: context.checkpoint });
  }

  return {
    name: 'SuperLearner',
    async fit(data: TrainingData, hyperparameters: SuperLearnerHyperparameters, context: FitContext): Promise<FittedModel> {
      const classes = data.classes;
      if (classes !== null && classes.length > 2) throw new Error('SuperLearner does not support multiclass classification.');
      const n = data.y.length;
      // The outcome on the scale of the level-one predictions: 0/1 for the positive (second) class.
      const yNumeric = data.y;
      const library = buildLibrary(hyperparameters.base_learners);
      const names = library.map((entry) => entry.name);

      const { resamples } = makeResamples(hyperparameters.inner_resampling_config, { stratify: data.y, categorical: classes !== null }, context.random);
      const levelOne = names.map(() => new Float64Array(n).fill(NaN));
      for (const resample of resamples) {
        const training = subset(data, resample.train);
        const heldOut = resample.test.length === 0 ? null : data.x.map((column) => pick(column, resample.test));
        for (const [e, entry] of library.entries()) {
          const model = await fitEntry(entry.algorithm, training, entry.hyperparameters, context);
          if (heldOut !== null) {
            const predicted = oneNumber(model.predict(heldOut), classes);
            resample.test.forEach((row, i) => (levelOne[e]![row] = predicted[i]!));
          }
          await context.checkpoint();
        }
      }
      if (levelOne.some((column) => column.some(Number.isNaN))) {
        throw new Error('The inner resampler must hold out each case exactly once.');
      }
      const cvRisk = Float64Array.from(levelOne, (column) => weightedMeanSquaredError(column, yNumeric, data.weights));

      let winner: number | null = null;
      let meta: FittedModel | null = null;
      if (hyperparameters.discrete) {
        winner = 0;
        cvRisk.forEach((risk, e) => {
          if (risk < cvRisk[winner!]!) winner = e;
        });
      } else {
        const levelOneData: TrainingData = {
          x: levelOne,
          featureNames: names,
          featureLevels: names.map(() => null),
          y: data.y,
          classes,
          weights: data.weights,
        };
        meta = await fitEntry(hyperparameters.meta_learner.algorithm, levelOneData, hyperparameters.meta_learner.hyperparameters as Record<string, Value>, context);
        await context.checkpoint();
      }

      const refitted: FittedModel[] = [];
      for (const entry of library) {
        refitted.push(await fitEntry(entry.algorithm, data, entry.hyperparameters, context));
        await context.checkpoint();
      }
      const weights = ensembleWeights(meta, hyperparameters.meta_learner.algorithm, winner, names.length);

      return {
        predict(x: Float64Array[]): Prediction {
          const columns = refitted.map((model) => oneNumber(model.predict(x), classes));
          if (meta !== null) return meta.predict(columns);
          const chosen = columns[winner!]!;
          if (classes === null) return { values: chosen, probabilities: null };
          return { values: chosen.map((p) => (p >= 0.5 ? 1 : 0)), probabilities: [chosen.map((p) => 1 - p), chosen] };
        },
        varimp(): VariableImportance {
          const measures = [{ name: 'cv_risk', values: Float64Array.from(cvRisk) }];
          if (weights !== null) measures.unshift({ name: 'weight', values: Float64Array.from(weights) });
          return { variables: [...names], measures };
        },
      };
    },
  };
}

/** rtemis `meta_predict()`: the fitted value, or the positive (second) class's probability. */
function oneNumber(prediction: Prediction, classes: string[] | null): Float64Array {
  if (classes === null) return prediction.values;
  const positive = prediction.probabilities?.[1];
  if (positive === undefined) throw new Error('A SuperLearner base learner gave no class probabilities.');
  return positive;
}

/** NNLS coefficients, 1 for the discrete winner and 0 elsewhere, or null when the meta learner defines no weights. */
function ensembleWeights(meta: FittedModel | null, metaAlgorithm: SupervisedAlgorithm, winner: number | null, size: number): Float64Array | null {
  if (winner !== null) return Float64Array.from({ length: size }, (_, e) => (e === winner ? 1 : 0));
  if (meta === null || metaAlgorithm !== 'NNLS') return null;
  return meta.varimp()?.measures[0]?.values ?? null;
}

function weightedMeanSquaredError(predicted: Float64Array, actual: Float64Array, weights: Float64Array | null): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < predicted.length; i++) {
    const weight = weights === null ? 1 : weights[i]!;
    sum += weight * (predicted[i]! - actual[i]!) ** 2;
    total += weight;
  }
  return sum / total;
}

function subset(data: TrainingData, rows: Int32Array): TrainingData {
  return {
    ...data,
    x: data.x.map((column) => pick(column, rows)),
    y: pick(data.y, rows),
    weights: data.weights === null ? null : pick(data.weights, rows),
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function pick(values: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (row) => values[row]!);
}
