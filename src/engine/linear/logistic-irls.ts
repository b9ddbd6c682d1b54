/**
 * `glm.fit` with the binomial family and logit link: start at μ = (w·y + ½)/(w + 1),
 * iterate weighted least squares on the working response until the relative change in
 * deviance is below 1e-8 (at most 25 iterations). Separable data drives μ to 0/1 and the
 * coefficients to large values, as in R. One pass over the rows per iteration turns the
 * new η into μ, the deviance and the next working response and weights.
 */
import { linearPredictor, WeightedLeastSquares } from './least-squares.js';

// glm.control() defaults.
const MAX_ITERATIONS = 25;
const EPSILON = 1e-8;
const QR_TOLERANCE = Math.min(1e-7, EPSILON / 1000);

// R's logit link in C (family.c): η is clamped at ±30 so μ stays inside (ε, 1 − ε).
const THRESHOLD = 30;
const DBL_EPSILON = 2.220446049250313e-16;

/** Coefficients for P(class code 1) on the design `columns`; NaN for aliased columns. */
export function logisticIrls(columns: Float64Array[], classCodes: Float64Array, priorWeights: Float64Array | null): Float64Array {
  const n = classCodes.length;
  const solver = new WeightedLeastSquares(columns, n);
  const w = priorWeights ?? new Float64Array(n).fill(1);
  const state: WorkingState = {
    y: new Float64Array(n),
    w,
    eta: new Float64Array(n),
    working: new Float64Array(n),
    rootWeights: new Float64Array(n),
  };
  let deviance = startFromMustart(classCodes, state);
  let coefficients: Float64Array = new Float64Array(columns.length).fill(NaN);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    coefficients = solver.solve(state.working, state.rootWeights, QR_TOLERANCE).coefficients;
    linearPredictor(columns, coefficients, state.eta);
    const previous = deviance;
    deviance = updateFromEta(state);
    if (Math.abs(deviance - previous) / (Math.abs(deviance) + 0.1) < EPSILON) break;
  }
  return coefficients;
}

interface WorkingState {
  /** Outcome as 0/1. */
  y: Float64Array;
  /** Prior (case) weights. */
  w: Float64Array;
  eta: Float64Array;
  /** Working response z = η + (y − μ)/μ'(η). */
  working: Float64Array;
  /** √(w·μ'(η)² / V(μ)), the row scaling of the weighted least-squares step. */
  rootWeights: Float64Array;
}

/**
 * Fills y (class code 1 → 1, else 0) and the first iteration from mustart: μ is not yet
 * linkinv(η), so μ'(η) comes from η = logit(μ). Returns the deviance.
 */
function startFromMustart(classCodes: Float64Array, { y, w, eta, working, rootWeights }: WorkingState): number {
  let deviance = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = classCodes[i] === 1 ? 1 : 0;
    y[i] = yi;
    const wi = w[i]!;
    const mu = (wi * yi + 0.5) / (wi + 1);
    const etaI = Math.log(mu / (1 - mu));
    eta[i] = etaI;
    deviance += 2 * wi * (yi === 1 ? -Math.log(mu) : -Math.log(1 - mu));
    let derivative = DBL_EPSILON;
    if (etaI <= THRESHOLD && etaI >= -THRESHOLD) {
      const e = Math.exp(etaI);
      derivative = e / ((1 + e) * (1 + e));
    }
    working[i] = etaI + (yi - mu) / derivative;
    rootWeights[i] = Math.sqrt((wi * derivative * derivative) / (mu * (1 - mu)));
  }
  return deviance;
}

/** μ = linkinv(η), the deviance (returned) and the next working response and weights, in one pass. */
function updateFromEta({ y, w, eta, working, rootWeights }: WorkingState): number {
  let deviance = 0;
  for (let i = 0; i < y.length; i++) {
    const etaI = eta[i]!;
    const yi = y[i]!;
    const wi = w[i]!;
    // linkinv and mu.eta share exp(η); both clamp outside ±THRESHOLD as R does.
    let mu = DBL_EPSILON / (1 + DBL_EPSILON);
    let derivative = DBL_EPSILON;
    if (etaI > THRESHOLD) mu = 1 / DBL_EPSILON / (1 + 1 / DBL_EPSILON);
    else if (etaI >= -THRESHOLD) {
      const e = Math.exp(etaI);
      mu = e / (1 + e);
      derivative = e / ((1 + e) * (1 + e));
    }
    deviance += 2 * wi * (yi === 1 ? -Math.log(mu) : -Math.log(1 - mu));
    working[i] = etaI + (yi - mu) / derivative;
    rootWeights[i] = Math.sqrt((wi * derivative * derivative) / (mu * (1 - mu)));
  }
  return deviance;
}

/** Logistic μ from η, clamped as in R. */
export function logitInverse(eta: number): number {
  const e = eta < -THRESHOLD ? DBL_EPSILON : eta > THRESHOLD ? 1 / DBL_EPSILON : Math.exp(eta);
  return e / (1 + e);
}
