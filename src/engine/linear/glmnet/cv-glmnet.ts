/**
 * `cv.glmnet()` (glmnet 4.1, default arguments): the path on all cases, then one path per
 * fold on the other folds (each with its own lambda sequence), whose held-out predictions
 * are taken at the full path's lambdas by interpolation (`alignment = "lambda"`). The
 * default measure (mean squared error for gaussian, deviance for the logistic families) is
 * averaged per fold with the case weights and across folds with the folds' total weights
 * (`grouped`; per case when folds hold fewer than 3 cases on average); `cvsd` is the
 * standard error of that mean. `lambda.min` minimises it; `lambda.1se` is the largest
 * lambda within one standard error of the minimum.
 */
import type { Pacer } from '../../trees/pacer.js';
import { shuffleInPlace } from '../../random.js';
import { coefficientsAt, fitGlmnet, linearPredictors, type GlmnetOptions, type GlmnetPath } from './glmnet-fit.js';
import { pickRows, rowsWhere } from './rows.js';

export const DEFAULT_NFOLDS = 10;

// cv.lognet / cv.multnet clamp probabilities to [PROB_MIN, 1 − PROB_MIN] before the deviance.
const PROB_MIN = 1e-5;

export interface CvGlmnet {
  /** The path on all cases, which predictions use. */
  fit: GlmnetPath;
  lambda: Float64Array;
  cvm: Float64Array;
  cvsd: Float64Array;
  lambdaMin: number;
  lambda1se: number;
}

/** cv.glmnet's fold ids: 1..nfolds repeated to length n, randomly permuted. */
export function randomFoldIds(n: number, nfolds: number, random: () => number): Int32Array {
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = (i % nfolds) + 1;
  return shuffleInPlace(ids, random);
}

/** `foldId`: 1-based fold of each case. */
export async function cvGlmnet(
  x: Float64Array[],
  y: Float64Array,
  nClasses: number,
  weights: Float64Array | null,
  options: GlmnetOptions,
  foldId: Int32Array,
  pacer: Pacer,
): Promise<CvGlmnet> {
  const n = y.length;
  let nfolds = 0;
  for (const id of foldId) nfolds = Math.max(nfolds, id);
  if (nfolds < 3) throw new Error('GLMNET: cross-validation needs at least 3 folds.');
  const caseWeights = weights ?? new Float64Array(n).fill(1);
  const fit = await fitGlmnet(x, y, nClasses, caseWeights, options, pacer);
  const lambda = fit.lambda;
  const nLambda = lambda.length;
  const grouped = n / nfolds >= 3;

  // Grouped: per fold and lambda, the weighted sum of losses and of weights; else per case.
  const foldSums = Array.from({ length: nfolds }, () => new Float64Array(nLambda));
  const foldWeights = Array.from({ length: nfolds }, () => new Float64Array(nLambda));
  const caseLosses = grouped ? null : Array.from({ length: nLambda }, () => new Float64Array(n).fill(NaN));
  const foldTotals = new Float64Array(nfolds);
  for (let fold = 1; fold <= nfolds; fold++) {
    const held = rowsWhere(n, (i) => foldId[i] === fold);
    if (held.length === 0) continue;
    const kept = rowsWhere(n, (i) => foldId[i] !== fold);
    const foldFit = await fitGlmnet(x, y, nClasses, caseWeights, options, pacer, kept);
    const heldX = x.map((column) => pickRows(column, held));
    const heldY = pickRows(y, held);
    const losses = new Float64Array(held.length);
    for (const i of held) foldTotals[fold - 1] = foldTotals[fold - 1]! + caseWeights[i]!;
    for (let l = 0; l < nLambda; l++) {
      heldOutLosses(options.family, linearPredictors(coefficientsAt(foldFit, lambda[l]!), heldX), heldY, losses);
      for (let h = 0; h < held.length; h++) {
        const i = held[h]!;
        const value = losses[h]!;
        if (!Number.isFinite(value)) continue;
        if (caseLosses !== null) caseLosses[l]![i] = value;
        foldSums[fold - 1]![l] = foldSums[fold - 1]![l]! + caseWeights[i]! * value;
        foldWeights[fold - 1]![l] = foldWeights[fold - 1]![l]! + caseWeights[i]!;
      }
    }
    await pacer.tick();
  }

  const cvm = new Float64Array(nLambda);
  const cvsd = new Float64Array(nLambda);
  for (let l = 0; l < nLambda; l++) {
    const values: number[] = [];
    const valueWeights: number[] = [];
    if (caseLosses === null) {
      for (let f = 0; f < nfolds; f++) {
        if (foldWeights[f]![l]! === 0) continue;
        values.push(foldSums[f]![l]! / foldWeights[f]![l]!);
        valueWeights.push(foldTotals[f]!);
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(caseLosses[l]![i]!)) continue;
        values.push(caseLosses[l]![i]!);
        valueWeights.push(caseWeights[i]!);
      }
    }
    const count = caseLosses === null ? nfolds : values.length;
    const mean = weightedMean(values, valueWeights);
    cvm[l] = mean;
    cvsd[l] = Math.sqrt(
      weightedMean(
        values.map((value) => (value - mean) ** 2),
        valueWeights,
      ) /
        (count - 1),
    );
  }
  // Lambdas whose spread is undefined are dropped, as cv.glmnet does.
  const keep = [...cvsd.keys()].filter((l) => !Number.isNaN(cvsd[l]!));
  const keptLambda = Float64Array.from(keep, (l) => lambda[l]!);
  const keptCvm = Float64Array.from(keep, (l) => cvm[l]!);
  const keptCvsd = Float64Array.from(keep, (l) => cvsd[l]!);
  if (keep.length === 0) throw new Error('GLMNET: cross-validation produced no usable error estimate.');
  const { lambdaMin, lambda1se } = chooseLambda(keptLambda, keptCvm, keptCvsd);
  return { fit, lambda: keptLambda, cvm: keptCvm, cvsd: keptCvsd, lambdaMin, lambda1se };
}

/** Each held-out case's loss (squared error or deviance) from the linear predictors, into `out`. */
function heldOutLosses(family: GlmnetOptions['family'], eta: Float64Array[], y: Float64Array, out: Float64Array): void {
  const n = y.length;
  if (family === 'gaussian') {
    const e = eta[0]!;
    for (let h = 0; h < n; h++) out[h] = (y[h]! - e[h]!) ** 2;
  } else if (family === 'binomial') {
    const e = eta[0]!;
    for (let h = 0; h < n; h++) {
      const p = clampProbability(1 / (1 + Math.exp(-e[h]!)));
      out[h] = -2 * Math.log(y[h] === 1 ? p : 1 - p);
    }
  } else {
    for (let h = 0; h < n; h++) {
      let max = -Infinity;
      for (const column of eta) max = Math.max(max, column[h]!);
      let total = 0;
      for (const column of eta) total += Math.exp(column[h]! - max);
      out[h] = -2 * Math.log(clampProbability(Math.exp(eta[y[h]!]![h]! - max) / total));
    }
  }
}

function clampProbability(p: number): number {
  return Math.min(Math.max(p, PROB_MIN), 1 - PROB_MIN);
}

function weightedMean(values: number[], weights: number[]): number {
  let sum = 0;
  let total = 0;
  for (let k = 0; k < values.length; k++) {
    sum += weights[k]! * values[k]!;
    total += weights[k]!;
  }
  return sum / total;
}

/** getOptcv.glmnet: the largest lambda at the minimum, and the largest within one standard error of it. */
export function chooseLambda(lambda: Float64Array, cvm: Float64Array, cvsd: Float64Array): { lambdaMin: number; lambda1se: number } {
  let minimum = Infinity;
  for (const value of cvm) minimum = Math.min(minimum, value);
  let lambdaMin = -Infinity;
  let indexMin = -1;
  for (let l = 0; l < lambda.length; l++) {
    if (cvm[l]! <= minimum && lambda[l]! > lambdaMin) {
      lambdaMin = lambda[l]!;
      indexMin = l;
    }
  }
  const bound = cvm[indexMin]! + cvsd[indexMin]!;
  let lambda1se = -Infinity;
  for (let l = 0; l < lambda.length; l++) if (cvm[l]! <= bound) lambda1se = Math.max(lambda1se, lambda[l]!);
  return { lambdaMin, lambda1se };
}
