/**
 * Prediction from trained libsvm models (svm.cpp `svm_predict_values`,
 * `svm_predict_probability`): one-vs-one decision values, pairwise Platt probabilities
 * clipped to [1e-7, 1 − 1e-7] and coupled into class probabilities (two classes: taken
 * as they are). A linear kernel collapses each decision function to one weight vector.
 */
import { predictionKernel, type DenseRows } from './kernel.js';
import type { ClassifierModel, RegressorModel } from './libsvm-train.js';
import { coupleProbabilities, sigmoidPredict } from './platt.js';

const MIN_PROBABILITY = 1e-7;

/** w = Σ coef_s · sv_s: the linear kernel's decision function as a weight vector. */
export function collapse(supportVectors: DenseRows, sv: Int32Array, coef: Float64Array): Float64Array {
  const { values, p } = supportVectors;
  const w = new Float64Array(p);
  for (let s = 0; s < sv.length; s++) {
    const offset = sv[s]! * p;
    for (let m = 0; m < p; m++) w[m] += coef[s]! * values[offset + m]!;
  }
  return w;
}

function rowDot(w: Float64Array, values: Float64Array, offset: number): number {
  let sum = 0;
  for (let m = 0; m < w.length; m++) sum += w[m]! * values[offset + m]!;
  return sum;
}

/** Σ coef·K(x_i, sv) for each row i of `x`, one output per decision function. */
function kernelSums(
  model: { kernel: ClassifierModel['kernel']; supportVectors: DenseRows },
  functions: { sv: Int32Array; coef: Float64Array }[],
  x: DenseRows,
): Float64Array[] {
  const out = functions.map(() => new Float64Array(x.n));
  if (model.kernel.type === 'linear') {
    const weights = functions.map((f) => collapse(model.supportVectors, f.sv, f.coef));
    for (let i = 0; i < x.n; i++) weights.forEach((w, q) => (out[q]![i] = rowDot(w, x.values, i * x.p)));
    return out;
  }
  const k = new Float64Array(model.supportVectors.n);
  for (let i = 0; i < x.n; i++) {
    predictionKernel(model.kernel, model.supportVectors, x.values, i * x.p, k);
    functions.forEach((f, q) => {
      let sum = 0;
      for (let s = 0; s < f.sv.length; s++) sum += f.coef[s]! * k[f.sv[s]!]!;
      out[q]![i] = sum;
    });
  }
  return out;
}

/** Decision values per pair (model.pairs order); positive favours the pair's `first` class. */
export function pairDecisions(model: ClassifierModel, x: DenseRows): Float64Array[] {
  const sums = kernelSums(model, model.pairs, x);
  return sums.map((sum, q) => sum.map((value) => value - model.pairs[q]!.rho));
}

/**
 * Class probabilities, one column per class code 0..nClasses−1; classes the model never saw
 * get 0. Needs a model trained with probabilities.
 */
export function classProbabilities(model: ClassifierModel, x: DenseRows, nClasses: number): Float64Array[] {
  const decisions = pairDecisions(model, x);
  const k = model.labels.length;
  const out = Array.from({ length: nClasses }, () => new Float64Array(x.n));
  const r = Array.from({ length: k }, () => new Float64Array(k));
  const position = new Map<number, number>();
  model.labels.forEach((code, index) => position.set(code, index));
  for (let i = 0; i < x.n; i++) {
    model.pairs.forEach((pair, q) => {
      if (pair.sigmoid === null) throw new Error('This SVM was trained without probabilities.');
      const a = position.get(pair.first)!;
      const b = position.get(pair.second)!;
      const p = Math.min(Math.max(sigmoidPredict(decisions[q]![i]!, pair.sigmoid), MIN_PROBABILITY), 1 - MIN_PROBABILITY);
      r[a]![b] = p;
      r[b]![a] = 1 - p;
    });
    if (k === 2) {
      out[model.labels[0]!]![i] = r[0]![1]!;
      out[model.labels[1]!]![i] = r[1]![0]!;
    } else {
      const p = coupleProbabilities(r);
      model.labels.forEach((code, index) => (out[code]![i] = p[index]!));
    }
  }
  return out;
}

export function regressionValues(model: RegressorModel, x: DenseRows): Float64Array {
  const [sum] = kernelSums(model, [{ sv: Int32Array.from({ length: model.coef.length }, (_, s) => s), coef: model.coef }], x);
  return sum!.map((value) => value - model.rho);
}
