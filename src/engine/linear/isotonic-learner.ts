/**
 * Isotonic regression as rtemis trains it (R/train_Isotonic.R → `stats::isoreg`): one
 * numeric predictor, a non-decreasing step function. Binary classification fits the 0/1
 * indicator of the positive (second) class and keeps the block means within
 * [1/(2n), 1 − 1/(2n)] so no probability is exactly 0 or 1. Like rtemis it refuses more
 * predictors, more than two classes, missing values and case weights (so `ifw` too).
 * No variable importance.
 */
import type { IsotonicHyperparameters } from '../config/types.js';
import type { FittedModel, Learner, Prediction, TrainingData } from '../learner.js';
import { isoreg, isotonicPredict } from './isoreg.js';

export const isotonicLearner: Learner<IsotonicHyperparameters> = {
  name: 'Isotonic',
  async fit(data: TrainingData): Promise<FittedModel> {
    if (data.x.length > 1) throw new Error('Isotonic requires a single predictor.');
    if (data.featureLevels[0] !== null) throw new Error(`Isotonic requires a numeric predictor; "${data.featureNames[0]}" is not.`);
    if (data.weights !== null) throw new Error('Isotonic does not support weights.');
    const classes = data.classes;
    if (classes !== null && classes.length > 2) throw new Error('Isotonic does not support multiclass classification.');
    const x = data.x[0]!;
    if (x.some(Number.isNaN) || data.y.some(Number.isNaN)) {
      throw new Error('Isotonic does not allow missing values; impute them in preprocessing.');
    }

    const fit = isoreg(x, data.y);
    if (classes !== null) {
      const bound = 1 / (2 * data.y.length);
      fit.values = fit.values.map((value) => Math.min(Math.max(value, bound), 1 - bound));
    }
    return {
      predict(features: Float64Array[]): Prediction {
        const fitted = isotonicPredict(fit, features[0]!);
        if (classes === null) return { values: fitted, probabilities: null };
        return { values: fitted.map((p) => (p >= 0.5 ? 1 : 0)), probabilities: [fitted.map((p) => 1 - p), fitted] };
      },
      varimp: () => null,
    };
  },
};
