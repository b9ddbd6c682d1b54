/**
 * GLM as rtemis trains it (R/train_GLM.R → `stats::glm`): gaussian least squares for
 * regression, binomial logistic regression by IRLS for two classes (positive class =
 * second level). Like rtemis it refuses more than two classes and missing values
 * (R's glm would silently drop incomplete rows, breaking prediction alignment).
 * Factors are dummy-coded here (treatment contrasts), so callers pass level codes.
 * Case weights, including inverse frequency weights, arrive in `data.weights`.
 * Variable importance = the coefficients, `(Intercept)` first, column `Coefficient`.
 */
import type { GLMHyperparameters } from '../config/types.js';
import type { FittedModel, Learner, Prediction, TrainingData } from '../learner.js';
import { designMatrix, firstMissing, type DesignSpec } from './design.js';
import { linearPredictor, weightedLeastSquares } from './least-squares.js';

// glm.control() defaults.
const MAX_ITERATIONS = 25;
const EPSILON = 1e-8;
const QR_TOLERANCE = Math.min(1e-7, EPSILON / 1000);

export const glmLearner: Learner<GLMHyperparameters> = {
  name: 'GLM',
  async fit(data: TrainingData): Promise<FittedModel> {
    const spec: DesignSpec = { featureNames: data.featureNames, featureLevels: data.featureLevels };
    const design = designMatrix(data.x, spec, true);
    const missing = firstMissing(design);
    if (missing !== null || data.y.some(Number.isNaN)) {
      throw new Error(
        `GLM does not allow missing values (${missing === null ? 'outcome' : `feature ${missing}`}); impute them in preprocessing.`,
      );
    }
    const classes = data.classes;
    if (classes !== null && classes.length > 2) {
      throw new Error('GLM does not support multiclass classification.');
    }
    const coefficients =
      classes === null
        ? weightedLeastSquares(design.columns, data.y, data.weights, 1e-7).coefficients
        : logisticIrls(design.columns, data.y, data.weights);

    const link = (x: Float64Array[]): Float64Array => {
      const predictors = designMatrix(x, spec, true);
      const absent = firstMissing(predictors);
      if (absent !== null) throw new Error(`GLM cannot predict cases with missing values (feature ${absent}).`);
      return linearPredictor(predictors.columns, coefficients, x[0]?.length ?? 0);
    };
    return {
      predict(x: Float64Array[]): Prediction {
        const eta = link(x);
        if (classes === null) return { values: eta, probabilities: null };
        const positive = eta.map(logitInverse);
        return {
          values: positive.map((p) => (p >= 0.5 ? 1 : 0)),
          probabilities: [positive.map((p) => 1 - p), positive],
        };
      },
      varimp: () => ({ variables: design.names, measures: [{ name: 'Coefficient', values: Float64Array.from(coefficients) }] }),
    };
  },
};

/**
 * `glm.fit` with the binomial family: start at μ = (w·y + ½)/(w + 1), iterate weighted
 * least squares on the working response until the relative change in deviance is below
 * 1e-8 (at most 25 iterations). Separable data drives μ to 0/1 and the coefficients to
 * large values, as in R.
 */
function logisticIrls(columns: Float64Array[], classCodes: Float64Array, priorWeights: Float64Array | null): Float64Array {
  const n = classCodes.length;
  const y = classCodes.map((code) => (code === 1 ? 1 : 0));
  const w = priorWeights ?? new Float64Array(n).fill(1);
  let mu: Float64Array = y.map((value, i) => (w[i]! * value + 0.5) / (w[i]! + 1));
  let eta: Float64Array = mu.map((m) => Math.log(m / (1 - m)));
  let deviance = binomialDeviance(y, mu, w);
  let coefficients: Float64Array = new Float64Array(columns.length).fill(NaN);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const working = new Float64Array(n);
    const workingWeights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const derivative = logitDerivative(eta[i]!);
      working[i] = eta[i]! + (y[i]! - mu[i]!) / derivative;
      workingWeights[i] = (w[i]! * derivative * derivative) / (mu[i]! * (1 - mu[i]!));
    }
    coefficients = weightedLeastSquares(columns, working, workingWeights, QR_TOLERANCE).coefficients;
    eta = linearPredictor(columns, coefficients, n);
    mu = eta.map(logitInverse);
    const previous = deviance;
    deviance = binomialDeviance(y, mu, w);
    if (Math.abs(deviance - previous) / (Math.abs(deviance) + 0.1) < EPSILON) break;
  }
  return coefficients;
}

// R's logit link in C (family.c): η is clamped at ±30 so μ stays inside (ε, 1 − ε).
const THRESHOLD = 30;
const DBL_EPSILON = 2.220446049250313e-16;

function logitInverse(eta: number): number {
  const e = eta < -THRESHOLD ? DBL_EPSILON : eta > THRESHOLD ? 1 / DBL_EPSILON : Math.exp(eta);
  return e / (1 + e);
}

function logitDerivative(eta: number): number {
  if (eta > THRESHOLD || eta < -THRESHOLD) return DBL_EPSILON;
  const e = Math.exp(eta);
  return e / ((1 + e) * (1 + e));
}

function binomialDeviance(y: Float64Array, mu: Float64Array, w: Float64Array): number {
  let deviance = 0;
  for (let i = 0; i < y.length; i++) {
    const p = mu[i]!;
    deviance += 2 * w[i]! * (y[i] === 1 ? -Math.log(p) : -Math.log(1 - p));
  }
  return deviance;
}
