/**
 * LinearSVM and RadialSVM as rtemis trains them (R/train_SVM.R → `e1071::svm`): factors
 * one-hot encoded, e1071's scaling, C-classification with probabilities (Platt) for a
 * factor outcome, ε-regression (ε = 0.1) for a numeric one; libsvm's tolerance 0.001 and
 * shrinking. Classes are decided from the probabilities the rtemis way (binary: second
 * level ≥ 0.5; multiclass: arg-max).
 *
 * Weights: rtemis refuses case weights for SVMs; `ifw` arrives as inverse-frequency case
 * weights, constant within each class, and becomes libsvm's per-class cost (C × weight).
 * Variable importance (LinearSVM, binary or regression): e1071's `coef()` — the weights of
 * the decision function in the scaled space and `(Intercept)` = −rho — oriented so that a
 * positive coefficient favours the second (positive) level.
 */
import type { LinearSVMHyperparameters, RadialSVMHyperparameters } from '../config/types.js';
import type { FitContext, FittedModel, Learner, Prediction, TrainingData, VariableImportance } from '../learner.js';
import { decideClasses } from '../trees/class-decision.js';
import { applyScaling, designNames, fitScaling, oneHotRows } from './e1071-design.js';
import type { KernelSpec } from './kernel.js';
import { collapse, classProbabilities, regressionValues } from './libsvm-predict.js';
import { trainClassifier, trainRegressor, type SolverSettings } from './libsvm-train.js';

/** e1071's defaults that rtemis leaves alone. */
const TOLERANCE = 0.001;
const EPSILON = 0.1;
/** Kernel cache per solve (e1071: 40 MB) and rows shared per class pair; only speed depends on them. */
const CACHE_BYTES = 40 << 20;
const STORE_BYTES = 256 << 20;

export const linearSvmLearner: Learner<LinearSVMHyperparameters> = {
  name: 'LinearSVM',
  fit: (data, hyperparameters, context) => fitSvm(data, { type: 'linear', gamma: 0 }, hyperparameters.cost, context),
};

export const radialSvmLearner: Learner<RadialSVMHyperparameters> = {
  name: 'RadialSVM',
  fit: (data, hyperparameters, context) =>
    fitSvm(data, { type: 'radial', gamma: hyperparameters.gamma }, hyperparameters.cost, context),
};

export async function fitSvm(data: TrainingData, kernel: KernelSpec, cost: number, context: FitContext): Promise<FittedModel> {
  const names = designNames(data.featureNames, data);
  const design = oneHotRows(data.x, data);
  const scaling = fitScaling(design, data.classes === null ? data.y : null);
  applyScaling(design, scaling.x);
  const settings: SolverSettings = { kernel, tolerance: TOLERANCE, shrinking: true, cacheBytes: CACHE_BYTES, storeBytes: STORE_BYTES };
  const newRows = (x: Float64Array[]) => applyScaling(oneHotRows(x, data), scaling.x);

  const classes = data.classes;
  if (classes === null) {
    if (data.weights !== null) throw new Error('Case weights are not supported by SVMs (as in rtemis / e1071::svm).');
    const yScale = scaling.y;
    const y = yScale === null ? data.y : data.y.map((value) => (value - yScale.center) / yScale.scale);
    const model = await trainRegressor(design, y, cost, EPSILON, settings, context);
    const unscale = (value: number) => (yScale === null ? value : value * yScale.scale + yScale.center);
    return {
      predict: (x): Prediction => ({ values: regressionValues(model, newRows(x)).map(unscale), probabilities: null }),
      varimp: () =>
        kernel.type === 'linear'
          ? coefficients(names, collapse(model.supportVectors, Int32Array.from(model.coef.keys()), model.coef), model.rho, 1)
          : null,
    };
  }

  const classCodes = Int32Array.from(data.y);
  const model = await trainClassifier(design, classCodes, classCosts(data, cost), true, settings, context);
  return {
    predict: (x): Prediction => {
      const probabilities = classProbabilities(model, newRows(x), classes.length);
      return { values: decideClasses(probabilities), probabilities };
    },
    varimp: () => {
      if (kernel.type !== 'linear' || classes.length !== 2) return null;
      const pair = model.pairs[0]!;
      // The pair's positive side is the class seen first in training; orient to the second level.
      return coefficients(names, collapse(model.supportVectors, pair.sv, pair.coef), pair.rho, pair.first === 1 ? 1 : -1);
    },
  };
}

/** cost × class weight per class code; weights must be per-class (inverse frequency). */
function classCosts(data: TrainingData, cost: number): Float64Array {
  const nClasses = data.classes!.length;
  const costs = new Float64Array(nClasses).fill(cost);
  const weights = data.weights;
  if (weights === null) return costs;
  const seen = new Float64Array(nClasses).fill(NaN);
  data.y.forEach((code, i) => {
    const weight = weights[i]!;
    if (Number.isNaN(seen[code]!)) seen[code] = weight;
    else if (seen[code] !== weight) throw new Error('Case weights are not supported by SVMs (as in rtemis / e1071::svm); use ifw for class weights.');
  });
  seen.forEach((weight, code) => {
    if (!Number.isNaN(weight)) costs[code] = cost * weight;
  });
  return costs;
}

function coefficients(names: string[], w: Float64Array, rho: number, orientation: number): VariableImportance {
  return {
    variables: ['(Intercept)', ...names],
    measures: [{ name: 'Coefficient', values: Float64Array.from([-rho, ...w], (value) => orientation * value) }],
  };
}
