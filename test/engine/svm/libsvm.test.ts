import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapse, pairDecisions, regressionValues } from '../../../src/engine/svm/libsvm-predict.js';
import { trainClassifier, trainRegressor, type SolverSettings } from '../../../src/engine/svm/libsvm-train.js';
import { coupleProbabilities } from '../../../src/engine/svm/platt.js';
import { createRandom } from '../../../src/engine/random.js';
import type { DenseRows } from '../../../src/engine/svm/kernel.js';
import { asList, prepare, referenceCases, type ReferenceCase } from './e1071-reference.js';

const tools = { random: () => 0.5, checkpoint: async () => {} };
const linear: SolverSettings = { kernel: { type: 'linear', gamma: 0 }, tolerance: 0.001, shrinking: true, cacheBytes: 1 << 20, storeBytes: 1 << 20 };
const rows = (values: number[][]): DenseRows => ({ values: Float64Array.from(values.flat()), n: values.length, p: values[0]!.length });
const close = (actual: number, expected: number, tolerance: number, label: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected} (± ${tolerance})`);

test('C-SVC finds the maximum-margin line of a separable problem', async () => {
  // Class 0 at x1 = 0, class 1 at x1 = 2: the separator is x1 = 1 with margin 1, so
  // f(x) = 1 − x1 (positive for class 0, the class seen first): w = (−1, 0), rho = −1.
  const data = rows([[0, 0], [2, 0], [0, 1], [2, 1], [-1, 0.5], [3, 0.5]]);
  const model = await trainClassifier(data, Int32Array.from([0, 1, 0, 1, 0, 1]), Float64Array.from([100, 100]), false, linear, tools);
  const [pair] = model.pairs;
  assert.equal(pair!.first, 0);
  const w = collapse(model.supportVectors, pair!.sv, pair!.coef);
  close(w[0]!, -1, 1e-3, 'w1');
  close(w[1]!, 0, 1e-3, 'w2');
  close(pair!.rho, -1, 1e-3, 'rho');
  // The two outermost points lie beyond the margin and are not support vectors.
  const supportX1 = Array.from({ length: model.supportVectors.n }, (_, s) => model.supportVectors.values[2 * s]!);
  assert.ok(supportX1.every((x1) => x1 === 0 || x1 === 2), `support vectors at x1 = ${supportX1.join(', ')}`);
  const decisions = pairDecisions(model, rows([[0.5, 0], [1.5, 0]]))[0]!;
  close(decisions[0]!, 0.5, 1e-3, 'f(0.5)');
  close(decisions[1]!, -0.5, 1e-3, 'f(1.5)');
});

test('ε-SVR finds the flattest line within the tube', async () => {
  // y = 2x at x = 0..4 with ε = 0.1: the flattest f with |y − f| ≤ 0.1 everywhere is
  // f(x) = 1.95x + 0.1 (touching the tube at x = 0 and x = 4).
  const data = rows([[0], [1], [2], [3], [4]]);
  const model = await trainRegressor(data, Float64Array.from([0, 2, 4, 6, 8]), 1000, 0.1, linear, tools);
  const w = collapse(model.supportVectors, Int32Array.from(model.coef.keys()), model.coef);
  close(w[0]!, 1.95, 1e-3, 'slope');
  close(-model.rho, 0.1, 1e-3, 'intercept');
  const fitted = regressionValues(model, rows([[0], [4]]));
  close(fitted[0]!, 0.1, 1e-3, 'f(0)');
  close(fitted[1]!, 7.9, 1e-3, 'f(4)');
});

test('pairwise coupling recovers class probabilities from consistent pairwise ones', () => {
  const p = [0.5, 0.3, 0.15, 0.05];
  const r = p.map((pi) => Float64Array.from(p, (pj) => pi / (pi + pj)));
  const coupled = coupleProbabilities(r);
  p.forEach((expected, k) => close(coupled[k]!, expected, 1e-3, `p${k}`));
  close(coupled.reduce((sum, value) => sum + value, 0), 1, 1e-9, 'sum');
});

/** The reference values of pair `name` ("A/B"), or of the only decision function. */
function referenceDecisions(reference: ReferenceCase, index: number): number[] {
  const values = reference.decision_values;
  return typeof values[0] === 'number' ? (values as number[]) : (values as number[][])[index]!;
}

// Decision values agree with e1071 to its 12 printed digits on almost every fit; a
// tolerance of 1e-3 of the values' spread allows the solver to take another path on
// near-ties (float rounding) while still converging within libsvm's tolerance.
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

for (const reference of referenceCases()) {
  test(`e1071 ${reference.id}: same support vectors, rho and decision values`, async () => {
    const prepared = prepare(reference);
    assert.equal(prepared.design.n, reference.rows);
    // R's make.names turns spaces into dots; otherwise the design columns are the same.
    assert.deepEqual(prepared.names.map((name) => name.replace(/[^A-Za-z0-9._]/g, '.')), reference.features.map((name) => name.replace(/[^A-Za-z0-9._]/g, '.')));
    if (reference.task === 'regression') {
      const model = await trainRegressor(prepared.design, prepared.y, reference.cost, 0.1, prepared.settings, tools);
      close(model.supportVectors.n, reference.total_sv, Math.ceil(reference.total_sv * 0.01), 'support vectors');
      close(model.rho, reference.rho as number, 1e-3, 'rho');
      const scale = prepared.yScale!;
      const fitted = regressionValues(model, prepared.design).map((value) => value * scale.scale + scale.center);
      const tolerance = 1e-3 * spread(reference.fitted!);
      fitted.forEach((value, i) => close(value, reference.fitted![i]!, tolerance, `fitted ${i}`));
      if (reference.coef !== undefined) {
        const w = collapse(model.supportVectors, Int32Array.from(model.coef.keys()), model.coef);
        [-model.rho, ...w].forEach((value, j) => close(value, reference.coef![j]!, 1e-3, reference.coef_names![j]!));
      }
      return;
    }
    const classes = prepared.data.classes!;
    const costs = Float64Array.from(classes, () => reference.cost);
    if (reference.ifw) {
      const counts = classes.map((_, code) => prepared.data.y.filter((y) => y === code).length);
      counts.forEach((count, code) => (costs[code] = reference.cost * (Math.max(...counts) / count)));
    }
    const model = await trainClassifier(prepared.design, Int32Array.from(prepared.data.y), costs, false, prepared.settings, tools);
    assert.deepEqual(
      model.pairs.map((pair) => `${classes[pair.first]}/${classes[pair.second]}`),
      asList(reference.pairs),
    );
    assert.equal(model.supportVectors.n, reference.total_sv);
    model.pairs.forEach((pair, q) => close(pair.rho, asList(reference.rho)[q]!, 1e-6, `rho ${q}`));
    pairDecisions(model, prepared.design).forEach((decisions, q) => {
      const expected = referenceDecisions(reference, q);
      const tolerance = 1e-3 * spread(expected);
      decisions.forEach((value, i) => close(value, expected[i]!, tolerance, `pair ${q} row ${i}`));
    });
    if (reference.coef !== undefined) {
      const pair = model.pairs[0]!;
      const w = collapse(model.supportVectors, pair.sv, pair.coef);
      [-pair.rho, ...w].forEach((value, j) => close(value, reference.coef![j]!, 1e-6, reference.coef_names![j]!));
    }
  });
}

test('cache and row-store sizes change only speed: kernel rows computed in parts give the same model', async () => {
  // 3 classes in 4-D, overlapping, so many support vectors and a shrinking active set.
  const random = createRandom(5);
  const n = 450;
  const values: number[][] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = i % 3;
    values.push(Array.from({ length: 4 }, (_, j) => (j === codes[i]! ? 1 : 0) + 1.5 * (random() - 0.5)));
  }
  const data = rows(values);
  const radial = { type: 'radial' as const, gamma: 0.5 };
  const fit = (cacheBytes: number, storeBytes: number) =>
    trainClassifier(data, codes, Float64Array.from([1, 1, 1]), true, { ...linear, kernel: radial, cacheBytes, storeBytes }, {
      random: createRandom(9),
      checkpoint: async () => {},
    });
  const roomy = await fit(64 << 20, 64 << 20);
  // Two rows of store and a cache of a few columns: nearly every kernel value is computed where it is needed.
  const cramped = await fit(4 * 4 * n, 2 * 4 * n);
  assert.ok(roomy.pairs.every((pair) => pair.sv.length > 20), 'a problem with many support vectors');
  assert.deepEqual(cramped.pairs, roomy.pairs);
  assert.deepEqual(cramped.supportVectors, roomy.supportVectors);
});
