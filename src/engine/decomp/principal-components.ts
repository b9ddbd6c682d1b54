/**
 * Principal component scores of row-major data, for the embeddings' PCA steps (Rtsne's
 * `prcomp(X, center, scale., rank.)`, uwot's PCA initialisation): optionally centre and
 * scale the columns (sample SD), then project onto the eigenvectors of the cross-product
 * matrix with the largest eigenvalues. Signs are arbitrary, as in R.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface PCAScores {
  /** Row-major n × rank scores. */
  scores: Float64Array;
  rank: number;
}

export function principalComponentScores(rows: Float64Array, n: number, p: number, k: number, center: boolean, scale: boolean): PCAScores {
  const shift = new Float64Array(p);
  const divide = new Float64Array(p).fill(1);
  if (center) {
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) shift[j] += rows[i * p + j]!;
    for (let j = 0; j < p; j++) shift[j] /= n;
  }
  if (scale) {
    // prcomp's scale.: root mean square about the centre with n − 1 (the SD when centred).
    const sums = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sums[j] += (rows[i * p + j]! - shift[j]!) ** 2;
    for (let j = 0; j < p; j++) {
      const spread = Math.sqrt(sums[j]! / (n - 1));
      if (!(spread > 0)) throw new Error('PCA cannot rescale a constant column to unit variance.');
      divide[j] = spread;
    }
  }
  const standard = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) standard[i * p + j] = (rows[i * p + j]! - shift[j]!) / divide[j]!;

  const cross = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const base = i * p;
    for (let a = 0; a < p; a++) {
      const value = standard[base + a]!;
      if (value === 0) continue;
      const row = a * p;
      for (let b = a; b < p; b++) cross[row + b] += value * standard[base + b]!;
    }
  }
  const matrix = new Matrix(p, p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      matrix.set(a, b, cross[a * p + b]!);
      matrix.set(b, a, cross[a * p + b]!);
    }
  }
  const eigen = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const order = eigen.realEigenvalues.map((value, index) => ({ value, index })).sort((x, y) => y.value - x.value);
  const rank = Math.min(k, p, n);
  const directions = order.slice(0, rank).map(({ index }) => Float64Array.from({ length: p }, (_, j) => eigen.eigenvectorMatrix.get(j, index)));
  const scores = new Float64Array(n * rank);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < rank; c++) {
      const direction = directions[c]!;
      let sum = 0;
      for (let j = 0; j < p; j++) sum += standard[i * p + j]! * direction[j]!;
      scores[i * rank + c] = sum;
    }
  }
  return { scores, rank };
}
