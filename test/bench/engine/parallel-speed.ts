/**
 * One job on several workers, against peers using as many threads (issue: every core): Ranger
 * (500 trees) and LightGBM with rtemis's protocol (inner 5-fold early stopping for the rounds,
 * refit), each with 5-fold cross-validation, trained over the wire as a client does; timed from
 * `train` to `job.complete` on servers with 2 workers and with 1 (the speed-up, their runs alternating), against R
 * `ranger` and the LightGBM library with 2 threads on the same outer folds (read back from the
 * job's `resamples` slice). Goals: ours(2 workers) / peer ≤ 1.0; 2 workers over 1 ≥ 1.7×.
 * Datasets: the shared multiclass `wine` and synthetic binary data (200k rows by default).
 *
 *   node dist/test/bench/engine/parallel-speed.js [syntheticRows] [Ranger|LightGBM ...]
 *
 * The machine's other load slows every side alike only roughly: on a shared machine read the
 * ratios, and rerun on a quiet one for the speed-up. A job (or peer run) that takes under
 * SHORT_SECONDS is repeated, on every side alike, until SHORT_TOTAL_SECONDS have been spent (at
 * least SHORT_MIN_RUNS, at most SHORT_MAX_RUNS runs) and its median kept: one run of 0.15 s varies
 * by ±15 % here, one of two seconds by ±5 %, as much as the margin of a goal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeVector, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { TrainingData } from '../../../src/engine/learner.js';
import { datasetIpc } from '../../support/arrow-fixtures.js';
import { firstRows, loadBenchDataset, syntheticData } from './bench-data.js';
import { lightgbmPython } from './lightgbm-venv.js';
import { ensurePeers } from './peer-process.js';
import { BenchServer, type WireRun } from './wire-run.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SCRIPTS = path.join(REPO_ROOT, 'test/bench/engine');
const THREADS = 2;
const TREES = 500;
const SEED = 7;
const FOLDS = { type: 'KFold', n_resamples: 5 };
const SHORT_SECONDS = 20;
const SHORT_TOTAL_SECONDS = 6;
const SHORT_MIN_RUNS = 3;
// High enough that a 0.1 s job also spends the 6 s (at 15, wine's median came from its first, still compiling, runs).
const SHORT_MAX_RUNS = 100;
const WARM_ROWS = 2000;

type Family = 'Ranger' | 'LightGBM';

interface BenchDataset {
  name: string;
  /** What the client uploads. */
  ipc: Uint8Array;
  /** The same rows for the peers (features, outcome codes). */
  data: TrainingData;
}

interface Row {
  dataset: string;
  family: Family;
  two: WireRun;
  one: WireRun;
  peer: { seconds: number; metric: number };
}

const PARAMS: Record<Family, Record<string, unknown>> = {
  Ranger: { algorithm: 'Ranger', hyperparameters: { num_trees: TREES } },
  LightGBM: { algorithm: 'LightGBM' },
};

function arrowOf(data: TrainingData): Uint8Array {
  const columns: Record<string, Vector> = {};
  data.x.forEach((column, j) => (columns[data.featureNames[j]!] = makeVector(column)));
  columns.y = data.classes === null ? makeVector(data.y) : vectorFromArray(Array.from(data.y, (code) => data.classes![code]!), new Utf8());
  return tableToIPC(new Table(columns), 'stream');
}

function datasets(syntheticRows: number): BenchDataset[] {
  const wine = loadBenchDataset('wine');
  const synthetic = syntheticData(syntheticRows, 'binary', SEED);
  return [
    { name: `wine (${wine.data.y.length} rows, 3 classes)`, ipc: datasetIpc('wine'), data: wine.data },
    { name: `synthetic (${syntheticRows} rows, binary)`, ipc: arrowOf(synthetic), data: synthetic },
  ];
}

/**
 * Our side: fresh servers of 2 workers and of 1, each warmed with the same job on the data's
 * first WARM_ROWS rows, then the timed job on each, the two alternating run by run so that a
 * slower minute of a shared machine weighs on both alike (run one after the other, wine's
 * one-worker median once moved from 140 to 180 ms between two series). Warming on the data
 * set's own shape (its feature count and types) lets V8 compile what the timed runs use;
 * warmed on iris instead, the second of three wine runs still compiled (parts 25–40 ms instead of 18).
 */
async function ours(dataset: BenchDataset, family: Family): Promise<{ two: WireRun; one: WireRun }> {
  const servers = [await BenchServer.start(THREADS), await BenchServer.start(1)];
  try {
    const params = { ...PARAMS[family], outer_resampling_config: FOLDS, execution_config: { seed: SEED } };
    const handles: string[] = [];
    for (const server of servers) {
      handles.push(await server.upload(dataset.ipc));
      await server.warmUp(await server.upload(arrowOf(firstRows(dataset.data, WARM_ROWS)), 'warm'), params);
    }
    const [two, one] = await mediansIfShort(servers.map((server, i) => () => server.train(handles[i]!, params)));
    return { two: two!, one: one! };
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** Features, outcome (class code) and test fold per row, for the peers. */
function writeFoldCsv(file: string, data: TrainingData, testFold: Int32Array): void {
  const p = data.x.length;
  const lines = [[...data.featureNames.map((_, j) => `x${j + 1}`), 'y', 'fold'].join(',')];
  for (let i = 0; i < data.y.length; i++) {
    const cells: string[] = [];
    for (let j = 0; j < p; j++) cells.push(String(data.x[j]![i]));
    lines.push([...cells, String(data.y[i]), String(testFold[i])].join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

/**
 * One run of each side, or, when every side took under SHORT_SECONDS, the run of median time of
 * several per side (see above), the sides taking turns.
 */
async function mediansIfShort<T extends { seconds: number }>(sides: Array<() => T | Promise<T>>): Promise<T[]> {
  const runs: T[][] = sides.map(() => []);
  const round = async () => {
    for (const [i, run] of sides.entries()) runs[i]!.push(await run());
  };
  await round();
  if (runs.some((side) => side[0]!.seconds >= SHORT_SECONDS)) return runs.map((side) => side[0]!);
  const spent = () => runs.flat().reduce((total, { seconds }) => total + seconds, 0) / sides.length;
  while (runs[0]!.length < SHORT_MIN_RUNS || (runs[0]!.length < SHORT_MAX_RUNS && spent() < SHORT_TOTAL_SECONDS)) await round();
  return runs.map((side) => side.sort((a, b) => a.seconds - b.seconds)[Math.floor(side.length / 2)]!);
}

function peer(family: Family, csv: string, task: string): { seconds: number; metric: number } {
  const output =
    family === 'Ranger'
      ? execFileSync('Rscript', [path.join(SCRIPTS, 'peer-cv.R'), `data=${csv}`, `task=${task}`, `trees=${TREES}`, `threads=${THREADS}`], { encoding: 'utf8' })
      : execFileSync(lightgbmPython(), [path.join(SCRIPTS, 'peer-lightgbm-cv.py'), `data=${csv}`, `task=${task}`, `threads=${THREADS}`], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { seconds: number; metric: number };
}

function ourMetric(run: WireRun): number {
  const mean = run.summary.metrics_test.mean_metrics;
  const row = Array.isArray(mean) ? mean[0] : mean;
  return row.balanced_accuracy ?? row.rsq;
}

function print(rows: Row[]): void {
  console.log(`\n## One job on ${THREADS} workers vs peers on ${THREADS} threads (5-fold CV, wall time from train to job.complete; runs under ${SHORT_SECONDS} s: median of ${SHORT_MIN_RUNS}–${SHORT_MAX_RUNS} taking ${SHORT_TOTAL_SECONDS} s)`);
  const header = ['dataset', 'algorithm', 'ours 2w s', 'peer s', 'ratio', 'goal', '', 'ours 1w s', 'speed-up', 'goal', '', 'test metric ours / peer'];
  const cells = rows.map((row) => {
    const ratio = row.two.seconds / row.peer.seconds;
    const speedup = row.one.seconds / row.two.seconds;
    return [
      row.dataset,
      `${row.family} vs ${row.family === 'Ranger' ? 'R ranger' : 'lightgbm'}`,
      row.two.seconds.toFixed(2),
      row.peer.seconds.toFixed(2),
      ratio.toFixed(2),
      '≤ 1.0',
      ratio <= 1 ? 'met' : 'MISSED',
      row.one.seconds.toFixed(2),
      `${speedup.toFixed(2)}×`,
      '≥ 1.7×',
      speedup >= 1.7 ? 'met' : 'MISSED',
      `${ourMetric(row.two).toFixed(4)} / ${row.peer.metric.toFixed(4)}`,
    ];
  });
  const widths = header.map((_, j) => Math.max(header[j]!.length, ...cells.map((cell) => cell[j]!.length)));
  const line = (cell: string[]) => cell.map((text, j) => text.padEnd(widths[j]!)).join('  ');
  console.log(line(header));
  for (const cell of cells) console.log(line(cell));
}

export async function runParallelSpeedBench(syntheticRows = 200_000, families: Family[] = ['Ranger', 'LightGBM']): Promise<void> {
  ensurePeers();
  if (families.includes('LightGBM')) lightgbmPython();
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-parallel-'));
  const rows: Row[] = [];
  try {
    for (const dataset of datasets(syntheticRows)) {
      for (const family of families) {
        const { two, one } = await ours(dataset, family);
        const csv = path.join(dir, `${family}.csv`);
        writeFoldCsv(csv, dataset.data, two.testFold!);
        const row = { dataset: dataset.name, family, two, one, peer: (await mediansIfShort([() => peer(family, csv, dataset.data.classes === null ? 'regression' : 'classification')]))[0]! };
        console.log(`  ${row.dataset} ${family}: ours ${two.seconds.toFixed(2)} s (2 workers), ${one.seconds.toFixed(2)} s (1); peer ${row.peer.seconds.toFixed(2)} s`);
        rows.push(row);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  print(rows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const rows = args.find((arg) => /^\d+$/.test(arg));
  const families = args.filter((arg): arg is Family => arg === 'Ranger' || arg === 'LightGBM');
  await runParallelSpeedBench(rows === undefined ? undefined : Number(rows), families.length > 0 ? families : undefined);
}
