/**
 * Training speed against the peers: the same synthetic data (10 numeric features; regression
 * and binary outcomes from a known function plus noise), the same fold-1 training rows, the
 * same hyperparameters; only model fitting is timed on each side (ours: performance.now()
 * around learner.fit in this process; R: system.time around the fit; Python: perf_counter
 * around DMatrix + train). Prints one table per family with the ratio ours / peer.
 * Goals: ratio ≤ 1.0 at 10k training rows, ≤ 2.0 at 200k.
 *
 *   node dist/test/bench/engine/peer-speed.js [trainingRows ...] [GLM|CART|Ranger|LightGBM ...]
 *
 * Peers run single-threaded (our fit is one thread) unless PEER_THREADS says otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Prediction, TrainingData } from '../../../src/engine/learner.js';
import { foldIds, subsetRows, syntheticData } from './bench-data.js';
import { actualOf, foldRows, scoreFold } from './fold-scoring.js';
import { pairings, type Family } from './peer-pairings.js';
import { ensurePeers, runPeer, writePeerCsv } from './peer-process.js';

const TRAINING_ROWS = [10_000, 200_000];
const GOAL = (rows: number) => (rows <= 10_000 ? 1.0 : 2.0);
const SETTINGS = { rangerTrees: 100, gbmLeaves: 31, gbmRounds: 100, gbmLearningRate: 0.1, svmCost: 1, svmGamma: 0.01 };
/** The SVMs have their own bench (svm-speed.ts): their 200k-row fits would take hours here. */
const SVM_FAMILIES: Family[] = ['LinearSVM', 'RadialSVM'];
const TASKS = ['regression', 'binary'] as const;
const SEED = 7;

interface Timing {
  family: Family;
  peer: string;
  rows: number;
  task: (typeof TASKS)[number];
  ours: number;
  theirs: number;
  /** Fold-1 test metric (rsq / auc) of each side: equal work, not just equal speed. */
  oursMetric: number;
  theirsMetric: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function testMetric(actual: Float64Array, prediction: Prediction, classes: string[] | null): number {
  const scores = scoreFold(actual, prediction, classes);
  return classes === null ? scores.rsq! : scores.auc!;
}

async function timeTask(
  rows: number,
  task: (typeof TASKS)[number],
  dir: string,
  threads: number,
  families: Family[] | null,
): Promise<Timing[]> {
  // Five folds over rows / 0.8 cases: each training set holds about `rows` cases.
  const data = syntheticData(Math.round(rows / 0.8), task, SEED);
  const folds = foldIds(data, 5, SEED);
  const csv = path.join(dir, `synthetic-${rows}-${task}.csv`);
  writePeerCsv(csv, data, folds);
  const { train, test } = foldRows(folds, 1);
  const training = subsetRows(data, train);
  const testing = subsetRows(data, test);
  const actual = actualOf(data, test);
  const repeats = rows <= 20_000 ? 3 : 1;

  const timings: Timing[] = [];
  for (const pairing of pairings(SETTINGS)) {
    if (families === null ? SVM_FAMILIES.includes(pairing.family) : !families.includes(pairing.family)) continue;
    if (!pairing.fits(data)) continue;
    await warmUp(pairing.fitOurs, training);
    const seconds: number[] = [];
    let model = null;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      model = await pairing.fitOurs(training, SEED + r);
      seconds.push((performance.now() - start) / 1000);
    }
    const peer = runPeer(pairing.peerRuntime, dir, csv, `${rows}-${task}-${pairing.family}`, {
      ...pairing.peerArgs(data),
      folds: 1,
      repeats,
      threads,
    });
    const timing: Timing = {
      family: pairing.family,
      peer: pairing.peerName,
      rows: training.y.length,
      task,
      ours: median(seconds),
      theirs: peer.seconds.get(1)!,
      oursMetric: testMetric(actual, model!.predict(testing.x), data.classes),
      theirsMetric: testMetric(actual, peer.predictions.get(1)!, data.classes),
    };
    console.log(
      `  ${timing.family.padEnd(8)} ${task.padEnd(10)} n=${timing.rows}: ours ${timing.ours.toFixed(3)} s, ${timing.peer} ${timing.theirs.toFixed(3)} s`,
    );
    timings.push(timing);
  }
  return timings;
}

/** One untimed fit on a small slice, so the timed fits run JIT-compiled code as a long-lived worker does. */
async function warmUp(fit: (data: TrainingData, seed: number) => Promise<unknown>, data: TrainingData): Promise<void> {
  const slice = Int32Array.from({ length: Math.min(2000, data.y.length) }, (_, i) => i);
  await fit(subsetRows(data, slice), 0);
}

function printTables(timings: Timing[], threads: number): void {
  const families = [...new Set(timings.map((t) => t.family))];
  for (const family of families) {
    const rows = timings.filter((t) => t.family === family);
    console.log(`\n${family} vs ${rows[0]!.peer} (${threads} peer thread${threads === 1 ? '' : 's'}; fit time, median of repeats)`);
    const header = ['rows', 'task', 'ours s', 'peer s', 'ratio', 'goal', '', 'test metric ours / peer'];
    const cells = rows.map((t) => {
      const ratio = t.ours / t.theirs;
      const metric = t.task === 'regression' ? 'rsq' : 'auc';
      return [
        String(t.rows),
        t.task,
        t.ours.toFixed(3),
        t.theirs.toFixed(3),
        ratio.toFixed(2),
        `≤ ${GOAL(t.rows).toFixed(1)}`,
        ratio <= GOAL(t.rows) ? 'met' : 'MISSED',
        `${metric} ${t.oursMetric.toFixed(4)} / ${t.theirsMetric.toFixed(4)}`,
      ];
    });
    const widths = header.map((_, j) => Math.max(header[j]!.length, ...cells.map((row) => row[j]!.length)));
    const line = (row: string[]) => row.map((cell, j) => (j >= 2 && j <= 4 ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!))).join('  ');
    console.log(line(header));
    for (const row of cells) console.log(line(row));
  }
}

/** `families` null = every pairing that fits the task, except the SVMs. */
export async function runEngineSpeedBench(trainingRows: number[] = TRAINING_ROWS, families: Family[] | null = null): Promise<void> {
  ensurePeers();
  const threads = Number(process.env.PEER_THREADS ?? 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-speed-'));
  console.log(
    `Engine vs peers, training time. Ranger ${SETTINGS.rangerTrees} trees; LightGBM/xgboost ${SETTINGS.gbmRounds} rounds, ` +
      `${SETTINGS.gbmLeaves} leaves, learning rate ${SETTINGS.gbmLearningRate}; CART cp 0.01, minsplit 2, minbucket 1.`,
  );
  try {
    const timings: Timing[] = [];
    for (const rows of trainingRows) {
      for (const task of TASKS) timings.push(...(await timeTask(rows, task, dir, threads, families)));
    }
    printTables(timings, threads);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const rows = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  const families = args.filter((arg) => !/^\d+$/.test(arg)) as Family[];
  await runEngineSpeedBench(rows.length > 0 ? rows : TRAINING_ROWS, families.length > 0 ? families : null);
}
