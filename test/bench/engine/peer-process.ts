/**
 * Runs the R and Python peers: installs them from Debian packages when missing, writes the
 * data with its fold ids to a CSV, calls peer-fit.R / peer-fit.py (read from the source tree,
 * since tsc does not copy them) and reads back the test-fold predictions and fit times.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prediction, TrainingData } from '../../../src/engine/learner.js';

// dist/test/bench/engine → the repository root is four levels up.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SCRIPTS = path.join(REPO_ROOT, 'test/bench/engine');

/** Debian's Python: the packages below install for it, not for a pyenv python3 first on PATH. */
const PYTHON = '/usr/bin/python3';
const DEBIAN_PACKAGES = ['r-base-core', 'r-cran-ranger', 'r-cran-rpart', 'r-cran-glmnet', 'r-cran-nnls', 'r-cran-e1071', 'python3-sklearn', 'python3-xgboost', 'python3-pandas'];

/** R: peer-fit.R; python: peer-fit.py (xgboost); sklearn: peer-knn.py (KNeighbors*). */
export type PeerRuntime = 'R' | 'python' | 'sklearn';

function succeeds(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function peersPresent(): boolean {
  return succeeds('Rscript', ['-e', 'library(ranger); library(rpart); library(glmnet); library(nnls); library(e1071)']) && succeeds(PYTHON, ['-c', 'import xgboost, pandas, numpy, sklearn']);
}

/** apt-get, retried while another process holds the dpkg lock. */
function aptGet(args: string[]): void {
  for (let attempt = 0; ; attempt++) {
    const run = spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status === 0) return;
    const locked = /Could not get lock|dpkg.*lock/i.test(run.stderr ?? '');
    if (!locked || attempt >= 60) throw new Error(`apt-get ${args.join(' ')} failed:\n${run.stderr}`);
    execFileSync('sleep', ['10']);
  }
}

/** Makes sure Rscript (ranger, rpart, glmnet, nnls, e1071) and Debian's python3 (xgboost, pandas, sklearn) are there. */
export function ensurePeers(): void {
  if (peersPresent()) return;
  console.log(`Installing the peers with apt-get: ${DEBIAN_PACKAGES.join(' ')} …`);
  aptGet(['update']);
  aptGet(['install', '-y', ...DEBIAN_PACKAGES]);
  if (!peersPresent()) throw new Error('The R / Python peers are still missing after apt-get install.');
}

/**
 * Makes sure Rscript can load each of `packages` (CRAN names), installing the missing ones
 * from Debian (`r-cran-<name>`, lower case) with R itself when needed.
 */
export function ensureRPackages(packages: readonly string[]): void {
  const missing = () => packages.filter((name) => !succeeds('Rscript', ['-e', `suppressMessages(library(${name}))`]));
  const absent = missing();
  if (absent.length === 0) return;
  const debian = ['r-base-core', ...absent.map((name) => `r-cran-${name.toLowerCase()}`)];
  console.log(`Installing the R peers with apt-get: ${debian.join(' ')} …`);
  aptGet(['update']);
  aptGet(['install', '-y', ...debian]);
  const still = missing();
  if (still.length > 0) throw new Error(`R packages still missing after apt-get install: ${still.join(', ')}.`);
}

/** Writes features x1..xp (factor levels as strings), outcome y (class names) and fold ids. */
export function writePeerCsv(file: string, data: TrainingData, folds: Int32Array): void {
  const p = data.x.length;
  const header = [...Array.from({ length: p }, (_, j) => `x${j + 1}`), 'y', 'fold'].join(',');
  const lines = [header];
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  for (let i = 0; i < data.y.length; i++) {
    const cells: string[] = [];
    for (let j = 0; j < p; j++) {
      const value = data.x[j]![i]!;
      const levels = data.featureLevels[j];
      cells.push(Number.isNaN(value) ? '' : levels ? quote(levels[value]!) : String(value));
    }
    cells.push(data.classes === null ? String(data.y[i]) : quote(data.classes[data.y[i]!]!));
    cells.push(String(folds[i]));
    lines.push(cells.join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

export interface PeerResult {
  /** Test-set predictions per fold id: regression values, or one probability column per class. */
  predictions: Map<number, Prediction>;
  /** Median fit time in seconds per fold id. */
  seconds: Map<number, number>;
  /** Median CPU time (user + system) of the fit per fold id, where the peer reports it. */
  cpuSeconds: Map<number, number>;
}

/**
 * Runs one peer on the CSV in `dir`; `args` are the script's key=value options (method,
 * task, hyperparameters, folds, repeats, threads).
 */
export function runPeer(runtime: PeerRuntime, dir: string, csv: string, tag: string, args: Record<string, string | number>): PeerResult {
  const out = path.join(dir, `${tag}-predictions.csv`);
  const times = path.join(dir, `${tag}-times.csv`);
  const options = Object.entries({ ...args, data: csv, out, times }).map(([key, value]) => `${key}=${value}`);
  const [command, script] = runtime === 'R' ? ['Rscript', 'peer-fit.R'] : [PYTHON, runtime === 'sklearn' ? 'peer-knn.py' : 'peer-fit.py'];
  const run = spawnSync(command, [path.join(SCRIPTS, script), ...options], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${command} ${script} ${options.join(' ')} failed:\n${run.stderr}`);
  return { predictions: readPredictions(out), seconds: readTimes(times, 'seconds'), cpuSeconds: readTimes(times, 'cpu_seconds') };
}

function readRows(file: string): { header: string[]; rows: number[][] } {
  const [first, ...rest] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = first!.split(',').map((name) => name.replaceAll('"', ''));
  return { header, rows: rest.map((line) => line.split(',').map(Number)) };
}

function readPredictions(file: string): Map<number, Prediction> {
  const { header, rows } = readRows(file);
  const foldColumn = header.indexOf('fold');
  const rowColumn = header.indexOf('row');
  const valueColumn = header.indexOf('value');
  const probabilityColumns = header.flatMap((name, j) => (/^p\d+$/.test(name) ? [j] : []));
  const byFold = new Map<number, number[][]>();
  for (const row of rows) {
    const fold = row[foldColumn]!;
    if (!byFold.has(fold)) byFold.set(fold, []);
    byFold.get(fold)!.push(row);
  }
  const predictions = new Map<number, Prediction>();
  for (const [fold, foldRows] of byFold) {
    foldRows.sort((a, b) => a[rowColumn]! - b[rowColumn]!);
    predictions.set(
      fold,
      valueColumn >= 0
        ? { values: Float64Array.from(foldRows, (row) => row[valueColumn]!), probabilities: null }
        : {
            values: new Float64Array(0),
            probabilities: probabilityColumns.map((j) => Float64Array.from(foldRows, (row) => row[j]!)),
          },
    );
  }
  return predictions;
}

/** One timing column per fold id; empty when the peer does not write that column. */
function readTimes(file: string, column: 'seconds' | 'cpu_seconds'): Map<number, number> {
  const { header, rows } = readRows(file);
  const fold = header.indexOf('fold');
  const seconds = header.indexOf(column);
  return seconds < 0 ? new Map() : new Map(rows.map((row) => [row[fold]!, row[seconds]!]));
}
