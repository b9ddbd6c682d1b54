import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationMetrics, classificationMetricsJson } from '../../../src/engine/metrics/classification.js';
import { regressionMetrics, regressionMetricsJson } from '../../../src/engine/metrics/regression.js';
import { classificationMetricsResJson, regressionMetricsResJson, summariseRows } from '../../../src/engine/metrics/resampled.js';
import { rocCurve } from '../../../src/engine/metrics/roc.js';
import { createRandom } from '../../../src/engine/random.js';
import { readReferenceJson } from '../data/fixtures.js';

/** Cases from confusion counts: cells[reference][predicted], codes in class order. */
function casesFrom(cells: number[][]): { actual: number[]; predicted: number[] } {
  const actual: number[] = [];
  const predicted: number[] = [];
  cells.forEach((row, r) =>
    row.forEach((count, p) => {
      for (let i = 0; i < count; i++) {
        actual.push(r);
        predicted.push(p);
      }
    }),
  );
  return { actual, predicted };
}

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-9) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

test('binary metrics by hand: positive (second) class first', () => {
  // classes [neg, pos]; truth pos: 8 right, 2 wrong; truth neg: 15 right, 5 wrong.
  const { actual, predicted } = casesFrom([
    [15, 5],
    [2, 8],
  ]);
  const metrics = classificationMetrics({ actual, predicted, probabilities: null, classes: ['neg', 'pos'], sample: 'Test' });
  assert.deepEqual(metrics.levels, ['pos', 'neg']);
  assert.deepEqual(metrics.confusion, [
    [8, 2],
    [5, 15],
  ]);
  assert.equal(metrics.positiveClass, 'pos');
  const o = metrics.overall;
  assert.deepEqual(Object.keys(o), ['sensitivity', 'specificity', 'balanced_accuracy', 'ppv', 'npv', 'f1', 'accuracy']);
  close(o.sensitivity, 8 / 10);
  close(o.specificity, 15 / 20);
  close(o.balanced_accuracy, (0.8 + 0.75) / 2);
  close(o.ppv, 8 / 13);
  close(o.npv, 15 / 17);
  close(o.f1, (2 * (8 / 13) * 0.8) / (8 / 13 + 0.8));
  close(o.accuracy, 23 / 30);
  // The negative class's row is the mirror image.
  close(metrics.perClass[1]!.row.sensitivity, 15 / 20);
  const json = classificationMetricsJson(metrics) as any;
  assert.deepEqual(json.confusion_long, [
    { reference: 'pos', predicted: 'pos', n: 8 },
    { reference: 'neg', predicted: 'pos', n: 5 },
    { reference: 'pos', predicted: 'neg', n: 2 },
    { reference: 'neg', predicted: 'neg', n: 15 },
  ]);
  assert.equal(json.metrics.positive_class, 'pos');
  assert.equal(json.metrics.class[0].level, 'pos');
});

test('AUC and Brier score from the positive-class probability', () => {
  // Scores for positives {0.9, 0.6, 0.4}, negatives {0.6, 0.2}: pairs (pos > neg) 0.9>0.6, 0.9>0.2,
  // 0.6=0.6 (½), 0.6>0.2, 0.4<0.6, 0.4>0.2 → (5 - 1 + 0.5)/6 = 4.5/6.
  const positive = [0.9, 0.6, 0.4, 0.6, 0.2];
  const actual = [1, 1, 1, 0, 0];
  const predicted = positive.map((p) => (p >= 0.5 ? 1 : 0));
  const metrics = classificationMetrics({
    actual,
    predicted,
    probabilities: [positive.map((p) => 1 - p), positive],
    classes: ['a', 'b'],
    sample: 'Training',
  });
  close(metrics.overall.auc, 4.5 / 6);
  const brier = (0.1 ** 2 + 0.4 ** 2 + 0.6 ** 2 + 0.6 ** 2 + 0.2 ** 2) / 5;
  close(metrics.overall.brier_score, brier);
  assert.deepEqual(Object.keys(metrics.overall).slice(-2), ['auc', 'brier_score']);
});

test('multiclass metrics: macro balanced accuracy and F1 over the classes present in the true values; 0/0 is null per class', () => {
  const { actual, predicted } = casesFrom([
    [5, 0, 0],
    [0, 3, 2],
    [0, 0, 0],
  ]);
  const metrics = classificationMetrics({ actual, predicted, probabilities: null, classes: ['x', 'y', 'z'], sample: 'Test' });
  assert.equal(metrics.positiveClass, null);
  assert.deepEqual(Object.keys(metrics.overall), ['balanced_accuracy', 'f1', 'accuracy']);
  close(metrics.overall.accuracy, 8 / 10);
  // Class z never occurs: its per-class sensitivity and F1 are 0/0 (null), and the macro
  // averages are taken over x and y only, as scikit-learn does.
  assert.equal(metrics.perClass[2]!.row.sensitivity, null);
  assert.equal(metrics.perClass[2]!.row.f1, null);
  close(metrics.perClass[2]!.row.ppv, 0);
  close(metrics.overall.balanced_accuracy, (1 + 3 / 5) / 2);
  // F1: x = 2·5 / (5 + 5) = 1, y = 2·3 / (3 + 5) = 0.75.
  close(metrics.overall.f1, (1 + 0.75) / 2);
  close(metrics.perClass[1]!.row.sensitivity, 3 / 5);
  close(metrics.perClass[1]!.row.specificity, 5 / 5);
});

test('multiclass macro-F1 counts a present class that is never predicted as 0 (its per-class F1 stays null)', () => {
  const { actual, predicted } = casesFrom([
    [4, 0, 0],
    [0, 4, 0],
    [1, 1, 0],
  ]);
  const metrics = classificationMetrics({ actual, predicted, probabilities: null, classes: ['x', 'y', 'z'], sample: 'Test' });
  assert.equal(metrics.perClass[2]!.row.f1, null);
  close(metrics.overall.balanced_accuracy, (1 + 1 + 0) / 3);
  // x: 2·4 / (5 + 4), y: the same, z: 0.
  close(metrics.overall.f1, (8 / 9 + 8 / 9 + 0) / 3);
});

test('per-fold metrics and their mean/SD reproduce the GLM reference (glm_binary_cv)', () => {
  const slice = readReferenceJson('glm_binary_cv', 'metrics_slice.json');
  for (const sample of ['training', 'test'] as const) {
    const reference = slice[sample];
    const perFold = Object.entries<any>(reference.res_metrics).map(([name, fold]) => {
      // Rebuild cases from the long confusion cells: [pos, neg] order, positive = second class.
      const levels: string[] = [fold.confusion_long[0].reference, fold.confusion_long[1].reference];
      const classes = [levels[1]!, levels[0]!];
      const actual: number[] = [];
      const predicted: number[] = [];
      for (const cell of fold.confusion_long) {
        for (let i = 0; i < cell.n; i++) {
          actual.push(classes.indexOf(cell.reference));
          predicted.push(classes.indexOf(cell.predicted));
        }
      }
      const metrics = classificationMetrics({ actual, predicted, probabilities: null, classes, sample: fold.sample });
      for (const [key, value] of Object.entries(metrics.overall)) close(value, fold.metrics.overall[0][key], 6e-5);
      assert.deepEqual((classificationMetricsJson(metrics) as any).confusion_long, fold.confusion_long);
      // Per-class rows too.
      metrics.perClass.forEach(({ level, row }, c) => {
        assert.equal(level, fold.metrics.class[c].level);
        for (const [key, value] of Object.entries(row)) close(value, fold.metrics.class[c][key], 6e-5);
      });
      return { name, metrics };
    });
    const aggregated = classificationMetricsResJson(reference.sample, perFold) as any;
    assert.deepEqual(aggregated.confusion_long, reference.confusion_long);
    assert.deepEqual(Object.keys(aggregated), ['.class', 'sample', 'confusion_long', 'res_metrics', 'mean_metrics', 'sd_metrics']);
    // Mean/SD of the reference's own per-fold rows (incl. auc, brier) against its aggregates.
    const summary = summariseRows(Object.values<any>(reference.res_metrics).map((fold) => fold.metrics.overall[0]));
    for (const [key, value] of Object.entries(summary.mean)) close(value, reference.mean_metrics[0][key], 2e-4);
    for (const [key, value] of Object.entries(summary.sd)) close(value, reference.sd_metrics[0][key], 2e-4);
  }
});

test('regression metrics by hand and the resampled aggregate', () => {
  const actual = [3, 5, 7, 9];
  const predicted = [2, 5, 8, 11];
  const metrics = regressionMetrics({ actual, predicted, sample: 'Test' });
  assert.deepEqual(Object.keys(metrics.overall), ['mae', 'mse', 'rmse', 'rsq']);
  close(metrics.overall.mae, (1 + 0 + 1 + 2) / 4);
  close(metrics.overall.mse, (1 + 0 + 1 + 4) / 4);
  close(metrics.overall.rmse, Math.sqrt(1.5));
  close(metrics.overall.rsq, 1 - 6 / 20);
  assert.deepEqual(regressionMetricsJson(metrics), { '.class': 'RegressionMetrics', sample: 'Test', metrics: [metrics.overall] });

  const other = regressionMetrics({ actual, predicted: actual, sample: 'Test' });
  const res = regressionMetricsResJson('Test', [
    { name: 'Fold_1', metrics },
    { name: 'Fold_2', metrics: other },
  ]) as any;
  assert.deepEqual(Object.keys(res.res_metrics), ['Fold_1', 'Fold_2']);
  close(res.mean_metrics[0].mse, 0.75);
  close(res.sd_metrics[0].mse, Math.sqrt(((1.5 - 0.75) ** 2 * 2) / 1));
  const single = regressionMetricsResJson('Test', [{ name: 'Fold_1', metrics }]) as any;
  assert.equal(single.sd_metrics[0].mae, null, 'one resample has no SD');
});

test('ROC: vertices sorted from (0,0) to (1,1), ties move diagonally, AUC = Mann–Whitney', () => {
  const curve = rocCurve([1, 1, 1, 0, 0], [0.9, 0.6, 0.4, 0.6, 0.2]);
  assert.deepEqual([...curve.fpr], [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual([...curve.tpr], [0, 1 / 3, 2 / 3, 1, 1]);
  close(curve.auc, 4.5 / 6);
  const missing = rocCurve([1, 0, 1, 0], [NaN, 0.5, 0.7, -Infinity]);
  assert.deepEqual([...missing.fpr], [0, 0, 0.5, 1], 'a missing score ranks lowest, tied with -Infinity');
  assert.deepEqual([...missing.tpr], [0, 0.5, 0.5, 1]);
  close(missing.auc, 0.625);
  const oneClass = rocCurve([1, 1], [0.2, 0.3]);
  assert.ok(Number.isNaN(oneClass.auc));
  assert.equal(oneClass.fpr.length, 0);
});

test('ROC of many distinct scores is down-sampled to at most 1000 sorted vertices, AUC unchanged', () => {
  const random = createRandom(3);
  const n = 5000;
  const labels = Array.from({ length: n }, () => (random() < 0.4 ? 1 : 0));
  const scores = labels.map((label) => random() + 0.3 * label);
  const curve = rocCurve(labels, scores);
  assert.ok(curve.fpr.length <= 1000);
  assert.equal(curve.fpr[0], 0);
  assert.equal(curve.tpr.at(-1), 1);
  for (let i = 1; i < curve.fpr.length; i++) {
    assert.ok(curve.fpr[i]! >= curve.fpr[i - 1]! && curve.tpr[i]! >= curve.tpr[i - 1]!);
  }
  // Brute-force pair count.
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < n; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  close(curve.auc, wins / pairs, 1e-9);
});
