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
import { designMatrix, firstMissing, hasMissing, type DesignSpec } from './design.js';
import { linearPredictor, WeightedLeastSquares } from './least-squares.js';
import { logisticIrls, logitInverse } from './logistic-irls.js';

// lm's default tolerance for aliased columns.
const LM_TOLERANCE = 1e-7;

export const glmLearner: Learner<GLMHyperparameters> = {
  name: 'GLM',
  async fit(data: TrainingData): Promise<FittedModel> {
    const spec: DesignSpec = { featureNames: data.featureNames, featureLevels: data.featureLevels };
    const design = designMatrix(data.x, spec, true);
    const missing = firstMissing(design);
    if (missing !== null || hasMissing(data.y)) {
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
        ? new WeightedLeastSquares(design.columns, data.y.length).solve(data.y, data.weights === null ? null : data.weights.map(Math.sqrt), LM_TOLERANCE).coefficients
        : logisticIrls(design.columns, data.y, data.weights);

    const link = (x: Float64Array[]): Float64Array => {
      const predictors = designMatrix(x, spec, true);
      const absent = firstMissing(predictors);
      if (absent !== null) throw new Error(`GLM cannot predict cases with missing values (feature ${absent}).`);
      return linearPredictor(predictors.columns, coefficients, new Float64Array(x[0]?.length ?? 0));
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
