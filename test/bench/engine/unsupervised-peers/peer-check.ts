/**
 * What every unsupervised peer check shares: the data both sides see (a fixture dataset's
 * complete numeric columns, optionally standardised, or synthetic blobs), exact exchange of
 * doubles with R (raw little-endian binary, no decimal round trip), running an R program,
 * and the row a check reports. A check is a `PeerCheck`; add yours to the list in
 * ../unsupervised-correctness.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { datasetFromArrow } from '../../../../src/engine/data/dataset.js';
import { createRandom } from '../../../../src/engine/random.js';
import { datasetIpc } from '../../../support/arrow-fixtures.js';

export interface CheckRow {
  /** e.g. "DBSCAN eps=0.5 minPts=5". */
  check: string;
  dataset: string;
  /** What is compared, e.g. "labels up to relabelling", "objective". */
  measure: string;
  ours: string;
  peer: string;
  /** The pass rule, e.g. "identical", "≤ 1%". */
  tolerance: string;
  pass: boolean;
}

export interface PeerCheck {
  /** Family label for the table heading, e.g. "DBSCAN vs dbscan::dbscan". */
  name: string;
  /** CRAN packages the R side loads (installed from Debian when missing). */
  rPackages: string[];
  /** Runs the comparison in `dir` (a scratch directory) and returns its rows. */
  run(dir: string): Promise<CheckRow[]>;
}

/** Column-major numeric data as the engine sees it. */
export interface NumericData {
  name: string;
  x: Float64Array[];
  names: string[];
  n: number;
}

/**
 * A fixture dataset's numeric columns, rows with a missing value dropped; standardised
 * (mean 0, sd 1 with n − 1) when `standardise`, as one would before a distance-based method.
 */
export function fixtureNumeric(name: string, standardise: boolean): NumericData {
  const dataset = datasetFromArrow(datasetIpc(name));
  const numeric = dataset.columns.filter((column) => column.kind === 'numeric');
  const complete = [...Array(dataset.nRows).keys()].filter((i) => numeric.every((column) => Number.isFinite(column.values[i]!)));
  let x: Float64Array[] = numeric.map((column) => Float64Array.from(complete, (i) => column.values[i]!));
  if (standardise) x = x.map(standardised);
  return { name: standardise ? `${name} (scaled)` : name, x, names: numeric.map((column) => column.name), n: complete.length };
}

function standardised(values: Float64Array): Float64Array {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return values.map((v) => (v - mean) / sd);
}

/** `n` points in `p` dimensions around `centres` Gaussian blobs (sd 1, centres 6 apart), plus 5% uniform noise. */
export function blobs(n: number, p: number, centres: number, seed: number): NumericData {
  const random = createRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const means = Array.from({ length: centres }, () => Array.from({ length: p }, () => (random() - 0.5) * 6 * centres));
  const x = Array.from({ length: p }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const noise = random() < 0.05;
    const mean = means[Math.floor(random() * centres)]!;
    for (let j = 0; j < p; j++) x[j]![i] = noise ? (random() - 0.5) * 8 * centres : mean[j]! + gaussian();
  }
  return { name: `blobs ${n}×${p}`, x, names: x.map((_, j) => `x${j + 1}`), n };
}

/** Writes column-major doubles (R's matrix layout) as little-endian float64. */
export function writeDoubles(file: string, columns: ArrayLike<number>[] | Float64Array): void {
  const flat = columns instanceof Float64Array ? columns : Float64Array.from(columns.flatMap((column) => Array.from(column)));
  const bytes = new Uint8Array(flat.length * 8);
  const view = new DataView(bytes.buffer);
  flat.forEach((value, i) => view.setFloat64(i * 8, value, true));
  writeFileSync(file, bytes);
}

export function readDoubles(file: string): Float64Array {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

/** Helpers every R program gets: `args` (key=value arguments), `read_matrix(path, n, p)`, `write_doubles(x, path)`. */
const R_PRELUDE = `
args <- local({
  kv <- strsplit(commandArgs(trailingOnly = TRUE), "=", fixed = TRUE)
  setNames(lapply(kv, function(p) paste(p[-1], collapse = "=")), vapply(kv, function(p) p[1], ""))
})
num <- function(name) as.numeric(args[[name]])
read_matrix <- function(path, n, p) matrix(readBin(path, "double", n * p, size = 8, endian = "little"), n, p)
write_doubles <- function(x, path) writeBin(as.double(x), path, size = 8, endian = "little")
`;

/** Runs an R program (`code`, after the prelude) with key=value arguments; throws with R's stderr on failure. */
export function runR(dir: string, tag: string, code: string, args: Record<string, string | number>): string {
  const script = path.join(dir, `${tag}.R`);
  writeFileSync(script, R_PRELUDE + code);
  const run = spawnSync('Rscript', [script, ...Object.entries(args).map(([key, value]) => `${key}=${value}`)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`Rscript ${tag}.R failed:\n${run.stderr}`);
  return run.stdout;
}

/** A quiet context for calling engine algorithms directly. */
export function benchContext(seed: number) {
  return { random: createRandom(seed), checkpoint: async () => {}, message: () => {} };
}
