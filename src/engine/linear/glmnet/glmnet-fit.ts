/**
 * `glmnet()` for the gaussian, binomial and multinomial families (glmnet 4.1, R wrappers
 * `glmnet`, `elnet`, `lognet` and the glmnetpp drivers): checks, case weights, penalty
 * factors, standardisation, the path on the solver's scale and its conversion back to the
 * original scale (intercepts and coefficients per lambda), `fix.lam`'s replacement of the
 * first (infinite) lambda, and `predict` at any lambda by glmnet's linear interpolation
 * along the path.
 */
import type { Pacer } from '../../trees/pacer.js';
import { binomialPath, type LogisticPath } from './binomial-path.js';
import { defaultLambdaMinRatio, MAXIT, THRESH } from './control.js';
import { gaussianPath } from './gaussian-path.js';
import { multinomialPath } from './multinomial-path.js';
import type { PathSettings, RawPath } from './path-common.js';
import { pickRowsInto, rowsWhere } from './rows.js';
import { nonConstant, normalizePenalty, normalizeWeights, standardizeGaussian, standardizeLogistic } from './standardize.js';
import { KernelWorkspace } from './wasm-kernels.js';

export type GlmnetFamily = 'gaussian' | 'binomial' | 'multinomial';

export interface GlmnetOptions {
  family: GlmnetFamily;
  alpha: number;
  nlambda: number;
  /** Null = glmnet's default (1e-4, or 1e-2 when there are fewer cases than variables). */
  lambdaMinRatio: number | null;
  /** A user lambda sequence (any order), or null for glmnet's own. */
  lambda: readonly number[] | null;
  /** One factor per variable; null = all 1. */
  penaltyFactor: readonly number[] | null;
  standardize: boolean;
  intercept: boolean;
}

/** A fitted path on the original scale of the variables. */
export interface GlmnetPath {
  family: GlmnetFamily;
  nVariables: number;
  /** 1 for gaussian and binomial (the positive class), else the number of classes. */
  nOutputs: number;
  lambda: Float64Array;
  /** Variables in order of entry; point l uses the first `nActive[l]`. */
  active: Int32Array;
  nActive: Int32Array;
  /** Per point, per output. */
  intercepts: Float64Array[];
  /** Per point: output-major coefficients over the active variables. */
  coefficients: Float64Array[];
  devRatio: Float64Array;
  nullDeviance: number;
  /** glmnet's non-fatal warning (a lambda that did not converge), or null. */
  warning: string | null;
}

/** Intercepts and dense coefficients (per output) at one lambda. */
export interface GlmnetCoefficients {
  intercepts: Float64Array;
  beta: Float64Array[];
}

/**
 * Fits the path. `x`: design columns (left untouched); `y`: the outcome (regression) or
 * class codes 0..nClasses−1; `weights`: case weights or null; `rows`: the cases to fit on
 * (all when null), so that cross-validation folds need no copies of their own.
 */
export async function fitGlmnet(
  x: Float64Array[],
  y: Float64Array,
  nClasses: number,
  weights: Float64Array | null,
  options: GlmnetOptions,
  pacer: Pacer,
  rows: Int32Array | null = null,
): Promise<GlmnetPath> {
  const p = x.length;
  if (p === 0) throw new Error('GLMNET needs at least one feature.');
  if (options.penaltyFactor !== null && options.penaltyFactor.length !== p) {
    throw new Error(`GLMNET: penalty_factor must have one value per design-matrix column: expected length ${p}, got ${options.penaltyFactor.length}.`);
  }
  if (options.lambda !== null && options.lambda.some((value) => value < 0)) throw new Error('GLMNET: lambdas should be non-negative.');
  const cases = rows ?? rowsWhere(y.length, () => true);
  return options.family === 'gaussian'
    ? gaussian(x, y, weights, cases, options, pacer)
    : logistic(x, y, nClasses, weights, cases, options, pacer);
}

function pathSettings(options: GlmnetOptions, included: Uint8Array, nCases: number, userScale: number): PathSettings {
  const p = included.length;
  if (!included.some((flag) => flag !== 0)) throw new Error('GLMNET: every feature is constant in the training data.');
  const userLambda = options.lambda === null ? null : Float64Array.from([...options.lambda].sort((a, b) => b - a), (value) => value / userScale);
  return {
    alpha: options.alpha,
    penalty: normalizePenalty(options.penaltyFactor ?? new Float64Array(p).fill(1)),
    included,
    nlambda: options.nlambda,
    lambdaMinRatio: options.lambdaMinRatio ?? defaultLambdaMinRatio(nCases, p),
    userLambda,
    thresh: THRESH,
    maxit: MAXIT,
  };
}

async function gaussian(
  x: Float64Array[],
  y: Float64Array,
  weights: Float64Array | null,
  cases: Int32Array,
  options: GlmnetOptions,
  pacer: Pacer,
): Promise<GlmnetPath> {
  const n = cases.length;
  const workspace = new KernelWorkspace(n * (x.length + 2));
  const columns = x.map((column) => pickRowsInto(workspace.vector(n), column, cases));
  const response = pickRowsInto(workspace.vector(n), y, cases);
  const w = weights === null ? workspace.vector(n).fill(1) : pickRowsInto(workspace.vector(n), weights, cases);
  let weightSum = 0;
  let weightedSum = 0;
  for (let i = 0; i < n; i++) {
    weightSum += w[i]!;
    weightedSum += w[i]! * response[i]!;
  }
  const mean = options.intercept ? weightedSum / weightSum : 0;
  let nullDeviance = 0;
  for (let i = 0; i < n; i++) nullDeviance += w[i]! * (response[i]! - mean) ** 2;
  if (nullDeviance === 0) throw new Error('GLMNET: the outcome is constant in the training data.');

  normalizeWeights(w);
  const included = nonConstant(columns);
  const scaling = standardizeGaussian(columns, response, w, options.standardize, options.intercept, included);
  const gradient = new Float64Array(columns.length);
  for (let j = 0; j < columns.length; j++) if (included[j] !== 0) gradient[j] = workspace.dot(columns[j]!, response);
  const settings = pathSettings(options, included, n, scaling.ys);
  const raw = await gaussianPath(columns, gradient, scaling.xv, settings, workspace, pacer);
  return toOriginalScale(raw, options, x.length, 1, {
    lambdaScale: scaling.ys,
    coefficientScale: (k) => scaling.ys / scaling.xs[k]!,
    xm: scaling.xm,
    interceptBase: () => scaling.ym,
    nullDeviance,
  });
}

async function logistic(
  x: Float64Array[],
  codes: Float64Array,
  nClasses: number,
  weights: Float64Array | null,
  cases: Int32Array,
  options: GlmnetOptions,
  pacer: Pacer,
): Promise<GlmnetPath> {
  const counts = new Array<number>(nClasses).fill(0);
  for (const i of cases) counts[codes[i]!]! += 1;
  if (Math.min(...counts) <= 1) throw new Error('GLMNET: one multinomial or binomial class has 1 or 0 observations; not allowed.');
  if (options.family === 'binomial' && nClasses !== 2) throw new Error('GLMNET: the binomial family needs exactly two classes.');
  // Cases of zero weight are left out (glmnet subsets them away).
  const kept = weights === null ? cases : cases.filter((i) => weights[i]! > 0);
  const n = kept.length;
  // Binomial models the second class (glmnet swaps the columns for that).
  const modelled = options.family === 'binomial' ? [1] : Array.from({ length: nClasses }, (_, c) => c);
  // The solver's vectors: columns, weights, indicators, and its own working vectors.
  const workspace = new KernelWorkspace(n * (x.length + 3 * modelled.length + 8));
  const columns = x.map((column) => pickRowsInto(workspace.vector(n), column, kept));
  const w = weights === null ? workspace.vector(n).fill(1) : pickRowsInto(workspace.vector(n), weights, kept);
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += w[i]!;
  normalizeWeights(w);
  const indicators = modelled.map((c) => {
    const indicator = workspace.vector(n);
    for (let i = 0; i < n; i++) indicator[i] = codes[kept[i]!] === c ? 1 : 0;
    return indicator;
  });
  const included = nonConstant(columns);
  const scaling = standardizeLogistic(columns, w, options.standardize, options.intercept, included);
  const settings = pathSettings(options, included, n, 1);
  const raw: LogisticPath =
    options.family === 'binomial'
      ? await binomialPath(columns, indicators[0]!, w, options.intercept, settings, workspace, pacer)
      : await multinomialPath(columns, indicators, w, options.intercept, settings, workspace, pacer);
  const path = toOriginalScale(raw, options, x.length, modelled.length, {
    lambdaScale: 1,
    coefficientScale: (k) => 1 / scaling.xs[k]!,
    xm: scaling.xm,
    interceptBase: (intercept) => intercept,
    nullDeviance: raw.nullDeviance * 2 * weightSum,
  });
  if (options.family === 'multinomial') {
    // glmnet reports multinomial intercepts centred over the classes.
    for (const intercepts of path.intercepts) {
      const mean = intercepts.reduce((a, b) => a + b, 0) / intercepts.length;
      for (let c = 0; c < intercepts.length; c++) intercepts[c] = intercepts[c]! - mean;
    }
  }
  return path;
}

interface Rescaling {
  lambdaScale: number;
  /** Factor turning a solver coefficient of variable k into an original-scale one. */
  coefficientScale: (k: number) => number;
  xm: Float64Array;
  /** The intercept before subtracting Σ β x̄, from the solver's intercept. */
  interceptBase: (solverIntercept: number) => number;
  nullDeviance: number;
}

function toOriginalScale(raw: RawPath, options: GlmnetOptions, nVariables: number, nOutputs: number, rescaling: Rescaling): GlmnetPath {
  const points = raw.lambdas.length;
  if (points === 0) throw new Error(`GLMNET: no solution was found. ${raw.warning ?? ''}`.trim());
  const scale = new Float64Array(raw.active.length);
  for (let l = 0; l < scale.length; l++) scale[l] = rescaling.coefficientScale(raw.active[l]!);
  const coefficients = raw.coefficients.map((values, point) => {
    const nActive = raw.nActive[point]!;
    const out = new Float64Array(values.length);
    for (let index = 0; index < values.length; index++) out[index] = values[index]! * scale[index % nActive]!;
    return out;
  });
  const intercepts = raw.intercepts.map((solverIntercepts, point) => {
    const nActive = raw.nActive[point]!;
    return solverIntercepts.map((intercept, output) => {
      if (!options.intercept) return 0;
      let value = rescaling.interceptBase(intercept);
      for (let l = 0; l < nActive; l++) value -= coefficients[point]![output * nActive + l]! * rescaling.xm[raw.active[l]!]!;
      return value;
    });
  });
  const lambda = Float64Array.from(raw.lambdas, (value) => value * rescaling.lambdaScale);
  // fix.lam: the first lambda of glmnet's own sequence is "infinite"; report where the path really starts.
  if (options.lambda === null && lambda.length > 2) lambda[0] = Math.exp(2 * Math.log(lambda[1]!) - Math.log(lambda[2]!));
  return {
    family: options.family,
    nVariables,
    nOutputs,
    lambda,
    active: raw.active,
    nActive: Int32Array.from(raw.nActive),
    intercepts,
    coefficients,
    devRatio: Float64Array.from(raw.devRatio),
    nullDeviance: rescaling.nullDeviance,
    warning: raw.warning,
  };
}

/**
 * glmnet's `lambda.interp`: the two path points bracketing `s` (0-based) and the weight of
 * the left one; `s` outside the path is clamped to its ends.
 */
export function interpolation(lambda: Float64Array, s: number): { left: number; right: number; fraction: number } {
  const k = lambda.length;
  if (k === 1) return { left: 0, right: 0, fraction: 1 };
  const first = lambda[0]!;
  const span = first - lambda[k - 1]!;
  const position = (value: number) => (first - value) / span;
  const target = Math.min(Math.max((first - s) / span, position(lambda[0]!)), position(lambda[k - 1]!));
  // R's approx() on the normalised lambdas against 1..k, with its exact-knot rules.
  let i = 0;
  let j = k - 1;
  while (i < j - 1) {
    const middle = (i + j) >> 1;
    if (target < position(lambda[middle]!)) j = middle;
    else i = middle;
  }
  let coordinate: number;
  const xi = position(lambda[i]!);
  const xj = position(lambda[j]!);
  if (target === xj) coordinate = j;
  else if (target === xi) coordinate = i;
  else coordinate = i + (target - xi) / (xj - xi);
  const left = Math.floor(coordinate);
  const right = Math.ceil(coordinate);
  const leftPosition = position(lambda[left]!);
  const rightPosition = position(lambda[right]!);
  let fraction = (target - rightPosition) / (leftPosition - rightPosition);
  if (left === right || Math.abs(leftPosition - rightPosition) < Number.EPSILON) fraction = 1;
  return { left, right, fraction };
}

/** Intercepts and dense coefficients at `s` (interpolated between path points, as predict.glmnet). */
export function coefficientsAt(path: GlmnetPath, s: number): GlmnetCoefficients {
  const { left, right, fraction } = interpolation(path.lambda, s);
  const intercepts = new Float64Array(path.nOutputs);
  const beta = Array.from({ length: path.nOutputs }, () => new Float64Array(path.nVariables));
  const add = (point: number, weight: number) => {
    if (weight === 0) return;
    const nActive = path.nActive[point]!;
    const values = path.coefficients[point]!;
    for (let output = 0; output < path.nOutputs; output++) {
      intercepts[output] = intercepts[output]! + weight * path.intercepts[point]![output]!;
      const target = beta[output]!;
      for (let l = 0; l < nActive; l++) target[path.active[l]!] = target[path.active[l]!]! + weight * values[output * nActive + l]!;
    }
  };
  add(left, fraction);
  add(right, 1 - fraction);
  return { intercepts, beta };
}

/** Linear predictors (one array per output) of the cases in `x` (all rows, or `rows` of them). */
export function linearPredictors(coefficients: GlmnetCoefficients, x: Float64Array[], rows: Int32Array | null = null): Float64Array[] {
  const n = rows === null ? (x[0]?.length ?? 0) : rows.length;
  return coefficients.beta.map((beta, output) => {
    const eta = new Float64Array(n).fill(coefficients.intercepts[output]!);
    for (let j = 0; j < beta.length; j++) {
      const b = beta[j]!;
      if (b === 0) continue;
      const column = x[j]!;
      if (rows === null) for (let i = 0; i < n; i++) eta[i] = eta[i]! + b * column[i]!;
      else for (let i = 0; i < n; i++) eta[i] = eta[i]! + b * column[rows[i]!]!;
    }
    return eta;
  });
}
