import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Bool,
  DateDay,
  Dictionary,
  Float16,
  Float32,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampSecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { datasetFromArrow, numericColumns } from '../../../src/engine/data/dataset.js';
import { inverseFrequencyWeights } from '../../../src/engine/data/ifw.js';
import { supervisedColumn, toSupervised, toTrainingData } from '../../../src/engine/data/supervised.js';
import { DATASETS } from '../../support/arrow-fixtures.js';
import { loadDataset } from './fixtures.js';

function roundTrip() {
  const table = new Table({
    count: vectorFromArray([3, 1, 2, 5], new Int32()),
    big: vectorFromArray([10n, -2n, null, 7n], new Int64()),
    label: vectorFromArray(['pear', 'apple', null, 'Banana'], new Utf8()),
    size: vectorFromArray([1.5, null, -0.25, 4], new Float64()),
    single: vectorFromArray([0.5, 2, null, -3], new Float32()),
    half: vectorFromArray([null, 1.5, -2.25, 8], new Float16()),
    flag: vectorFromArray([true, false, null, true], new Bool()),
    colour: vectorFromArray(['red', 'blue', 'red', null], new Dictionary(new Utf8(), new Int32())),
    day: vectorFromArray([new Date(Date.UTC(1970, 0, 3)), null, new Date(0), new Date(Date.UTC(2000, 0, 1))], new DateDay()),
    // Arrow JS takes epoch milliseconds for every timestamp unit.
    stamp: vectorFromArray([60_000, 0, null, 3_600_000], new TimestampSecond()),
  });
  return datasetFromArrow(tableToIPC(table, 'stream'));
}

test('Arrow columns decode to numeric, factor and logical columns with NaN for nulls', () => {
  const dataset = roundTrip();
  assert.equal(dataset.nRows, 4);
  const byName = Object.fromEntries(dataset.columns.map((column) => [column.name, column]));

  assert.equal(byName.count!.kind, 'numeric');
  assert.equal(byName.count!.integer, true);
  assert.deepEqual([...byName.count!.values], [3, 1, 2, 5]);

  assert.equal(byName.big!.kind, 'numeric');
  assert.equal(byName.big!.integer, true, 'int64 values that fit in int32 count as integers');
  assert.deepEqual([...byName.big!.values], [10, -2, NaN, 7]);

  assert.equal(byName.size!.kind, 'numeric');
  assert.equal(byName.size!.integer, false);
  assert.deepEqual([...byName.size!.values], [1.5, NaN, -0.25, 4]);
  assert.deepEqual([...byName.single!.values], [0.5, 2, NaN, -3]);
  assert.deepEqual([...byName.half!.values], [NaN, 1.5, -2.25, 8], 'half floats as numbers, not raw bits');

  // Sorted levels in locale order: apple < Banana < pear (case-insensitive first).
  assert.equal(byName.label!.kind, 'factor');
  assert.deepEqual(byName.label!.levels, ['apple', 'Banana', 'pear']);
  assert.deepEqual([...byName.label!.values], [2, 0, NaN, 1]);

  assert.equal(byName.colour!.kind, 'factor');
  assert.deepEqual(byName.colour!.levels, ['blue', 'red']);
  assert.deepEqual([...byName.colour!.values], [1, 0, 1, NaN]);

  assert.equal(byName.flag!.kind, 'logical');
  assert.deepEqual([...byName.flag!.values], [1, 0, NaN, 1]);

  // Dates as R's Date numbers (days), timestamps as POSIXct numbers (seconds).
  assert.deepEqual([...byName.day!.values], [2, NaN, 0, 10957]);
  assert.deepEqual([...byName.stamp!.values], [60, 0, NaN, 3600]);
});

test('penguins: string columns are factors, missing values stay NaN', () => {
  const dataset = loadDataset('penguins');
  const island = dataset.columns.find((column) => column.name === 'island')!;
  assert.deepEqual(island.levels, ['Biscoe', 'Dream', 'Torgersen']);
  const sex = dataset.columns.find((column) => column.name === 'sex')!;
  assert.deepEqual(sex.levels, ['female', 'male']);

  const csvLines = readFileSync(resolve(DATASETS, 'penguins.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const missingSex = csvLines.filter((line) => line.split(',')[5] === '').length;
  assert.ok(missingSex > 0);
  assert.equal(sex.values.filter(Number.isNaN).length, missingSex);

  const data = toSupervised(dataset);
  assert.equal(data.type, 'Classification');
  assert.deepEqual(data.classes, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.equal(data.features.length, 7);
  assert.equal(data.droppedMissingOutcome, 0);
});

test('airquality: rows with a missing outcome are dropped and counted', () => {
  const dataset = loadDataset('airquality');
  const csvLines = readFileSync(resolve(DATASETS, 'airquality.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const missingOutcome = csvLines.filter((line) => line.endsWith(',')).length;
  const data = toSupervised(dataset);
  assert.equal(data.type, 'Regression');
  assert.equal(data.classes, null);
  assert.equal(data.droppedMissingOutcome, missingOutcome);
  assert.equal(data.outcome.length, csvLines.length - missingOutcome);
  assert.ok(!data.outcome.some(Number.isNaN));
  // Features keep their own missing values (Solar.R has some among the kept rows).
  assert.ok(data.features[0]!.values.some(Number.isNaN));
  // Row map points back at the dataset.
  const ozone = dataset.columns.at(-1)!.values;
  data.rows.forEach((row, i) => assert.equal(ozone[row], data.outcome[i]));
});

test('binary outcome: second level is positive; positiveClass moves a level to second place', () => {
  const dataset = loadDataset('breast_cancer');
  const plain = toSupervised(dataset);
  assert.deepEqual(plain.classes, ['benign', 'malignant']);
  const flipped = toSupervised(dataset, { positiveClass: 'benign' });
  assert.deepEqual(flipped.classes, ['malignant', 'benign']);
  // Same cases, codes swapped.
  plain.outcome.forEach((code, i) => assert.equal(flipped.outcome[i], 1 - code));
  assert.throws(() => toSupervised(dataset, { positiveClass: 'unknown' }), /not a level/);
});

test('a weights column leaves the features; excluded columns can still be read', () => {
  const dataset = loadDataset('mtcars');
  const data = toSupervised(dataset, { weights: 'wt', exclude: ['gear'] });
  const names = data.features.map((column) => column.name);
  assert.ok(!names.includes('wt'));
  assert.ok(!names.includes('gear'));
  assert.ok(!names.includes('carb'), 'the outcome is not a feature');
  assert.equal(data.weights![0], 2.62);
  assert.deepEqual([...supervisedColumn(dataset, data, 'gear').values.slice(0, 3)], [4, 4, 4]);
});

test('toTrainingData takes a row subset of features, outcome and weights', () => {
  const dataset = loadDataset('iris');
  const data = toSupervised(dataset);
  const rows = Int32Array.from([0, 50, 149]);
  const training = toTrainingData(data, rows);
  assert.deepEqual(training.featureNames, ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width']);
  assert.deepEqual([...training.x[0]!], [5.1, 7, 5.9]);
  assert.deepEqual([...training.y], [0, 1, 2]);
  assert.deepEqual(training.classes, ['setosa', 'versicolor', 'virginica']);
  assert.equal(training.weights, null);
  assert.deepEqual(training.featureLevels, [null, null, null, null]);
});

test('inverse frequency weights: the largest class weighs 1, others n_max / n_class', () => {
  const codes = Float64Array.from([0, 0, 0, 0, 1, 1, 2]);
  assert.deepEqual([...inverseFrequencyWeights(codes, 3)], [1, 1, 1, 1, 2, 2, 4]);
});

test('numericColumns picks every numeric column, or the named ones', () => {
  const penguins = loadDataset('penguins');
  assert.deepEqual(
    numericColumns(penguins, null).map((column) => column.name),
    ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'year'],
  );
  assert.deepEqual(numericColumns(penguins, ['year', 'body_mass_g']).map((column) => column.name), ['year', 'body_mass_g']);
  assert.throws(() => numericColumns(penguins, ['island']), /not numeric/);
});
