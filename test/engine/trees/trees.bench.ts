/**
 * Local timing of the tree learners on synthetic data (not a test):
 *   node dist/test/engine/trees/trees.bench.js [rows...]
 * 10 numeric features, binary outcome from a noisy nonlinear score and a regression outcome.
 */
import type { TrainingData } from '../../../src/engine/learner.js';
import { cartDefaults, fitCart } from '../../../src/engine/trees/cart.js';
import { fitLightgbm, lightgbmDefaults } from '../../../src/engine/trees/gbdt/lightgbm.js';
import { fitRanger, rangerDefaults } from '../../../src/engine/trees/ranger.js';
import { seededContext } from './load-csv.js';

function synthetic(n: number, classification: boolean, seed: number): TrainingData {
  const random = seededContext(seed).random;
  const p = 10;
  const x = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => random() * 2 - 1));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const score = 2 * x[0]![i]! + x[1]![i]! * x[2]![i]! * 3 + Math.sin(3 * x[3]![i]!) + (random() - 0.5);
    y[i] = classification ? (score > 0 ? 1 : 0) : score;
  }
  return {
    x,
    featureNames: x.map((_, j) => `x${j + 1}`),
    featureLevels: x.map(() => null),
    y,
    classes: classification ? ['a', 'b'] : null,
    weights: null,
  };
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await run();
  console.log(`${label.padEnd(48)} ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [10_000, 200_000]) {
  const cls = synthetic(n, true, 1);
  const reg = synthetic(n, false, 2);
  const ctx = () => seededContext(1);
  await time(`n=${n} CART class (defaults)`, () => fitCart(cls, cartDefaults, ctx()));
  await time(`n=${n} CART anova (defaults)`, () => fitCart(reg, cartDefaults, ctx()));
  const trees = n > 50_000 ? 50 : 500;
  await time(`n=${n} Ranger class ${trees} trees`, () => fitRanger(cls, { ...rangerDefaults, num_trees: trees }, ctx()));
  await time(`n=${n} Ranger reg ${trees} trees`, () => fitRanger(reg, { ...rangerDefaults, num_trees: trees }, ctx()));
  const gbm = { ...lightgbmDefaults, nrounds: 100, num_leaves: 31, learning_rate: 0.1 };
  await time(`n=${n} LightGBM binary 100 rounds, 31 leaves`, () => fitLightgbm(cls, gbm, ctx()));
  await time(`n=${n} LightGBM L2 100 rounds, 31 leaves`, () => fitLightgbm(reg, gbm, ctx()));
}
