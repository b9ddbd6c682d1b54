/**
 * KNN speed against scikit-learn: the synthetic data of peer-speed.ts (10 numeric features),
 * fold 1 of 5, rtemis's defaults (k 7, optimal kernel, Euclidean, scaled). A KNN fit only
 * stores the cases; the work is finding neighbours, so each side is timed from the training
 * data to the test predictions: ours fitKnn + predictPaced (as a run calls them, checkpoint
 * included), scikit-learn scaling + fit + predict_proba / predict with its default neighbour
 * search (`algorithm="auto"`) and kknn's weights (peer-knn.py). Goals: ratio ≤ 1.0 at 10k
 * training rows, ≤ 2.0 at 100k.
 *
 *   node dist/test/bench/engine/knn-speed.js [trainingRows ...]
 *
 * scikit-learn runs on one thread (ours is one thread) unless PEER_THREADS says otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fitKnn, knnDefaults } from '../../../src/engine/knn/knn.js';
import type { Prediction, TrainingData } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { firstRows, foldIds, subsetRows, syntheticData } from './bench-data.js';
import { actualOf, foldRows, scoreFold } from './fold-scoring.js';
import { knnPairing } from './knn-pairings.js';
import { ensurePeers, runPeer, writePeerCsv } from './peer-process.js';

const TRAINING_ROWS = [10_000, 100_000];
const GOAL = (rows: number) => (rows <= 10_000 ? 1.0 : 2.0);
const TASKS = ['regression', 'binary'] as const;
const SEED = 7;

interface Timing {
  rows: number;
  testRows: number;
  task: (typeof TASKS)[number];
  ours: number;
  theirs: number;
  oursMetric: number;
  theirsMetric: number;
}

async function fitAndPredict(training: TrainingData, test: TrainingData, seed: number): Promise<Prediction> {
  const context = { random: createRandom(seed), checkpoint: () => Promise.resolve() };
  const model = await fitKnn(training, knnDefaults, context);
  return model.predictPaced(test.x, context.checkpoint);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeTask(rows: number, task: (typeof TASKS)[number], dir: string, threads: number): Promise<Timing> {
  const data = syntheticData(Math.round(rows / 0.8), task, SEED);
  const folds = foldIds(data, 5, SEED);
  const csv = path.join(dir, `knn-${rows}-${task}.csv`);
  writePeerCsv(csv, data, folds);
  const { train, test } = foldRows(folds, 1);
  const training = subsetRows(data, train);
  const testing = subsetRows(data, test);
  const repeats = rows <= 20_000 ? 3 : 1;

  // One untimed run on a slice, so the timed runs execute JIT-compiled code as a long-lived worker does.
  await fitAndPredict(firstRows(training, 2000), firstRows(testing, 500), 0);
  const seconds: number[] = [];
  let prediction: Prediction | null = null;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    prediction = await fitAndPredict(training, testing, SEED + r);
    seconds.push((performance.now() - start) / 1000);
  }
  const pairing = knnPairing(knnDefaults.kernel, knnDefaults.distance, 'scikit-learn');
  const peer = runPeer('sklearn', dir, csv, `knn-${rows}-${task}`, { ...pairing.peerArgs(data), folds: 1, repeats, threads });
  const actual = actualOf(data, test);
  const metric = (p: Prediction) => {
    const scores = scoreFold(actual, p, data.classes);
    return data.classes === null ? scores.rsq! : scores.auc!;
  };
  const timing: Timing = {
    rows: training.y.length,
    testRows: testing.y.length,
    task,
    ours: median(seconds),
    theirs: peer.seconds.get(1)!,
    oursMetric: metric(prediction!),
    theirsMetric: metric(peer.predictions.get(1)!),
  };
  console.log(`  KNN ${task.padEnd(10)} n=${timing.rows}: ours ${timing.ours.toFixed(3)} s, scikit-learn ${timing.theirs.toFixed(3)} s`);
  return timing;
}

function printTable(timings: Timing[], threads: number): void {
  console.log(`\nKNN vs scikit-learn KNeighbors* (${threads} peer thread${threads === 1 ? '' : 's'}; training rows → test predictions, median of repeats)`);
  const header = ['rows', 'test rows', 'task', 'ours s', 'peer s', 'ratio', 'goal', '', 'test metric ours / peer'];
  const cells = timings.map((t) => {
    const ratio = t.ours / t.theirs;
    return [
      String(t.rows),
      String(t.testRows),
      t.task,
      t.ours.toFixed(3),
      t.theirs.toFixed(3),
      ratio.toFixed(2),
      `≤ ${GOAL(t.rows).toFixed(1)}`,
      ratio <= GOAL(t.rows) ? 'met' : 'MISSED',
      `${t.task === 'regression' ? 'rsq' : 'auc'} ${t.oursMetric.toFixed(4)} / ${t.theirsMetric.toFixed(4)}`,
    ];
  });
  const widths = header.map((_, j) => Math.max(header[j]!.length, ...cells.map((row) => row[j]!.length)));
  const line = (row: string[]) => row.map((cell, j) => (j >= 3 && j <= 5 ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!))).join('  ');
  console.log(line(header));
  for (const row of cells) console.log(line(row));
}

export async function runKnnSpeedBench(trainingRows: number[] = TRAINING_ROWS): Promise<void> {
  ensurePeers();
  const threads = Number(process.env.PEER_THREADS ?? 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-knn-speed-'));
  console.log('KNN vs scikit-learn: k 7, optimal kernel, Euclidean, scaled features (rtemis defaults).');
  try {
    const timings: Timing[] = [];
    for (const rows of trainingRows) for (const task of TASKS) timings.push(await timeTask(rows, task, dir, threads));
    printTable(timings, threads);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg)).map(Number);
  await runKnnSpeedBench(rows.length > 0 ? rows : TRAINING_ROWS);
}
