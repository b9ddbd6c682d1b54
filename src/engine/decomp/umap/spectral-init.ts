/**
 * uwot's spectral initialisation: the eigenvectors of the normalised graph Laplacian
 * L = I − D^-½ A D^-½ for its 2nd … (k+1)th smallest eigenvalues, scaled so the largest
 * coordinate is 10, plus N(0, 1e-4) jitter. Computed as the top eigenvectors of the shifted
 * matrix 2I − L = I + D^-½ A D^-½ (positive semi-definite, as uwot's irlba path does),
 * deflating the known top eigenvector D^½·1, by restarted Lanczos (Krylov–Schur) with full
 * reorthogonalisation. The graph must be connected (the caller falls back otherwise).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Pacer } from '../embedding-context.js';
import type { FastRandom } from '../fast-random.js';
import type { SparseGraph } from './fuzzy-set.js';

const TOLERANCE = 1e-6;
const MAX_RESTARTS = 300;

/** Row-major n × k initial coordinates: the eigenvectors scaled to a largest coordinate of 10, jittered. */
export async function spectralLayout(graph: SparseGraph, k: number, random: FastRandom, pacer: Pacer): Promise<Float64Array> {
  const vectors = await laplacianEigenvectors(graph, k, random, pacer);
  const n = graph.n;
  let largest = 0;
  for (const vector of vectors) for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(vector[i]!));
  const expansion = 10 / largest;
  const coords = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) coords[i * k + c] = vectors[c]![i]! * expansion + 1e-4 * random.nextNormal();
  }
  return coords;
}

/** The unit eigenvectors of L for its 2nd … (k+1)th smallest eigenvalues (uwot `normlaplacian`). */
export async function laplacianEigenvectors(graph: SparseGraph, k: number, random: FastRandom, pacer: Pacer): Promise<Float64Array[]> {
  const { n, rowPtr, cols, vals } = graph;
  const scale = new Float64Array(n);
  const trivial = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let degree = 0;
    for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) degree += vals[s]!;
    scale[i] = 1 / Math.sqrt(degree);
    trivial[i] = Math.sqrt(degree);
  }
  normalise(trivial);
  const scratch = new Float64Array(n);
  const multiply = (x: Float64Array, y: Float64Array) => {
    for (let i = 0; i < n; i++) scratch[i] = scale[i]! * x[i]!;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) sum += vals[s]! * scratch[cols[s]!]!;
      y[i] = x[i]! + scale[i]! * sum;
    }
  };
  return topEigenvectors(multiply, n, k, trivial, random, pacer);
}

/**
 * The k eigenvectors with the largest eigenvalues of the symmetric operator `multiply`,
 * orthogonal to the unit vector `deflate`, in descending eigenvalue order. A Krylov space
 * grown from one vector holds one vector per distinct eigenvalue, so a repeated eigenvalue
 * (a symmetric graph such as a ring) would be missed: after convergence a further search
 * orthogonal to the found vectors looks for one more, until none beats the k-th.
 */
export async function topEigenvectors(
  multiply: (x: Float64Array, y: Float64Array) => void,
  n: number,
  k: number,
  deflate: Float64Array,
  random: FastRandom,
  pacer: Pacer,
): Promise<Float64Array[]> {
  let found = await lanczos(multiply, n, k, [deflate], random, pacer);
  for (let extra = 0; extra < k && n - 1 > k + 1; extra++) {
    const more = await lanczos(multiply, n, 1, [deflate, ...found.vectors], random, pacer);
    const weakest = found.values[k - 1]!;
    if (!(more.values[0]! > weakest + 1e-9 * Math.abs(weakest))) break;
    const merged = [...found.vectors.map((vector, c) => ({ vector, value: found.values[c]! })), { vector: more.vectors[0]!, value: more.values[0]! }]
      .sort((a, b) => b.value - a.value)
      .slice(0, k);
    found = { vectors: merged.map((m) => m.vector), values: merged.map((m) => m.value) };
  }
  return found.vectors;
}

/** Restarted Lanczos (Krylov–Schur) for the top k eigenpairs orthogonal to the unit vectors `deflate`. */
async function lanczos(
  multiply: (x: Float64Array, y: Float64Array) => void,
  n: number,
  k: number,
  deflate: Float64Array[],
  random: FastRandom,
  pacer: Pacer,
): Promise<{ vectors: Float64Array[]; values: number[] }> {
  const m = Math.min(n - deflate.length, Math.max(20, 4 * k + 8));
  if (m <= k) throw new Error(`Spectral initialisation needs more than ${k + deflate.length} cases.`);
  const basis = Array.from({ length: m + 1 }, () => new Float64Array(n));
  const images = Array.from({ length: m }, () => new Float64Array(n));
  randomUnitVector(basis[0]!, deflate, basis, 0, random);
  let size = 0;
  let ritz: Float64Array[] = [];
  let values: number[] = [];
  for (let restart = 0; restart < MAX_RESTARTS; restart++) {
    for (let j = size; j < m; j++) {
      multiply(basis[j]!, images[j]!);
      const next = basis[j + 1]!;
      next.set(images[j]!);
      orthogonalise(next, deflate, basis, j + 1);
      if (!(normalise(next) > 1e-10)) randomUnitVector(next, deflate, basis, j + 1, random);
      if (pacer.due()) await pacer.checkpoint();
    }
    // Rayleigh–Ritz on the basis: T = Vᵀ A V.
    const projected = new Matrix(m, m);
    for (let a = 0; a < m; a++) {
      for (let b = a; b < m; b++) {
        const value = 0.5 * (dot(basis[a]!, images[b]!) + dot(basis[b]!, images[a]!));
        projected.set(a, b, value);
        projected.set(b, a, value);
      }
    }
    const eigen = new EigenvalueDecomposition(projected, { assumeSymmetric: true });
    const order = eigen.realEigenvalues.map((value, index) => ({ value, index })).sort((x, y) => y.value - x.value);
    const keep = Math.min(m - 1, k + Math.floor((m - k) / 2));
    const kept = order.slice(0, keep);
    const newBasis = kept.map(({ index }) => combine(basis, eigen.eigenvectorMatrix, index, m, n));
    const newImages = kept.map(({ index }) => combine(images, eigen.eigenvectorMatrix, index, m, n));
    ritz = newBasis.slice(0, k);
    values = kept.slice(0, k).map((o) => o.value);
    let converged = true;
    for (let c = 0; c < k; c++) {
      const theta = kept[c]!.value;
      let residual = 0;
      for (let i = 0; i < n; i++) residual += (newImages[c]![i]! - theta * newBasis[c]![i]!) ** 2;
      if (Math.sqrt(residual) > TOLERANCE) converged = false;
    }
    if (converged) break;
    // Thick restart: the kept Ritz vectors, then the last Lanczos direction.
    const last = basis[m]!;
    for (let c = 0; c < keep; c++) {
      basis[c]!.set(newBasis[c]!);
      images[c]!.set(newImages[c]!);
    }
    basis[keep]!.set(last);
    orthogonalise(basis[keep]!, deflate, basis, keep);
    if (!(normalise(basis[keep]!) > 1e-10)) randomUnitVector(basis[keep]!, deflate, basis, keep, random);
    size = keep;
    await pacer.maybe();
  }
  return { vectors: ritz, values };
}

function combine(vectors: Float64Array[], coefficients: Matrix, column: number, m: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let a = 0; a < m; a++) {
    const weight = coefficients.get(a, column);
    const vector = vectors[a]!;
    for (let i = 0; i < n; i++) out[i] += weight * vector[i]!;
  }
  return out;
}

/** Removes from x its components along `deflate` and basis[0..count), twice for stability. */
function orthogonalise(x: Float64Array, deflate: Float64Array[], basis: Float64Array[], count: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const unit of deflate) subtractProjection(x, unit);
    for (let a = 0; a < count; a++) subtractProjection(x, basis[a]!);
  }
}

function subtractProjection(x: Float64Array, unit: Float64Array): void {
  const coefficient = dot(x, unit);
  for (let i = 0; i < x.length; i++) x[i] -= coefficient * unit[i]!;
}

function randomUnitVector(x: Float64Array, deflate: Float64Array[], basis: Float64Array[], count: number, random: FastRandom): void {
  for (let i = 0; i < x.length; i++) x[i] = random.nextNormal();
  orthogonalise(x, deflate, basis, count);
  normalise(x);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Scales x to unit length and returns its former norm. */
function normalise(x: Float64Array): number {
  const norm = Math.sqrt(dot(x, x));
  if (norm > 0) for (let i = 0; i < x.length; i++) x[i] /= norm;
  return norm;
}
