/** Small helpers shared by the decompositions: column statistics, JSON matrices, draws. */
import type { Matrix } from 'ml-matrix';

export function columnMeans(x: Float64Array[]): Float64Array {
  return Float64Array.from(x, (column) => column.reduce((a, b) => a + b, 0) / column.length);
}

/** Refuses missing values, as rtemis's `check_unsupervised_data(allow_missing = FALSE)`. */
export function requireComplete(algorithm: string, x: Float64Array[], names: string[]): void {
  x.forEach((column, j) => {
    if (column.some((value) => !Number.isFinite(value))) {
      throw new Error(`${algorithm} does not allow missing values (feature ${names[j]}); impute or remove them first.`);
    }
  });
}

/** A matrix as an array of rows, for the `decom` JSON. */
export function toRows(matrix: Matrix): number[][] {
  return matrix.to2DArray();
}

/** A standard normal draw (Box–Muller) from the run's uniform generator. */
export function normalDraw(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
