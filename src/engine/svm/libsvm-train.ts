/**
 * C-SVC and ε-SVR training as libsvm's `svm_train` does it (svm.cpp, as e1071 builds it):
 * classes grouped in order of first appearance, one binary problem per pair of classes
 * (one-vs-one) with per-class costs, Platt sigmoids fitted on 5-fold cross-validated
 * decision values when probabilities are asked for, and the support vectors of all pairs
 * pooled. Randomness (the probability folds) comes from the run's generator. The solves of
 * one pair share their kernel rows; held-out decision values of the probability folds are
 * summed from those single-precision rows (libsvm recomputes them in double precision).
 */
import type { FitContext } from '../learner.js';
import { TrainingKernel, type DenseRows, type KernelSpec } from './kernel.js';
import { KernelRowStore } from './kernel-row-store.js';
import { sigmoidTrain, type Sigmoid } from './platt.js';
import { ClassificationQ, RegressionQ } from './q-matrix.js';
import { solveSmo } from './smo-solver.js';

export interface SolverSettings {
  kernel: KernelSpec;
  /** libsvm `eps` (e1071 `tolerance`). */
  tolerance: number;
  shrinking: boolean;
  /** Kernel cache budget per solve, in bytes. */
  cacheBytes: number;
  /** Budget of the kernel rows shared by the solves of one class pair, in bytes. */
  storeBytes: number;
}

/** One one-vs-one decision function f(x) = Σ coef·K(x, sv) − rho; positive favours `first`. */
export interface PairFunction {
  /** Class codes (of the caller's coding) of the +1 and −1 side. */
  first: number;
  second: number;
  /** Indices into the model's support vectors, and their coefficients α_k·y_k. */
  sv: Int32Array;
  coef: Float64Array;
  rho: number;
  /** Platt sigmoid for P(first | first or second), or null without probabilities. */
  sigmoid: Sigmoid | null;
}

export interface ClassifierModel {
  kernel: KernelSpec;
  supportVectors: DenseRows;
  /** Class codes in libsvm's label order (first appearance in the training data). */
  labels: Int32Array;
  pairs: PairFunction[];
}

export interface RegressorModel {
  kernel: KernelSpec;
  supportVectors: DenseRows;
  coef: Float64Array;
  rho: number;
}

const PROBABILITY_FOLDS = 5;

/** Binary C-SVC on `members` (store indices) with labels ±1: signed α (α_i·y_i) and rho. */
async function solveBinary(
  store: KernelRowStore,
  members: Int32Array,
  y: Int8Array,
  Cp: number,
  Cn: number,
  settings: SolverSettings,
  context: FitContext,
): Promise<{ alpha: Float64Array; rho: number }> {
  const l = members.length;
  const alpha = new Float64Array(l);
  const Q = new ClassificationQ(store, members, y, settings.cacheBytes);
  const { rho } = await solveSmo(
    { Q, p: new Float64Array(l).fill(-1), y, alpha, Cp, Cn, eps: settings.tolerance, shrinking: settings.shrinking },
    context.checkpoint,
  );
  for (let i = 0; i < l; i++) alpha[i] = alpha[i]! * y[i]!;
  return { alpha, rho };
}

/**
 * libsvm `svm_binary_svc_probability`: decision values from 5 random folds (each fold's
 * model trained on the other four, positives first as libsvm's own grouping puts them),
 * then Platt's sigmoid fitted on them.
 */
async function binaryProbability(
  store: KernelRowStore,
  y: Int8Array,
  Cp: number,
  Cn: number,
  settings: SolverSettings,
  context: FitContext,
): Promise<Sigmoid> {
  const l = y.length;
  const perm = Int32Array.from({ length: l }, (_, i) => i);
  for (let i = 0; i < l; i++) {
    const j = i + (Math.floor(context.random() * (l - i)) % (l - i));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const decisions = new Float64Array(l);
  for (let fold = 0; fold < PROBABILITY_FOLDS; fold++) {
    const begin = Math.floor((fold * l) / PROBABILITY_FOLDS);
    const end = Math.floor(((fold + 1) * l) / PROBABILITY_FOLDS);
    const trainingOrder = [...perm.subarray(0, begin), ...perm.subarray(end)];
    const positives = trainingOrder.filter((k) => y[k]! > 0);
    const negatives = trainingOrder.filter((k) => y[k]! <= 0);
    if (positives.length === 0 || negatives.length === 0) {
      const constant = positives.length > 0 ? 1 : negatives.length > 0 ? -1 : 0;
      for (let j = begin; j < end; j++) decisions[perm[j]!] = constant;
      continue;
    }
    const members = Int32Array.from([...positives, ...negatives]);
    const subY = Int8Array.from(members, (k) => y[k]!);
    const { alpha, rho } = await solveBinary(store, members, subY, Cp, Cn, settings, context);
    // Held-out decision values from the support vectors' kernel rows: a stored row is read,
    // otherwise only its held-out part is computed (a fifth of a whole row).
    const heldOut = perm.subarray(begin, end);
    const heldOutRows = Int32Array.from(heldOut, (k) => store.rows[k]!);
    const part = new Float32Array(heldOut.length);
    const sums = new Float64Array(heldOut.length);
    for (const k of nonzero(alpha)) {
      const coef = alpha[k]!;
      const row = store.storedRow(members[k]!);
      if (row !== null) {
        for (let h = 0; h < heldOut.length; h++) sums[h] += coef * row[heldOut[h]!]!;
      } else {
        store.part(members[k]!, heldOutRows, part, 0, heldOut.length);
        for (let h = 0; h < heldOut.length; h++) sums[h] += coef * part[h]!;
      }
    }
    heldOut.forEach((k, h) => (decisions[k] = sums[h]! - rho));
  }
  return sigmoidTrain(decisions, y);
}

function nonzero(alpha: Float64Array): number[] {
  const indices: number[] = [];
  for (let i = 0; i < alpha.length; i++) if (Math.abs(alpha[i]!) > 0) indices.push(i);
  return indices;
}

/**
 * C-SVC: `classCodes[i]` is the class of data row i; `classCost[c]` the cost of class c
 * (cost × class weight). One-vs-one over the classes present, in first-appearance order.
 */
export async function trainClassifier(
  data: DenseRows,
  classCodes: Int32Array,
  classCost: Float64Array,
  probability: boolean,
  settings: SolverSettings,
  context: FitContext,
): Promise<ClassifierModel> {
  const kernel = new TrainingKernel(data, settings.kernel);
  const labels: number[] = [];
  const members = new Map<number, number[]>();
  classCodes.forEach((code, row) => {
    let list = members.get(code);
    if (list === undefined) {
      list = [];
      members.set(code, list);
      labels.push(code);
    }
    list.push(row);
  });
  if (labels.length < 2) throw new Error('SVM classification needs at least two classes in the training data.');

  // Pooled support vectors: grouped by class in label order, rows in training order.
  const isSupport = new Map<number, Map<number, number>>();
  const fitted: { first: number; second: number; rows: Int32Array; alpha: Float64Array; rho: number; sigmoid: Sigmoid | null }[] = [];
  for (let a = 0; a < labels.length; a++) {
    for (let b = a + 1; b < labels.length; b++) {
      const first = members.get(labels[a]!)!;
      const second = members.get(labels[b]!)!;
      const rows = Int32Array.from([...first, ...second]);
      const y = Int8Array.from(rows, (_, k) => (k < first.length ? 1 : -1));
      const Cp = classCost[labels[a]!]!;
      const Cn = classCost[labels[b]!]!;
      const store = new KernelRowStore(kernel, rows, settings.storeBytes);
      const sigmoid = probability ? await binaryProbability(store, y, Cp, Cn, settings, context) : null;
      const { alpha, rho } = await solveBinary(store, Int32Array.from(rows.keys()), y, Cp, Cn, settings, context);
      fitted.push({ first: labels[a]!, second: labels[b]!, rows, alpha, rho, sigmoid });
      for (const k of nonzero(alpha)) {
        const code = k < first.length ? labels[a]! : labels[b]!;
        let set = isSupport.get(code);
        if (set === undefined) {
          set = new Map();
          isSupport.set(code, set);
        }
        set.set(rows[k]!, -1);
      }
    }
  }
  const supportRows: number[] = [];
  for (const code of labels) {
    const set = isSupport.get(code);
    if (set === undefined) continue;
    for (const row of members.get(code)!) {
      if (set.has(row)) {
        set.set(row, supportRows.length);
        supportRows.push(row);
      }
    }
  }
  const pairs: PairFunction[] = fitted.map(({ first, second, rows, alpha, rho, sigmoid }) => {
    const support = nonzero(alpha);
    return {
      first,
      second,
      sv: Int32Array.from(support, (k) => isSupport.get(classCodes[rows[k]!]!)!.get(rows[k]!)!),
      coef: Float64Array.from(support, (k) => alpha[k]!),
      rho,
      sigmoid,
    };
  });
  return { kernel: settings.kernel, supportVectors: gatherRows(data, supportRows), labels: Int32Array.from(labels), pairs };
}

/** ε-SVR (libsvm `solve_epsilon_svr`): tube half-width `epsilon`, cost `cost`. */
export async function trainRegressor(
  data: DenseRows,
  y: Float64Array,
  cost: number,
  epsilon: number,
  settings: SolverSettings,
  context: FitContext,
): Promise<RegressorModel> {
  const l = data.n;
  const kernel = new TrainingKernel(data, settings.kernel);
  const rows = Int32Array.from({ length: l }, (_, i) => i);
  const alpha2 = new Float64Array(2 * l);
  const linear = new Float64Array(2 * l);
  const signs = new Int8Array(2 * l);
  for (let i = 0; i < l; i++) {
    linear[i] = epsilon - y[i]!;
    signs[i] = 1;
    linear[i + l] = epsilon + y[i]!;
    signs[i + l] = -1;
  }
  const Q = new RegressionQ(kernel, rows, settings.cacheBytes);
  const { rho } = await solveSmo(
    { Q, p: linear, y: signs, alpha: alpha2, Cp: cost, Cn: cost, eps: settings.tolerance, shrinking: settings.shrinking },
    context.checkpoint,
  );
  const coefAll = Float64Array.from({ length: l }, (_, i) => alpha2[i]! - alpha2[i + l]!);
  const support = nonzero(coefAll);
  return {
    kernel: settings.kernel,
    supportVectors: gatherRows(data, support),
    coef: Float64Array.from(support, (i) => coefAll[i]!),
    rho,
  };
}

function gatherRows(data: DenseRows, rows: number[]): DenseRows {
  const { values, p } = data;
  const out = new Float64Array(rows.length * p);
  rows.forEach((row, s) => out.set(values.subarray(row * p, (row + 1) * p), s * p));
  return { values: out, n: rows.length, p };
}
