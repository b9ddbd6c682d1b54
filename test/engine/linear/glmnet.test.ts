/**
 * The GLMNET solver against R glmnet 4.1 on the shared datasets. The expected numbers were
 * produced by R itself (test/bench/engine/glmnet-reference.R → test/fixtures/glmnet/
 * reference.json); every fit here is computed by the engine. Coefficients must agree within
 * 1e-4 relative at the same lambda, along whole paths (gaussian, binomial, multinomial,
 * with weights, penalty factors, no standardisation, no intercept, ridge and elastic net),
 * and cv.glmnet on given fold ids must find the same cross-validation curve and lambdas. The
 * learner (cv.glmnet or given lambdas, predictions, variable importance, errors, checkpoints)
 * is tested at the end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toSupervised, toTrainingData } from '../../../src/engine/data/supervised.js';
import type { TrainingData } from '../../../src/engine/learner.js';
import { designMatrix } from '../../../src/engine/linear/design.js';
import { cvGlmnet } from '../../../src/engine/linear/glmnet/cv-glmnet.js';
import { coefficientsAt, fitGlmnet, type GlmnetFamily, type GlmnetPath } from '../../../src/engine/linear/glmnet/glmnet-fit.js';
import { glmnetLearner } from '../../../src/engine/linear/glmnet/glmnet.js';
import { penaltyCentre } from '../../../src/engine/linear/glmnet/multinomial-path.js';
import { defaultHyperparameters } from '../../../src/engine/catalog/defaults.js';
import { createRandom } from '../../../src/engine/random.js';
import { Pacer } from '../../../src/engine/trees/pacer.js';
import { FIXTURES_DIR } from '../../support/fixture-paths.js';
import { loadDataset, subsetRows } from '../data/fixtures.js';

interface PathCase {
  name: string;
  dataset: string;
  family: GlmnetFamily;
  options: {
    alpha: number;
    standardize: boolean;
    intercept: boolean;
    weights: boolean;
    penalty_factor: number[];
    nlambda: number | null;
    lambda: number[] | null;
    two_class_iris: boolean;
  };
  n: number;
  variables: string[];
  lambda: number[];
  dev_ratio: number[];
  nulldev: number;
  /** a0[class][point] */
  a0: number[][];
  /** beta[class][point][variable] */
  beta: number[][][];
}

interface CvCase {
  name: string;
  dataset: string;
  family: GlmnetFamily;
  options: { alpha: number; weights: boolean };
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  lambda_min: number;
  lambda_1se: number;
}

const reference = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'glmnet/reference.json'), 'utf8')) as { paths: PathCase[]; cv: CvCase[] };
const pacer = new Pacer({ random: () => 0.5, checkpoint: async () => {} });

/** The dataset as glmnet-reference.R reads it: complete rows, factors dummy-coded. */
function referenceDesign(name: string, twoClassIris = false): { data: TrainingData; x: Float64Array[]; names: string[] } {
  let dataset = loadDataset(name);
  if (twoClassIris) {
    const species = dataset.columns.at(-1)!;
    const rows = [...species.values.keys()].filter((i) => species.levels![species.values[i]!] !== 'setosa');
    dataset = subsetRows(dataset, rows);
  }
  const complete = [...Array(dataset.nRows).keys()].filter((i) => dataset.columns.every((column) => !Number.isNaN(column.values[i]!)));
  dataset = subsetRows(dataset, complete);
  const supervised = toSupervised(dataset);
  const data = toTrainingData(supervised, Int32Array.from(supervised.outcome.keys()));
  const design = designMatrix(data.x, data, false);
  return { data, x: design.columns, names: design.names };
}

/** The script's deterministic weights and fold ids. */
const caseWeights = (n: number) => Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
const foldIds = (n: number) => Int32Array.from({ length: n }, (_, i) => ((i * 7) % 10) + 1);

/**
 * |ours − R| ≤ 1e-4 · max(|R|, 1e-3 · largest |R| of that set of coefficients, 1e-8):
 * relative, with floors for coefficients at ~0 (and all-zero fits at the path's start).
 */
function assertClose(ours: number, expected: number, scale: number, label: string): void {
  const tolerance = 1e-4 * Math.max(Math.abs(expected), 1e-3 * scale, 1e-8);
  assert.ok(Math.abs(ours - expected) <= tolerance, `${label}: ours ${ours}, glmnet ${expected} (tolerance ${tolerance.toExponential(2)})`);
}

for (const c of reference.paths) {
  test(`glmnet path: ${c.name}`, async () => {
    const { data, x, names } = referenceDesign(c.dataset, c.options.two_class_iris);
    // R's model.matrix backquotes non-syntactic names (`mean radius`).
    assert.deepEqual(names, c.variables.map((name) => name.replace(/^`(.*)`$/, '$1')));
    assert.equal(data.y.length, c.n);
    const path: GlmnetPath = await fitGlmnet(
      x,
      data.y,
      data.classes?.length ?? 0,
      c.options.weights ? caseWeights(c.n) : null,
      {
        family: c.family,
        alpha: c.options.alpha,
        nlambda: c.options.nlambda ?? 100,
        lambdaMinRatio: null,
        lambda: c.options.lambda,
        penaltyFactor: c.options.penalty_factor,
        standardize: c.options.standardize,
        intercept: c.options.intercept,
      },
      pacer,
    );
    assert.equal(path.lambda.length, c.lambda.length, 'path length (early stopping)');
    const nullScale = Math.abs(c.nulldev);
    assertClose(path.nullDeviance, c.nulldev, nullScale, 'null deviance');
    c.lambda.forEach((lambda, point) => {
      assertClose(path.lambda[point]!, lambda, lambda, `lambda ${point + 1}`);
      assertClose(path.devRatio[point]!, c.dev_ratio[point]!, 1, `dev.ratio ${point + 1}`);
      const ours = coefficientsAt(path, path.lambda[point]!);
      const scale = Math.max(...c.beta.flatMap((perClass) => perClass[point]!.map(Math.abs)), ...c.a0.map((perClass) => Math.abs(perClass[point]!)));
      c.beta.forEach((perClass, output) => {
        assertClose(ours.intercepts[output]!, c.a0[output]![point]!, scale, `intercept ${output + 1} at lambda ${point + 1}`);
        perClass[point]!.forEach((value, j) => assertClose(ours.beta[output]![j]!, value, scale, `${c.variables[j]} (class ${output + 1}) at lambda ${point + 1}`));
      });
    });
  });
}

for (const c of reference.cv) {
  test(`cv.glmnet on fixed folds: ${c.name}`, async () => {
    const { data, x } = referenceDesign(c.dataset);
    const n = data.y.length;
    const result = await cvGlmnet(
      x,
      data.y,
      data.classes?.length ?? 0,
      c.options.weights ? caseWeights(n) : null,
      { family: c.family, alpha: c.options.alpha, nlambda: 100, lambdaMinRatio: null, lambda: null, penaltyFactor: null, standardize: true, intercept: true },
      foldIds(n),
      pacer,
    );
    assert.equal(result.lambda.length, c.lambda.length);
    c.lambda.forEach((lambda, l) => {
      assertClose(result.lambda[l]!, lambda, lambda, `lambda ${l + 1}`);
      assertClose(result.cvm[l]!, c.cvm[l]!, c.cvm[l]!, `cvm ${l + 1}`);
      assertClose(result.cvsd[l]!, c.cvsd[l]!, c.cvsd[l]!, `cvsd ${l + 1}`);
    });
    assertClose(result.lambdaMin, c.lambda_min, c.lambda_min, 'lambda.min');
    assertClose(result.lambda1se, c.lambda_1se, c.lambda_1se, 'lambda.1se');
  });
}

test("elc: the penalty-minimising centre of one variable's class coefficients", () => {
  const a = Float64Array.of(-1, 0.5, 2, 4);
  assert.equal(penaltyCentre(0, a), 1.375);
  assert.equal(penaltyCentre(1, a), 1.25);
  assert.equal(penaltyCentre(0.3, Float64Array.of(1, 2)), 1.5);
  // Between mean and median, minimising Σ (1−α)/2 (a−s)² + α|a−s|.
  const alpha = 0.5;
  const objective = (s: number) => [...a].reduce((sum, value) => sum + ((1 - alpha) / 2) * (value - s) ** 2 + alpha * Math.abs(value - s), 0);
  const centre = penaltyCentre(alpha, a);
  for (let s = -1; s <= 4; s += 0.01) assert.ok(objective(centre) <= objective(s) + 1e-12);
});

// The learner as rtemis's train_GLMNET: cv.glmnet when lambda is null, glmnet at given lambdas.
const defaults = { ...defaultHyperparameters('GLMNET'), ifw: false };
const context = (seed = 1) => ({ random: createRandom(seed), checkpoint: async () => {} });

test('learner, lambda null: cross-validated, predicting at lambda.1se or lambda.min (the smaller)', async () => {
  const { data } = referenceDesign('breast_cancer');
  const oneSe = await glmnetLearner.fit(data, defaults, context());
  const min = await glmnetLearner.fit(data, { ...defaults, which_lambda_cv: 'lambda.min' }, context());
  assert.ok(min.lambda <= oneSe.lambda);
  const prediction = oneSe.predict(data.x);
  assert.equal(prediction.probabilities!.length, 2);
  prediction.probabilities![0]!.forEach((p, i) => assert.ok(Math.abs(p + prediction.probabilities![1]![i]! - 1) < 1e-12));
  prediction.values.forEach((value, i) => assert.equal(value, prediction.probabilities![1]![i]! >= 0.5 ? 1 : 0));
  const varimp = oneSe.varimp()!;
  assert.equal(varimp.variables.length, 30);
  assert.equal(varimp.measures[0]!.name, 'Coefficient');
  assert.deepEqual(oneSe.derived, { penalty_factor: Array(30).fill(1) });
});

test('learner, lambda given: the path at those lambdas, predictions and coefficients at the largest', async () => {
  const c = reference.paths.find((path) => path.name === 'multinomial lasso, iris')!;
  const { data } = referenceDesign('iris');
  const point = 20;
  const model = await glmnetLearner.fit(data, { ...defaults, lambda: [c.lambda[point + 5]!, c.lambda[point]!] }, context());
  assert.equal(model.lambda, c.lambda[point]);
  // Multinomial: no coefficients as variable importance (rtemis returns none).
  assert.equal(model.varimp(), null);
  const prediction = model.predict(data.x);
  const eta = c.beta.map((perClass, k) => perClass[point]!.reduce((sum, b, j) => sum + b * data.x[j]![0]!, c.a0[k]![point]!));
  const expected = eta.map((value) => Math.exp(value) / eta.reduce((sum, e) => sum + Math.exp(e), 0));
  expected.forEach((p, k) => assert.ok(Math.abs(prediction.probabilities![k]![0]! - p) < 1e-5, `class ${k}`));
});

test('learner: missing values and a penalty_factor of the wrong length are clear errors; the fit awaits its checkpoint', async () => {
  const { data } = referenceDesign('boston');
  const withMissing = { ...data, x: data.x.map((column, j) => (j === 2 ? Float64Array.from(column, (v, i) => (i === 5 ? NaN : v)) : column)) };
  await assert.rejects(glmnetLearner.fit(withMissing, defaults, context()), /GLMNET does not allow missing values \(feature indus\)/);
  await assert.rejects(glmnetLearner.fit(data, { ...defaults, penalty_factor: [1, 2] }, context()), /expected length 13, got 2/);
  let calls = 0;
  const cancelling = {
    random: createRandom(1),
    checkpoint: async () => {
      calls += 1;
      throw new Error('cancelled');
    },
  };
  // A checkpoint that rejects stops cv.glmnet (the pacer calls it every 20 ms of compute).
  const slow = { ...data, x: data.x.map((column) => Float64Array.from({ length: 20 * column.length }, (_, i) => column[i % column.length]! + i * 1e-9)), y: Float64Array.from({ length: 20 * data.y.length }, (_, i) => data.y[i % data.y.length]!) };
  await assert.rejects(glmnetLearner.fit(slow, defaults, cancelling), /cancelled/);
  assert.ok(calls >= 1);
});
