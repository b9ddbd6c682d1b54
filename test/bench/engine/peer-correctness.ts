/**
 * Correctness against the peers: on every shared dataset, the 5-fold mean test metrics of our
 * GLM / CART / Ranger / LightGBM / KNN / GLMNET next to R glm / rpart / ranger, xgboost (hist),
 * scikit-learn KNeighbors* (knn-pairings.ts) and R cv.glmnet (glmnet-pairing.ts) trained on
 * the very same folds, all scored by the engine's metric functions. For KNN, which both sides
 * compute identically, the share of identical test predictions is printed too. For GLMNET the
 * whole coefficient path on each dataset is compared with R glmnet's as well. Exits non-zero
 * when a checked metric (balanced accuracy, AUC, R²) differs by more than 0.02, or a GLMNET
 * path by more than 1e-4 (relative).
 *
 *   node dist/test/bench/engine/peer-correctness.js [dataset ...] [family ...]
 *
 * Missing feature values (penguins, airquality): incomplete rows are dropped on both sides
 * before the folds are drawn, so nothing has to be imputed identically. Rows with a missing
 * outcome are dropped by the engine's toSupervised as in a real run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Prediction } from '../../../src/engine/learner.js';
import { foldIds, loadBenchDataset, subsetRows } from './bench-data.js';
import { actualOf, CHECKED_METRICS, foldRows, meanScores, scoreFold, type FoldScores } from './fold-scoring.js';
import { compareGlmnetCoefficients, type CoefficientComparison } from './glmnet-coefficients.js';
import { glmnetPairing } from './glmnet-pairing.js';
import { knnPairings } from './knn-pairings.js';
import { pairings, type Family } from './peer-pairings.js';
import { decideClasses } from '../../../src/engine/trees/class-decision.js';
import { ensurePeers, runPeer, writePeerCsv } from './peer-process.js';

const DATASETS = ['iris', 'penguins', 'breast_cancer', 'wine', 'mtcars', 'boston', 'diabetes', 'airquality'];
const FOLDS = 5;
const SEED = 2026;
const TOLERANCE = 0.02;
const FAMILIES: Family[] = ['GLM', 'CART', 'Ranger', 'LightGBM', 'NNLS', 'Isotonic', 'KNN', 'LinearSVM', 'RadialSVM', 'GLMNET'];
const COEFFICIENT_TOLERANCE = 1e-4;

type PathComparison = CoefficientComparison & { dataset: string };

interface Comparison {
  dataset: string;
  family: string;
  peer: string;
  metric: string;
  ours: number;
  theirs: number;
}

async function compareDataset(name: string, dir: string, families: Family[] | null, paths: PathComparison[]): Promise<Comparison[]> {
  const { data, droppedIncomplete } = loadBenchDataset(name);
  const folds = foldIds(data, FOLDS, SEED);
  const csv = path.join(dir, `${name}.csv`);
  writePeerCsv(csv, data, folds);
  const kind = data.classes === null ? 'regression' : `${data.classes.length}-class`;
  console.log(`${name}: ${data.y.length} rows × ${data.x.length} features, ${kind}${droppedIncomplete > 0 ? `, ${droppedIncomplete} incomplete rows dropped` : ''}`);

  const comparisons: Comparison[] = [];
  for (const pairing of [...pairings({ rangerTrees: 500, gbmLeaves: 8, gbmRounds: 100, gbmLearningRate: 0.1, svmCost: 1, svmGamma: 0.01 }), ...knnPairings(), glmnetPairing()]) {
    if (!pairing.fits(data) || (families !== null && !families.includes(pairing.family))) continue;
    const peer = runPeer(pairing.peerRuntime, dir, csv, `${name}-${pairing.family}`, pairing.peerArgs(data));
    const ours: FoldScores[] = [];
    const theirs: FoldScores[] = [];
    const agreement = { same: 0, cases: 0 };
    let agreeing = 0;
    for (let k = 1; k <= FOLDS; k++) {
      const { train, test } = foldRows(folds, k);
      const model = await pairing.fitOurs(subsetRows(data, train), SEED + k);
      const actual = actualOf(data, test);
      const prediction = model.predict(subsetRows(data, test).x);
      ours.push(scoreFold(actual, prediction, data.classes));
      const peerPrediction = peer.predictions.get(k);
      if (peerPrediction === undefined) throw new Error(`${pairing.peerName} returned no predictions for fold ${k}.`);
      theirs.push(scoreFold(actual, peerPrediction, data.classes));
      if (pairing.samePredictions) countAgreement(prediction, peerPrediction, agreement);
      if (pairing.labelAgreement === true && data.classes !== null) {
        const peerClasses = decideClasses(peerPrediction.probabilities!);
        agreeing += decideClasses(prediction.probabilities!).filter((code, i) => code === peerClasses[i]).length;
      }
    }
    if (pairing.samePredictions) {
      const share = ((100 * agreement.same) / agreement.cases).toFixed(1);
      const others = agreement.same < agreement.cases ? ' (expected only where neighbour distances tie: each side orders ties its own way)' : '';
      console.log(`  ${pairing.family} vs ${pairing.peerName}: ${agreement.same} of ${agreement.cases} test predictions identical, ${share}%${others}`);
    }
    const oursMean = meanScores(ours);
    const theirsMean = meanScores(theirs);
    for (const metric of Object.keys(oursMean)) {
      comparisons.push({ dataset: name, family: pairing.family, peer: pairing.peerName, metric, ours: oursMean[metric]!, theirs: theirsMean[metric]! });
    }
    if (pairing.labelAgreement === true && data.classes !== null) {
      // Share of test cases given the same class by both sides (peer column: 1 = all).
      const metric = 'label_agreement';
      comparisons.push({ dataset: name, family: pairing.family, peer: pairing.peerName, metric, ours: agreeing / data.y.length, theirs: 1 });
    }
  }
  if (families === null || families.includes('GLMNET')) paths.push({ dataset: name, ...(await compareGlmnetCoefficients(data, csv, dir, name)) });
  return comparisons;
}

function pathFails(c: CoefficientComparison): boolean {
  return c.pointsOurs !== c.pointsR || !(c.maxRelative <= COEFFICIENT_TOLERANCE);
}

function printPaths(paths: PathComparison[]): void {
  console.log(`\nGLMNET coefficient paths vs R glmnet on all rows (lasso, glmnet's lambda sequence; tolerance ${COEFFICIENT_TOLERANCE} relative):`);
  console.log(['dataset'.padEnd(14), 'family'.padEnd(12), 'lambdas ours/R', 'max lambda diff', 'max coef diff', ''].join('  '));
  for (const c of paths) {
    console.log(
      [
        c.dataset.padEnd(14),
        c.family.padEnd(12),
        `${c.pointsOurs}/${c.pointsR}`.padEnd(14),
        c.maxLambdaRelative.toExponential(1).padStart(15),
        c.maxRelative.toExponential(1).padStart(13),
        pathFails(c) ? 'FAIL' : 'ok',
      ].join('  '),
    );
  }
}

/** Test cases whose every output (value, or each class probability) agrees within 1e-9. */
function countAgreement(ours: Prediction, theirs: Prediction, tally: { same: number; cases: number }): void {
  const a = ours.probabilities ?? [ours.values];
  const b = theirs.probabilities ?? [theirs.values];
  const n = a[0]!.length;
  for (let i = 0; i < n; i++) {
    tally.cases++;
    if (a.every((column, c) => Math.abs(column[i]! - b[c]![i]!) <= 1e-9)) tally.same++;
  }
}

function exceeds(comparison: Comparison): boolean {
  return CHECKED_METRICS.has(comparison.metric) && !(Math.abs(comparison.ours - comparison.theirs) <= TOLERANCE);
}

function printTable(comparisons: Comparison[]): void {
  const header = ['dataset', 'algorithm', 'peer', 'metric', 'ours', 'peer', 'diff', ''];
  const rows = comparisons.map((c) => [
    c.dataset,
    c.family,
    c.peer,
    c.metric,
    c.ours.toFixed(4),
    c.theirs.toFixed(4),
    (c.ours - c.theirs >= 0 ? '+' : '') + (c.ours - c.theirs).toFixed(4),
    exceeds(c) ? `> ${TOLERANCE}` : CHECKED_METRICS.has(c.metric) ? 'ok' : '(shown only)',
  ]);
  const widths = header.map((_, j) => Math.max(header[j]!.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: string[]) => cells.map((cell, j) => (j >= 4 && j <= 6 ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** `families` null = every pairing. */
export async function runPeerCorrectness(datasets: string[] = DATASETS, families: Family[] | null = null): Promise<boolean> {
  ensurePeers();
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-peers-'));
  try {
    const comparisons: Comparison[] = [];
    const paths: PathComparison[] = [];
    for (const name of datasets) comparisons.push(...(await compareDataset(name, dir, families, paths)));
    console.log(`\n${FOLDS}-fold mean test metrics, same folds on both sides (tolerance ${TOLERANCE} on ${[...CHECKED_METRICS].join(', ')}):`);
    printTable(comparisons);
    const failures = comparisons.filter(exceeds);
    const checked = comparisons.filter((c) => CHECKED_METRICS.has(c.metric)).length;
    console.log(`\n${checked - failures.length} of ${checked} checked metrics within ${TOLERANCE}; ${failures.length} beyond.`);
    if (paths.length > 0) printPaths(paths);
    return failures.length === 0 && !paths.some(pathFails);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const families = args.filter((arg) => FAMILIES.includes(arg as Family)) as Family[];
  const requested = args.filter((arg) => !FAMILIES.includes(arg as Family));
  const ok = await runPeerCorrectness(requested.length > 0 ? requested : DATASETS, families.length > 0 ? families : null);
  if (!ok) process.exitCode = 1;
}
