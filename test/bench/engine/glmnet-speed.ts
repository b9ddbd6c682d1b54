/**
 * GLMNET's full cross-validated fit (lambda null: cv.glmnet with 10 folds, 11 paths of up to
 * 100 lambdas, predictions at lambda.1se) against R's cv.glmnet, on the synthetic data of
 * the other speed benchmarks (10 numeric features; regression and binary outcomes), fold-1
 * training rows. Only fitting is timed on each side (ours: performance.now() around the
 * learner's fit in this process, after one untimed warm-up fit; R: system.time around
 * model.matrix + cv.glmnet). Goals: ratio ours / peer ≤ 1.0 at 10k training rows, ≤ 2.0 at 100k.
 *
 *   node dist/test/bench/engine/glmnet-speed.js [trainingRows ...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { foldIds, subsetRows, syntheticData } from './bench-data.js';
import { actualOf, foldRows, scoreFold } from './fold-scoring.js';
import { glmnetPairing } from './glmnet-pairing.js';
import { ensurePeers, runPeer, writePeerCsv } from './peer-process.js';

const TRAINING_ROWS = [10_000, 100_000];
const GOAL = (rows: number) => (rows <= 10_000 ? 1.0 : 2.0);
const TASKS = ['regression', 'binary'] as const;
const SEED = 7;

interface Row {
  rows: number;
  task: string;
  ours: number;
  theirs: number;
  metric: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeTask(rows: number, task: (typeof TASKS)[number], dir: string): Promise<Row> {
  const data = syntheticData(Math.round(rows / 0.8), task, SEED);
  const folds = foldIds(data, 5, SEED);
  const csv = path.join(dir, `glmnet-${rows}-${task}.csv`);
  writePeerCsv(csv, data, folds);
  const { train, test } = foldRows(folds, 1);
  const training = subsetRows(data, train);
  const testing = subsetRows(data, test);
  const pairing = glmnetPairing();
  const repeats = rows <= 20_000 ? 3 : 1;
  await pairing.fitOurs(subsetRows(training, Int32Array.from({ length: Math.min(2000, training.y.length) }, (_, i) => i)), 0);
  const seconds: number[] = [];
  let model = null;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    model = await pairing.fitOurs(training, SEED + r);
    seconds.push((performance.now() - start) / 1000);
  }
  const peer = runPeer('R', dir, csv, `glmnet-${rows}-${task}`, { ...pairing.peerArgs(data), folds: 1, repeats });
  const actual = actualOf(data, test);
  const metricName = task === 'regression' ? 'rsq' : 'auc';
  const ours = scoreFold(actual, model!.predict(testing.x), data.classes)[metricName]!;
  const theirs = scoreFold(actual, peer.predictions.get(1)!, data.classes)[metricName]!;
  const row = { rows: training.y.length, task, ours: median(seconds), theirs: peer.seconds.get(1)!, metric: `${metricName} ${ours.toFixed(4)} / ${theirs.toFixed(4)}` };
  console.log(`  GLMNET ${task.padEnd(10)} n=${row.rows}: ours ${row.ours.toFixed(3)} s, R cv.glmnet ${row.theirs.toFixed(3)} s`);
  return row;
}

export async function runGlmnetSpeedBench(trainingRows: number[] = TRAINING_ROWS): Promise<void> {
  ensurePeers();
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-glmnet-speed-'));
  console.log('GLMNET (lambda null: cv.glmnet, 10 folds, lasso) vs R cv.glmnet, training time.');
  try {
    const results: Row[] = [];
    for (const rows of trainingRows) for (const task of TASKS) results.push(await timeTask(rows, task, dir));
    const header = ['rows', 'task', 'ours s', 'peer s', 'ratio', 'goal', '', 'test metric ours / peer'];
    const cells = results.map((r) => {
      const ratio = r.ours / r.theirs;
      return [String(r.rows), r.task, r.ours.toFixed(3), r.theirs.toFixed(3), ratio.toFixed(2), `≤ ${GOAL(r.rows).toFixed(1)}`, ratio <= GOAL(r.rows) ? 'met' : 'MISSED', r.metric];
    });
    const widths = header.map((_, j) => Math.max(header[j]!.length, ...cells.map((row) => row[j]!.length)));
    const line = (row: string[]) => row.map((cell, j) => (j >= 2 && j <= 4 ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!))).join('  ');
    console.log('\nGLMNET vs R cv.glmnet (fit time, median of repeats)');
    console.log(line(header));
    for (const row of cells) console.log(line(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg)).map(Number);
  await runGlmnetSpeedBench(rows.length > 0 ? rows : TRAINING_ROWS);
}
