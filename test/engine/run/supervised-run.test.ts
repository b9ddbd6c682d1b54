import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runJob } from '../../../src/engine/run/run-job.js';
import { arrowBytes, column, RecordingIo, rowCount, trainTask, wire } from './fixtures.js';

const iris = arrowBytes('iris');
const breastCancer = arrowBytes('breast_cancer');
const boston = arrowBytes('boston');
const penguins = arrowBytes('penguins');

/** Settings that keep the ensembles small enough for a fast test. */
const SMALL: Record<string, Record<string, unknown>> = {
  GLM: {},
  CART: {},
  Ranger: { num_trees: 30 },
  LightGBM: { max_nrounds: 40, force_nrounds: 30, learning_rate: 0.1 },
  LightRF: { nrounds: 20 },
  LightCART: {},
};

const kfold5 = { type: 'KFold', n_resamples: 5, seed: 11 };

for (const algorithm of Object.keys(SMALL)) {
  test(`${algorithm}: binary classification (breast_cancer), KFold 5`, async () => {
    const result = await runJob(
      trainTask(breastCancer, { algorithm, hyperparameters: SMALL[algorithm], outer_resampling_config: kfold5 }),
      new RecordingIo(),
    );
    const object = wire(result.object);
    assert.equal(result.family, 'SupervisedRes');
    assert.equal(object['.class'], 'ClassificationRes');
    assert.equal(object.n_resamples, 5);
    const test = object.metrics_test as { mean_metrics: Record<string, number>[] };
    assert.ok(test.mean_metrics[0]!.balanced_accuracy! > 0.85, `test balanced accuracy ${test.mean_metrics[0]!.balanced_accuracy}`);
    // Every case is tested exactly once across the 5 folds; training parts hold the rest.
    const split = column(result.tables.predictions, 'split').values as string[];
    assert.equal(split.filter((value) => value === 'test').length, 569);
    assert.equal(split.filter((value) => value === 'training').length, 569 * 4);
    assert.deepEqual(result.tables.predictions!.columns.map((c) => c.name), ['split', 'fold', 'actual', 'predicted']);
    assert.equal(column(result.tables.predictions, 'actual').type, 'dictionary');
    const rocFolds = new Set(column(result.tables.roc, 'fold').values as string[]);
    assert.deepEqual([...rocFolds], ['aggregate', 'Fold_1', 'Fold_2', 'Fold_3', 'Fold_4', 'Fold_5']);
    assert.deepEqual(new Set(column(result.tables.roc, 'class').values as string[]), new Set(['malignant']));
    if (result.tables.varimp !== undefined) assert.equal(result.tables.varimp.columns[1]!.name, 'fold');
  });

  test(`${algorithm}: regression (boston), single fit`, async () => {
    const result = await runJob(trainTask(boston, { algorithm, hyperparameters: SMALL[algorithm] }), new RecordingIo());
    const object = wire(result.object);
    assert.equal(result.family, 'Supervised');
    assert.equal(object['.class'], 'Regression');
    assert.equal(object.n_features, 13);
    const rsq = (object.metrics_training as { metrics: { rsq: number }[] }).metrics[0]!.rsq;
    assert.ok(rsq > 0.6, `training rsq ${rsq}`);
    assert.match(object.description as string, /R-squared was \d\.\d\d on the training set\.$/);
    assert.deepEqual(result.tables.predictions!.columns.map((c) => c.name), ['split', 'actual', 'predicted']);
    assert.equal(rowCount(result.tables.predictions), 506);
    assert.equal(result.tables.roc, undefined);
    assert.equal(object.binclasspos, undefined);
  });
}

for (const algorithm of ['CART', 'Ranger', 'LightGBM', 'LightRF', 'LightCART']) {
  test(`${algorithm}: multiclass (iris), single fit`, async () => {
    const result = await runJob(trainTask(iris, { algorithm, hyperparameters: SMALL[algorithm] }), new RecordingIo());
    const object = wire(result.object);
    assert.equal(object['.class'], 'Classification');
    assert.equal(object.binclasspos, 2);
    const overall = (object.metrics_training as { metrics: { overall: Record<string, number>[] } }).metrics.overall[0]!;
    assert.ok(overall.balanced_accuracy! > 0.9);
    const names = result.tables.predictions!.columns.map((c) => c.name);
    assert.deepEqual(names, ['split', 'actual', 'predicted', 'prob_setosa', 'prob_versicolor', 'prob_virginica']);
    const probs = ['prob_setosa', 'prob_versicolor', 'prob_virginica'].map((name) => column(result.tables.predictions, name).values as Float64Array);
    for (let i = 0; i < 150; i++) assert.ok(Math.abs(probs[0]![i]! + probs[1]![i]! + probs[2]![i]! - 1) < 1e-9);
    assert.deepEqual(new Set(column(result.tables.roc, 'class').values as string[]), new Set(['setosa', 'versicolor', 'virginica']));
    assert.deepEqual(new Set(column(result.tables.roc, 'fold').values as string[]), new Set(['aggregate']));
  });
}

test('GLM refuses a multiclass outcome with a clear error', async () => {
  await assert.rejects(runJob(trainTask(iris, { algorithm: 'GLM' }), new RecordingIo()), /multiclass/);
});

test('binary single fit: one probability column, named after the positive (second) class', async () => {
  const twoClass = arrowBytes('iris', { rows: (_, value) => value('Species') !== 'setosa' });
  const result = await runJob(trainTask(twoClass, { algorithm: 'GLM', positive_class: 'versicolor' }), new RecordingIo());
  assert.deepEqual(result.tables.predictions!.columns.map((c) => c.name), ['split', 'actual', 'predicted', 'prob_versicolor']);
  const metrics = wire(result.object).metrics_training as { metrics: { positive_class: string } };
  assert.equal(metrics.metrics.positive_class, 'versicolor');
  assert.equal(rowCount(result.tables.varimp), 5);
  assert.equal(column(result.tables.varimp, 'variable').values[0], '(Intercept)');
});

test('penguins (strings and missing values): trees use incomplete rows; GLM asks for imputation', async () => {
  const cart = await runJob(trainTask(penguins, { algorithm: 'CART', outer_resampling_config: { type: 'KFold', n_resamples: 3 } }), new RecordingIo());
  assert.equal(rowCount(cart.tables.predictions), 344 * 3);
  // Regression on body mass with the string features `island`, `sex` and missing values.
  const bodyMass = arrowBytes('penguins', {
    columns: ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'sex', 'species', 'body_mass_g'],
  });
  await assert.rejects(runJob(trainTask(bodyMass, { algorithm: 'GLM' }), new RecordingIo()), /missing values/);
  const io = new RecordingIo();
  const glm = await runJob(
    trainTask(bodyMass, { algorithm: 'GLM', preprocessor_config: { impute: true, impute_type: 'meanMode' } }),
    io,
  );
  // Two rows have no body mass: dropped, with a message.
  assert.equal(rowCount(glm.tables.predictions), 342);
  assert.ok(io.events.some((event) => /Removed 2 cases with missing outcome/.test(event.message)));
  const object = wire(glm.object);
  assert.match(object.description as string, /Preprocessing was applied \(imputation\)\./);
  assert.equal((object.preprocessor as Record<string, unknown>)['.class'], 'Preprocessor');
});

test('a run is reproducible from execution_config.seed', async () => {
  const params = { algorithm: 'Ranger', hyperparameters: { num_trees: 20 }, outer_resampling_config: { type: 'KFold', n_resamples: 3 }, execution_config: { seed: 7 } };
  const first = wire((await runJob(trainTask(iris, params), new RecordingIo())).object);
  const second = wire((await runJob(trainTask(iris, params), new RecordingIo())).object);
  assert.deepEqual(first.metrics_test, second.metrics_test);
  assert.deepEqual(first.outer_resampler, second.outer_resampler);
  assert.equal((first.execution_config as { seed: number }).seed, 7);
});
