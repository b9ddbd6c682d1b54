/**
 * NNLS as rtemis trains it (R/train_NNLS.R → `nnls::nnls`): non-negative coefficients of the
 * numeric features, no intercept; case weights (inverse-frequency weights included) scale
 * both sides by √w; `normalize` divides the coefficients by their sum when it is positive.
 * Binary classification fits the 0/1 indicator of the positive (second) class and predicts
 * the fit clamped to [0, 1] as its probability; more classes are refused, as rtemis does.
 * Variable importance = the coefficients, column `coefficient`.
 */
import type { NNLSHyperparameters } from '../config/types.js';
import type { FittedModel, Learner, Prediction, TrainingData } from '../learner.js';
import { nnls } from './lawson-hanson.js';

export const nnlsLearner: Learner<NNLSHyperparameters> = {
  name: 'NNLS',
  async fit(data: TrainingData, hyperparameters: NNLSHyperparameters): Promise<FittedModel> {
    const nonNumeric = data.featureNames.filter((_, j) => data.featureLevels[j] !== null);
    if (nonNumeric.length > 0) throw new Error(`NNLS requires numeric predictors; these are not: ${nonNumeric.join(', ')}.`);
    const classes = data.classes;
    if (classes !== null && classes.length > 2) throw new Error('NNLS does not support multiclass classification.');
    if (data.x.some(hasMissing) || hasMissing(data.y)) {
      throw new Error('NNLS does not allow missing values; impute them in preprocessing.');
    }

    const rootWeights = data.weights === null ? null : data.weights.map(Math.sqrt);
    const design = rootWeights === null ? data.x : data.x.map((column) => column.map((value, i) => value * rootWeights[i]!));
    const response = rootWeights === null ? data.y : data.y.map((value, i) => value * rootWeights[i]!);
    const coefficients = nnls(design, response).coefficients;
    if (hyperparameters.normalize) {
      const total = coefficients.reduce((a, b) => a + b, 0);
      // An all-zero solution has nothing to normalise.
      if (total > 0) for (let j = 0; j < coefficients.length; j++) coefficients[j] = coefficients[j]! / total;
    }

    return {
      predict(x: Float64Array[]): Prediction {
        const n = x[0]?.length ?? 0;
        const fitted = new Float64Array(n);
        x.forEach((column, j) => {
          const coefficient = coefficients[j]!;
          for (let i = 0; i < n; i++) fitted[i] = fitted[i]! + coefficient * column[i]!;
        });
        if (classes === null) return { values: fitted, probabilities: null };
        // An unnormalised fit is not a probability: clamp it, as rtemis does.
        const positive = fitted.map((value) => Math.min(Math.max(value, 0), 1));
        return { values: positive.map((p) => (p >= 0.5 ? 1 : 0)), probabilities: [positive.map((p) => 1 - p), positive] };
      },
      varimp: () => ({ variables: [...data.featureNames], measures: [{ name: 'coefficient', values: Float64Array.from(coefficients) }] }),
    };
  },
};

function hasMissing(values: Float64Array): boolean {
  return values.some(Number.isNaN);
}
