/**
 * LightRF: LightGBM's random-forest mode (`boosting = "rf"`, learning rate 1, bagging every
 * round, no early stopping). `feature_fraction` null ⇒ √p/p for classification, 0.33 for
 * regression, resolved from the data as rtemis does. Rounds are independent (each draws from
 * its own substreams, on fixed initial gradients), so a fit also runs in parts — batches of
 * rounds — on several workers (`lightrfParallel`).
 */
import { defaultHyperparameters } from '../../catalog/defaults.js';
import type { LightRFHyperparameters } from '../../config/types.js';
import type { FitContext, Learner, PartialFit, Prediction, SelfParallelLearner, TrainingData } from '../../learner.js';
import { addLeafValues } from '../tree-model.js';
import { rejectUnsupported } from '../unsupported.js';
import {
  emptyTally,
  growRfRound,
  predictionFromScores,
  prepareBooster,
  RfStreams,
  tallyImportance,
  trainBooster,
  type BoosterFit,
  type BoosterSettings,
  type GbdtModel,
} from './booster.js';
import { checkShared, sharedSettings, UNSUPPORTED_BAGGING } from './common.js';
import { makeObjective } from './objectives.js';

export const lightrfDefaults = defaultHyperparameters('LightRF');

/**
 * A fit is grown in at most this many parts (batches of rounds), each worth at least
 * MIN_PART_WORK row-rounds; the count depends on the data and the rounds, never on the workers.
 */
const MAX_PARTS = 16;
const MIN_PART_WORK = 250_000;

function lightrfSettings(data: TrainingData, hp: LightRFHyperparameters): BoosterSettings {
  checkShared('LightRF', hp, lightrfDefaults);
  rejectUnsupported('LightRF', hp, lightrfDefaults, UNSUPPORTED_BAGGING);
  const p = data.x.length;
  const featureFraction = hp.feature_fraction ?? (data.classes !== null ? Math.sqrt(p) / p : 0.33);
  return {
    ...sharedSettings('LightRF', hp, data),
    boosting: 'rf',
    nrounds: hp.nrounds,
    earlyStoppingRounds: null,
    earlyStoppingMinDelta: hp.early_stopping_min_delta,
    learningRate: 1,
    featureFraction,
    baggingFraction: hp.bagging_fraction,
    baggingFreq: 1,
  };
}

export async function fitLightrf(data: TrainingData, hp: LightRFHyperparameters, context: FitContext): Promise<GbdtModel> {
  return trainBooster(data, lightrfSettings(data, hp), context, null);
}

export const lightrfLearner: Learner<LightRFHyperparameters> = { name: 'LightRF', fit: fitLightrf };

function partCount(rows: number, nrounds: number): number {
  return Math.max(1, Math.min(nrounds, MAX_PARTS, Math.floor((rows * nrounds) / MIN_PART_WORK)));
}

/** Rounds [from, to) of part `part`. */
function partRounds(rows: number, nrounds: number, part: number): [number, number] {
  const parts = partCount(rows, nrounds);
  return [Math.floor((part * nrounds) / parts), Math.floor(((part + 1) * nrounds) / parts)];
}

/** LightRF as a self-parallel learner: a part grows a batch of rounds and returns their summed outputs and split tallies. */
export const lightrfParallel: SelfParallelLearner<LightRFHyperparameters> = {
  parts: (data, hp) => partCount(data.y.length, hp.nrounds),
  prepare: (data, hp) => prepareBooster(data, lightrfSettings(data, hp)),
  async fitPart(prepared, part, seed, evaluate, context): Promise<PartialFit> {
    const fit = prepared as BoosterFit;
    const [from, to] = partRounds(fit.n, fit.settings.nrounds, part);
    const streams = new RfStreams(seed);
    const tally = emptyTally(fit.p);
    const sums = evaluate.map((x) => new Float64Array(fit.outputs * rowsOf(x)));
    for (let round = from; round < to; round++) {
      await context.checkpoint();
      growRfRound(fit, round, streams, tally).forEach((tree, k) => {
        evaluate.forEach((x, s) => {
          const n = rowsOf(x);
          addLeafValues(tree, x, n, sums[s]!, k * n);
        });
      });
    }
    return { sums, importance: [tally.gain, tally.cover, tally.frequency] };
  },
  combine(data, hp, parts, sizes) {
    const settings = lightrfSettings(data, hp);
    const nClasses = data.classes === null ? 0 : data.classes.length;
    const objective = makeObjective(settings.objective, nClasses, settings.sigmoid, settings.boostFromAverage);
    const init = initScores(data, objective);
    const predictions = sizes.map((n, s): Prediction => {
      const total = new Float64Array(objective.outputs * n);
      for (const part of parts) {
        const sums = part.sums[s]!;
        for (let i = 0; i < total.length; i++) total[i] += sums[i]!;
      }
      // rf: the initial score plus the average of the trees (LightGBM's rf mode).
      for (let k = 0; k < objective.outputs; k++) {
        for (let i = 0; i < n; i++) total[k * n + i] = init[k]! + total[k * n + i]! / settings.nrounds;
      }
      return predictionFromScores(total, n, settings, nClasses);
    });
    const tally = emptyTally(data.x.length);
    const measures = [tally.gain, tally.cover, tally.frequency];
    for (const part of parts) {
      part.importance.forEach((values, m) => {
        const into = measures[m]!;
        for (let f = 0; f < into.length; f++) into[f] += values[f]!;
      });
    }
    return { predictions, varimp: tallyImportance(tally, data.featureNames) };
  },
};

function rowsOf(x: Float64Array[]): number {
  return x.length > 0 ? x[0]!.length : 0;
}

/** The objective's initial scores over the rows with an outcome and a positive weight, as the booster starts from. */
function initScores(data: TrainingData, objective: ReturnType<typeof makeObjective>): Float64Array {
  const weights = data.weights;
  const rows: number[] = [];
  for (let i = 0; i < data.y.length; i++) if (Number.isFinite(data.y[i]!) && (weights === null || weights[i]! > 0)) rows.push(i);
  return objective.initScores(
    Float64Array.from(rows, (i) => data.y[i]!),
    weights === null ? null : Float64Array.from(rows, (i) => weights[i]!),
  );
}
