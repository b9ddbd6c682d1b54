/**
 * Data for the embedding peer checks and benchmarks: a seeded "digits-like" generator
 * (10 classes of 8 × 8 images: each class a smooth prototype glyph, cases varying along a
 * few smooth class-specific directions plus pixel noise, intensities about 0–16 and raw
 * 5-NN accuracy about 0.96, as on sklearn's digits) and the fixture datasets' numeric columns
 * with their class labels.
 * Values stay continuous, so no two cases coincide (Rtsne refuses duplicates).
 */
import { createRandom } from '../../../src/engine/random.js';
import { loadDataset } from '../../engine/trees/load-csv.js';

export interface LabelledData {
  name: string;
  /** Column-major features. */
  x: Float64Array[];
  labels: Int32Array;
}

const SIDE = 8;

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A smooth random 8 × 8 pattern: a sum of a few Gaussian bumps. */
function smoothPattern(random: () => number, bumps: number, width: number): Float64Array {
  const image = new Float64Array(SIDE * SIDE);
  for (let b = 0; b < bumps; b++) {
    const cx = random() * (SIDE - 1);
    const cy = random() * (SIDE - 1);
    const sign = b === 0 ? 1 : random() < 0.7 ? 1 : -1;
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) image[r * SIDE + c] += sign * Math.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * width * width));
    }
  }
  return image;
}

export function digitsLike(n: number, seed: number): LabelledData {
  const random = createRandom(seed);
  const classes = 10;
  const prototypes = Array.from({ length: classes }, () => smoothPattern(random, 4, 1.2).map((v) => 16 * Math.max(0, Math.min(1, v))));
  const directions = Array.from({ length: classes }, () => Array.from({ length: 3 }, () => smoothPattern(random, 3, 1.5).map((v) => 5 * v)));
  const p = SIDE * SIDE;
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % classes;
    labels[i] = label;
    const z = directions[label]!.map(() => normal(random));
    for (let j = 0; j < p; j++) {
      let value = prototypes[label]![j]!;
      for (let f = 0; f < z.length; f++) value += z[f]! * directions[label]![f]![j]!;
      x[j]![i] = value + 5 * normal(random);
    }
  }
  return { name: `digits-like-${n}`, x, labels };
}

/** A fixture dataset's numeric columns (complete cases) and its class outcome as labels. */
export function fixtureData(name: string): LabelledData {
  const data = loadDataset(name);
  const numeric = data.x.filter((_, j) => data.featureLevels[j] === null);
  const complete = Array.from({ length: data.y.length }, (_, i) => i).filter((i) => numeric.every((column) => Number.isFinite(column[i]!)) && Number.isFinite(data.y[i]!));
  return {
    name,
    x: numeric.map((column) => Float64Array.from(complete, (i) => column[i]!)),
    labels: Int32Array.from(complete, (i) => data.y[i]!),
  };
}

/** Row-major copy of column-major features. */
export function rowsOf(x: Float64Array[]): Float64Array {
  const p = x.length;
  const n = x[0]?.length ?? 0;
  const rows = new Float64Array(n * p);
  x.forEach((column, j) => column.forEach((value, i) => (rows[i * p + j] = value)));
  return rows;
}
