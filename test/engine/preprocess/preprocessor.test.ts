import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectRows, type Column } from '../../../src/engine/data/dataset.js';
import { toSupervised } from '../../../src/engine/data/supervised.js';
import { fitPreprocessor, preprocessingSteps } from '../../../src/engine/preprocess/preprocessor.js';
import { unboxVectors } from '../../../src/protocol/json.js';
import { loadDataset, readReferenceJson, withOutcome } from '../data/fixtures.js';
import { preprocessorConfig } from './default-config.js';

const close = (actual: number, expected: number, tolerance: number, label = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label} ${actual} vs ${expected}`);
const column = (columns: Column[], name: string) => {
  const found = columns.find((candidate) => candidate.name === name);
  assert.ok(found, `column ${name}`);
  return found;
};
const rowsWhere = (n: number, keep: (row: number) => boolean) => Int32Array.from({ length: n }, (_, i) => i).filter(keep);

test('centre + scale on mtcars matches the reference preprocessor (glm_reg_prep_single)', () => {
  const data = toSupervised(withOutcome(loadDataset('mtcars'), 'mpg'));
  const config = preprocessorConfig({ center: true, scale: true });
  const { preprocessor, transformed } = fitPreprocessor(config, data.features);
  const reference = readReferenceJson('glm_reg_prep_single', 'summary.json');
  const json = unboxVectors(preprocessor.toJson()) as any;
  assert.deepEqual(Object.keys(json), ['.class', 'config', 'values']);
  assert.deepEqual(Object.keys(json.config), Object.keys(reference.preprocessor.config));
  assert.deepEqual(json.config, reference.preprocessor.config);
  assert.deepEqual(Object.keys(json.values), Object.keys(reference.preprocessor.values));
  json.values.scale_centers.forEach((value: number, j: number) => close(value, reference.preprocessor.values.scale_centers[j], 6e-5));
  json.values.scale_coefficients.forEach((value: number, j: number) =>
    close(value, reference.preprocessor.values.scale_coefficients[j], 6e-5),
  );
  assert.deepEqual(preprocessor.outputNames, reference.xnames);
  reference.preprocessor.preprocessed.slice(0, 5).forEach((row: Record<string, number>, i: number) => {
    for (const [name, value] of Object.entries(row)) close(column(transformed, name).values[i]!, value, 6e-5, name);
  });
  assert.deepEqual(preprocessingSteps(config), ['centering', 'scaling']);
  assert.match(reference.description, /Preprocessing was applied \(centering, scaling\)/);
});

test('values are learned on the training rows only and replayed on other rows', () => {
  const data = toSupervised(withOutcome(loadDataset('mtcars'), 'mpg'));
  const train = rowsWhere(32, (row) => row % 2 === 0);
  const held = rowsWhere(32, (row) => row % 2 === 1);
  const { preprocessor } = fitPreprocessor(
    preprocessorConfig({ center: true, scale: true }),
    data.features.map((c) => selectRows(c, train)),
  );
  const applied = preprocessor.apply(data.features.map((c) => selectRows(c, held)));
  const hp = column(data.features, 'hp').values;
  const trainHp = [...train].map((row) => hp[row]!);
  const mean = trainHp.reduce((a, b) => a + b, 0) / trainHp.length;
  const sd = Math.sqrt(trainHp.reduce((a, b) => a + (b - mean) ** 2, 0) / (trainHp.length - 1));
  [...held].forEach((row, i) => close(column(applied, 'hp').values[i]!, (hp[row]! - mean) / sd, 1e-12));
});

test('penguins: missingness indicators, meanMode imputation and one-hot encoding', () => {
  const data = toSupervised(loadDataset('penguins'));
  const n = data.outcome.length;
  const train = rowsWhere(n, (row) => row % 4 !== 0);
  const held = rowsWhere(n, (row) => row % 4 === 0);
  const config = preprocessorConfig({ missingness: true, impute: true, impute_type: 'meanMode', one_hot: true });
  const { preprocessor, transformed } = fitPreprocessor(config, data.features.map((c) => selectRows(c, train)));

  const sex = column(data.features, 'sex');
  const bill = column(data.features, 'bill_length_mm');
  // Mode of sex and mean of bill length over the training rows, computed here directly.
  const sexCounts = [0, 0];
  let billSum = 0;
  let billN = 0;
  for (const row of train) {
    if (!Number.isNaN(sex.values[row]!)) sexCounts[sex.values[row]!]!++;
    if (!Number.isNaN(bill.values[row]!)) (billSum += bill.values[row]!), billN++;
  }
  const modeLevel = sex.levels![sexCounts[1]! >= sexCounts[0]! ? 1 : 0]!;
  const billMean = billSum / billN;

  const names = preprocessor.outputNames;
  for (const expected of ['island_Biscoe', 'island_Dream', 'island_Torgersen', 'sex_female', 'sex_male', 'sex_missing_0', 'sex_missing_1', 'bill_length_mm_missing_1']) {
    assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
  }
  assert.ok(transformed.every((c) => !c.values.some(Number.isNaN)), 'nothing missing after imputation');

  const applied = preprocessor.apply(data.features.map((c) => selectRows(c, held)));
  assert.deepEqual(applied.map((c) => c.name), names, 'same columns on new rows');
  [...held].forEach((row, i) => {
    const missingSex = Number.isNaN(sex.values[row]!);
    assert.equal(column(applied, 'sex_missing_1').values[i], missingSex ? 1 : 0);
    if (missingSex) assert.equal(column(applied, `sex_${modeLevel}`).values[i], 1);
    if (Number.isNaN(bill.values[row]!)) close(column(applied, 'bill_length_mm').values[i]!, billMean, 1e-12);
    const island = column(data.features, 'island');
    assert.equal(column(applied, `island_${island.levels![island.values[row]!]}`).values[i], 1);
  });
  assert.deepEqual(
    (unboxVectors(preprocessor.toJson()) as any).values.one_hot_levels.island,
    ['Biscoe', 'Dream', 'Torgersen'],
  );
});

test('feature removal: named, constant, and by missingness threshold (learned on training rows)', () => {
  const data = toSupervised(loadDataset('airquality'));
  const constant: Column = { name: 'constant', kind: 'numeric', values: new Float64Array(data.outcome.length).fill(3), levels: null, integer: false, arrowType: 'test' };
  const features = [...data.features, constant];
  const solar = column(data.features, 'Solar.R').values;
  const solarMissing = solar.filter(Number.isNaN).length / solar.length;
  assert.ok(solarMissing > 0);
  const { preprocessor } = fitPreprocessor(
    preprocessorConfig({ remove_features: ['Day'], remove_constants: true, remove_features_thres: solarMissing }),
    features,
  );
  assert.deepEqual(preprocessor.outputNames, ['Wind', 'Temp', 'Month']);
  const kept = fitPreprocessor(preprocessorConfig({ remove_features_thres: solarMissing + 1e-9 }), features).preprocessor;
  assert.ok(kept.outputNames.includes('Solar.R'));
});

test('factor2integer codes from 0 and is not scaled; integer2factor and numeric cuts make factors', () => {
  const data = toSupervised(loadDataset('penguins'));
  const { transformed } = fitPreprocessor(preprocessorConfig({ factor2integer: true, center: true, scale: true }), data.features);
  const island = column(transformed, 'island');
  assert.equal(island.kind, 'numeric');
  assert.deepEqual([...new Set(island.values)].sort(), [0, 1, 2]);
  const year = column(data.features, 'year');
  assert.ok(Math.abs(column(transformed, 'year').values.reduce((a, b) => a + b, 0)) < 1e-6, 'numeric features centred');
  assert.equal(year.kind, 'numeric');

  const asFactors = fitPreprocessor(preprocessorConfig({ unique_len2factor: 3 }), data.features).transformed;
  assert.deepEqual(column(asFactors, 'year').levels, ['2007', '2008', '2009']);

  const cut = fitPreprocessor(preprocessorConfig({ numeric_cut_n: 4 }), data.features).transformed;
  const flipper = column(cut, 'flipper_length_mm');
  assert.equal(flipper.kind, 'factor');
  assert.deepEqual(flipper.levels, ['1', '2', '3', '4']);
  // flipper 172 (the minimum) falls in bin 1, 231 (the maximum) in bin 4.
  const raw = column(data.features, 'flipper_length_mm').values;
  raw.forEach((value, i) => {
    if (value === 172) assert.equal(flipper.values[i], 0);
    if (value === 231) assert.equal(flipper.values[i], 3);
  });

  const labelled = fitPreprocessor(preprocessorConfig({ numeric_cut_n: 2, numeric_cut_labels: true }), [column(data.features, 'flipper_length_mm')]);
  // R: levels(cut(c(172, 231), 2)) → "(172,202]" "(202,231]"
  assert.deepEqual(labelled.transformed[0]!.levels, ['(172,202]', '(202,231]']);
});

test('case-removing options and unavailable imputers are refused', () => {
  const data = toSupervised(loadDataset('iris'));
  assert.throws(() => fitPreprocessor(preprocessorConfig({ complete_cases: true }), data.features), /removes cases/);
  assert.throws(() => fitPreprocessor(preprocessorConfig({ remove_cases_thres: 0.5 }), data.features), /remove_cases_thres/);
  assert.throws(() => fitPreprocessor(preprocessorConfig({ impute: true, impute_type: 'missRanger' }), data.features), /missRanger/);
});
