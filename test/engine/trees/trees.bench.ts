/**
 * Local timing of the tree learners on synthetic data (not a test):
 *   node dist/test/engine/trees/trees.bench.js [rows...]            our learners only
 *   node dist/test/engine/trees/trees.bench.js --vs-r [rows...]     Ranger against R ranger
 * 10 numeric features, binary outcome from a noisy nonlinear score and a regression outcome.
 * `--vs-r` writes each data set to a CSV, times `ranger::ranger()` on it through Rscript (R's
 * defaults: all cores, 500 trees (50 above 50k rows), probability forest for classification, impurity importance as
 * rtemis asks) and then our single-threaded fit with the same settings, and prints the ratio.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

async function time(label: string, run: () => Promise<unknown>): Promise<void> {
  console.log(`${label.padEnd(48)} ${(await seconds(run)).toFixed(2)} s`);
}

function writeCsv(data: TrainingData, file: string): void {
  const lines = [[...data.featureNames, 'y'].join(',')];
  const n = data.y.length;
  for (let i = 0; i < n; i++) {
    const yi = data.classes === null ? String(data.y[i]!) : data.classes[data.y[i]!]!;
    lines.push([...data.x.map((col) => String(col[i]!)), yi].join(','));
  }
  writeFileSync(file, lines.join('\n'));
}

/** Elapsed seconds of `ranger::ranger()` on the CSV (reading it is not timed). */
function timeR(file: string, classification: boolean, trees: number): number {
  const outcome = classification ? 'd$y <- factor(d$y); ' : '';
  const script =
    `d <- read.csv('${file}'); ${outcome}` +
    `t <- system.time(ranger::ranger(y ~ ., d, num.trees = ${trees}, probability = ${classification ? 'TRUE' : 'FALSE'}, ` +
    `importance = 'impurity', verbose = FALSE))[['elapsed']]; cat(t)`;
  return Number(execFileSync('Rscript', ['-e', script], { encoding: 'utf8' }).trim());
}

/** R's default 500 trees, except 50 above 50k rows so one comparison takes minutes, not an hour. */
function forestSize(n: number): number {
  return n > 50_000 ? 50 : rangerDefaults.num_trees;
}

async function versusR(sizes: number[]): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ranger-bench-'));
  try {
    for (const n of sizes) {
      for (const classification of [true, false]) {
        const data = synthetic(n, classification, classification ? 1 : 2);
        const file = path.join(dir, `n${n}.csv`);
        writeCsv(data, file);
        const trees = forestSize(n);
        const r = timeR(file, classification, trees);
        const ours = await seconds(() => fitRanger(data, { ...rangerDefaults, num_trees: trees }, seededContext(1)));
        const task = classification ? 'class' : 'reg  ';
        console.log(
          `n=${n} Ranger ${task} ${trees} trees: R ${r.toFixed(2)} s, ours ${ours.toFixed(2)} s, ratio ${(ours / r).toFixed(2)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ours(sizes: number[]): Promise<void> {
  for (const n of sizes) {
    const cls = synthetic(n, true, 1);
    const reg = synthetic(n, false, 2);
    const ctx = () => seededContext(1);
    await time(`n=${n} CART class (defaults)`, () => fitCart(cls, cartDefaults, ctx()));
    await time(`n=${n} CART anova (defaults)`, () => fitCart(reg, cartDefaults, ctx()));
    const trees = forestSize(n);
    await time(`n=${n} Ranger class ${trees} trees`, () => fitRanger(cls, { ...rangerDefaults, num_trees: trees }, ctx()));
    await time(`n=${n} Ranger reg ${trees} trees`, () => fitRanger(reg, { ...rangerDefaults, num_trees: trees }, ctx()));
    const gbm = { ...lightgbmDefaults, nrounds: 100, num_leaves: 31, learning_rate: 0.1 };
    await time(`n=${n} LightGBM binary 100 rounds, 31 leaves`, () => fitLightgbm(cls, gbm, ctx()));
    await time(`n=${n} LightGBM L2 100 rounds, 31 leaves`, () => fitLightgbm(reg, gbm, ctx()));
  }
}

const args = process.argv.slice(2);
const vsR = args.includes('--vs-r');
const sizes = args.filter((a) => a !== '--vs-r').map(Number);
if (vsR) await versusR(sizes.length > 0 ? sizes : [10_000, 200_000]);
else await ours(sizes.length > 0 ? sizes : [10_000, 200_000]);
