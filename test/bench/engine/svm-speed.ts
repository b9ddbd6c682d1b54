/**
 * RadialSVM training speed against e1071::svm (R), called as rtemis calls it (probabilities
 * on, cost 1, gamma 0.01; `fitted = FALSE`, so e1071 does not also predict its training set),
 * on the same fold-1 training rows of synthetic data: 20 unit-variance uniform features, of
 * which 5 carry the signal, score = x1 + x2 + x3 − x4 + ½·sin(2·x5); binary outcome = sign of
 * the score with 1% of labels flipped, regression outcome = score + uniform(−0.05, 0.05). An
 * RBF fit with gamma 0.01 keeps about a quarter of the binary cases as support vectors (half
 * of the regression ones), so e1071 needs minutes, not hours, at 100k rows. Only the fit is
 * timed on each side, as wall-clock and as CPU time (user + system; the steadier figure on a
 * shared machine). Goals: ratio ours / e1071 ≤ 1.0 at 10k training rows, ≤ 2.0 at 100k.
 *
 *   node dist/test/bench/engine/svm-speed.js [trainingRows ...] [binary|regression]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TrainingData } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { foldIds, subsetRows } from './bench-data.js';
import { actualOf, foldRows, scoreFold } from './fold-scoring.js';
import { pairings } from './peer-pairings.js';
import { ensurePeers, runPeer, writePeerCsv } from './peer-process.js';

const TRAINING_ROWS = [10_000, 100_000];
const GOAL = (rows: number) => (rows <= 10_000 ? 1.0 : 2.0);
const TASKS = ['binary', 'regression'] as const;
type Task = (typeof TASKS)[number];
const FEATURES = 20;
const SEED = 11;
const SETTINGS = { rangerTrees: 0, gbmLeaves: 0, gbmRounds: 0, gbmLearningRate: 0, svmCost: 1, svmGamma: 0.01 };

/** `n` rows of FEATURES uniform(−√3, √3) features (unit variance) and the outcome. */
export function svmBenchData(n: number, task: Task, seed: number): TrainingData {
  const random = createRandom(seed);
  const half = Math.sqrt(3);
  const x = Array.from({ length: FEATURES }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < FEATURES; j++) x[j]![i] = (2 * random() - 1) * half;
    const score = x[0]![i]! + x[1]![i]! + x[2]![i]! - x[3]![i]! + 0.5 * Math.sin(2 * x[4]![i]!);
    if (task === 'regression') y[i] = score + 0.05 * (2 * random() - 1);
    else y[i] = (score > 0) !== random() < 0.01 ? 1 : 0;
  }
  return {
    x,
    featureNames: x.map((_, j) => `x${j + 1}`),
    featureLevels: x.map(() => null),
    y,
    classes: task === 'binary' ? ['no', 'yes'] : null,
    weights: null,
  };
}

interface Timing {
  rows: number;
  task: Task;
  ours: number;
  theirs: number;
  oursCpu: number;
  theirsCpu: number;
  oursMetric: number;
  theirsMetric: number;
}

async function timeTask(rows: number, task: Task, dir: string): Promise<Timing> {
  const pairing = pairings(SETTINGS).find((candidate) => candidate.family === 'RadialSVM')!;
  const data = svmBenchData(Math.round(rows / 0.8), task, SEED);
  const folds = foldIds(data, 5, SEED);
  const csv = path.join(dir, `svm-${rows}-${task}.csv`);
  writePeerCsv(csv, data, folds);
  const { train, test } = foldRows(folds, 1);
  const training = subsetRows(data, train);
  const testing = subsetRows(data, test);
  const actual = actualOf(data, test);
  // One untimed fit on a slice, so the timed fit runs JIT-compiled code as a long-lived worker does.
  await pairing.fitOurs(subsetRows(data, Int32Array.from({ length: 2000 }, (_, i) => i)), 0);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const model = await pairing.fitOurs(training, SEED);
  const ours = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const oursCpu = (cpu.user + cpu.system) / 1e6;
  const peer = runPeer('R', dir, csv, `svm-${rows}-${task}`, { ...pairing.peerArgs(data), folds: 1, repeats: 1 });
  const metric = (prediction: Parameters<typeof scoreFold>[1]) => {
    const scores = scoreFold(actual, prediction, data.classes);
    return data.classes === null ? scores.rsq! : scores.auc!;
  };
  const timing: Timing = {
    rows: training.y.length,
    task,
    ours,
    theirs: peer.seconds.get(1)!,
    oursCpu,
    theirsCpu: peer.cpuSeconds.get(1)!,
    oursMetric: metric(model.predict(testing.x)),
    theirsMetric: metric(peer.predictions.get(1)!),
  };
  console.log(
    `  RadialSVM ${task.padEnd(10)} n=${timing.rows}: ours ${ours.toFixed(2)} s (CPU ${oursCpu.toFixed(2)} s), ` +
      `e1071 ${timing.theirs.toFixed(2)} s (CPU ${timing.theirsCpu.toFixed(2)} s)`,
  );
  return timing;
}

function printTable(timings: Timing[]): void {
  console.log('\nRadialSVM vs R e1071::svm (cost 1, gamma 0.01, probabilities; fit time, one run each; goal on CPU time)');
  const header = ['rows', 'task', 'ours s', 'e1071 s', 'ratio', 'ours CPU s', 'e1071 CPU s', 'CPU ratio', 'goal', '', 'test metric ours / e1071'];
  const cells = timings.map((t) => {
    const ratio = t.oursCpu / t.theirsCpu;
    return [
      String(t.rows),
      t.task,
      t.ours.toFixed(2),
      t.theirs.toFixed(2),
      (t.ours / t.theirs).toFixed(2),
      t.oursCpu.toFixed(2),
      t.theirsCpu.toFixed(2),
      ratio.toFixed(2),
      `≤ ${GOAL(t.rows).toFixed(1)}`,
      ratio <= GOAL(t.rows) ? 'met' : 'MISSED',
      `${t.task === 'regression' ? 'rsq' : 'auc'} ${t.oursMetric.toFixed(4)} / ${t.theirsMetric.toFixed(4)}`,
    ];
  });
  const widths = header.map((_, j) => Math.max(header[j]!.length, ...cells.map((row) => row[j]!.length)));
  const line = (row: string[]) => row.map((cell, j) => (j >= 2 && j <= 7 ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!))).join('  ');
  console.log(line(header));
  for (const row of cells) console.log(line(row));
}

export async function runSvmSpeedBench(trainingRows: number[] = TRAINING_ROWS, tasks: readonly Task[] = TASKS): Promise<void> {
  ensurePeers();
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-svm-speed-'));
  console.log(`RadialSVM vs e1071, training time on synthetic data with ${FEATURES} features.`);
  try {
    const timings: Timing[] = [];
    for (const rows of trainingRows) for (const task of tasks) timings.push(await timeTask(rows, task, dir));
    printTable(timings);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const rows = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  const tasks = TASKS.filter((task) => args.includes(task));
  await runSvmSpeedBench(rows.length > 0 ? rows : TRAINING_ROWS, tasks.length > 0 ? tasks : TASKS);
}
