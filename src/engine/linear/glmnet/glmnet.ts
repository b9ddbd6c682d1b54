/**
 * GLMNET as rtemis trains it (R/train_GLMNET.R → glmnet 4.1): factors dummy-coded as
 * `model.matrix` does, family from the outcome (gaussian; binomial for two classes with
 * the second level positive; multinomial, ungrouped, for more), case weights (inverse
 * frequency weights when `ifw`, rtemis's default here), `penalty_factor` one per design
 * column (all 1 when null, reported as derived). With `lambda` null the model is
 * `cv.glmnet` (10 random folds) and predicts at `which_lambda_cv`; with `lambda` given it is
 * `glmnet` on that sequence and predicts at its largest value, as rtemis does. Variable
 * importance: the coefficients without the intercept (`Coefficient`); none for multinomial.
 * Missing values are refused (impute them in preprocessing).
 */
import type { GLMNETHyperparameters, Value } from '../../config/types.js';
import type { FitContext, FittedModel, Learner, Prediction, TrainingData } from '../../learner.js';
import { decideClasses } from '../../trees/class-decision.js';
import { Pacer } from '../../trees/pacer.js';
import { designMatrix, firstMissing, hasMissing, type DesignSpec } from '../design.js';
import { cvGlmnet, DEFAULT_NFOLDS, randomFoldIds } from './cv-glmnet.js';
import { coefficientsAt, fitGlmnet, linearPredictors, type GlmnetFamily, type GlmnetOptions } from './glmnet-fit.js';

export interface GlmnetModel extends FittedModel {
  /** The lambda that predictions and coefficients use (cross-validated when `lambda` was null). */
  readonly lambda: number;
}

export const glmnetLearner = {
  name: 'GLMNET',
  async fit(data: TrainingData, hyperparameters: GLMNETHyperparameters, context: FitContext): Promise<GlmnetModel> {
    const spec: DesignSpec = { featureNames: data.featureNames, featureLevels: data.featureLevels };
    const design = designMatrix(data.x, spec, false);
    const missing = firstMissing(design);
    if (missing !== null || hasMissing(data.y)) {
      throw new Error(`GLMNET does not allow missing values (${missing === null ? 'outcome' : `feature ${missing}`}); impute them in preprocessing.`);
    }
    const classes = data.classes;
    const family: GlmnetFamily = classes === null ? 'gaussian' : classes.length === 2 ? 'binomial' : 'multinomial';
    const penaltyFactor = hyperparameters.penalty_factor ?? Array.from(design.columns, () => 1);
    const options: GlmnetOptions = {
      family,
      alpha: hyperparameters.alpha,
      nlambda: hyperparameters.nlambda,
      lambdaMinRatio: null,
      lambda: hyperparameters.lambda,
      penaltyFactor,
      standardize: hyperparameters.standardize,
      intercept: hyperparameters.intercept,
    };
    const pacer = new Pacer(context);
    const nClasses = classes?.length ?? 0;
    let lambda: number;
    let path;
    if (hyperparameters.lambda === null) {
      const folds = randomFoldIds(data.y.length, DEFAULT_NFOLDS, context.random);
      const cv = await cvGlmnet(design.columns, data.y, nClasses, data.weights, options, folds, pacer);
      path = cv.fit;
      lambda = hyperparameters.which_lambda_cv === 'lambda.min' ? cv.lambdaMin : cv.lambda1se;
    } else {
      path = await fitGlmnet(design.columns, data.y, nClasses, data.weights, options, pacer);
      // rtemis predicts the first column of glmnet's predictions: the largest lambda.
      lambda = path.lambda[0]!;
    }
    const coefficients = coefficientsAt(path, lambda);
    const derived: Record<string, Value> = hyperparameters.penalty_factor === null ? { penalty_factor: penaltyFactor } : {};

    return {
      lambda,
      derived,
      predict(x: Float64Array[]): Prediction {
        const predictors = designMatrix(x, spec, false);
        const absent = firstMissing(predictors);
        if (absent !== null) throw new Error(`GLMNET cannot predict cases with missing values (feature ${absent}).`);
        const eta = linearPredictors(coefficients, predictors.columns);
        if (family === 'gaussian') return { values: eta[0]!, probabilities: null };
        const probabilities = family === 'binomial' ? binomialProbabilities(eta[0]!) : softmax(eta);
        return { values: decideClasses(probabilities), probabilities };
      },
      varimp: () =>
        family === 'multinomial'
          ? null
          : { variables: design.names, measures: [{ name: 'Coefficient', values: Float64Array.from(coefficients.beta[0]!) }] },
    };
  },
} satisfies Learner<GLMNETHyperparameters>;

function binomialProbabilities(eta: Float64Array): Float64Array[] {
  const positive = eta.map((value) => 1 / (1 + Math.exp(-value)));
  return [positive.map((p) => 1 - p), positive];
}

function softmax(eta: Float64Array[]): Float64Array[] {
  const n = eta[0]!.length;
  const out = eta.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (const column of eta) max = Math.max(max, column[i]!);
    let total = 0;
    for (let c = 0; c < eta.length; c++) {
      const value = Math.exp(eta[c]![i]! - max);
      out[c]![i] = value;
      total += value;
    }
    for (const column of out) column[i] = column[i]! / total;
  }
  return out;
}
