/**
 * ICA as rtemis runs it (R/decomp_ICA.R → `fastICA::fastICA(method = "C")`): centre each
 * feature; with `row_norm`, standardise each case across features (fastICA's C code does
 * this, whatever the R docs say); whiten onto the first k principal axes
 * (K = D^-½ Uᵀ of XᵀX/n); then FastICA, parallel (symmetric decorrelation) or deflation,
 * with the logcosh or exp contrast, from a random normal start drawn from the run's
 * generator. Sources S = X K W, mixing matrix A (components × features) as loadings;
 * new cases are projected with the training centre, as rtemis's `apply_decomp`.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { DecompositionSettings } from '../config/types.js';
import type { DecompositionMethod, UnsupervisedContext } from '../unsupervised.js';
import { columnMeans, normalDraw, requireComplete, toRows } from './matrix-helpers.js';

export type ICASettings = DecompositionSettings<'ICA'>;

/** Centres features by `center`; with `rowNorm`, standardises each case (sample SD across features). */
function preprocess(x: Float64Array[], center: Float64Array, rowNorm: boolean): { data: Matrix; rowCenter: Float64Array | null; rowScale: Float64Array | null } {
  const p = x.length;
  const n = x[0]!.length;
  const data = new Matrix(n, p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) data.set(i, j, x[j]![i]! - center[j]!);
  if (!rowNorm) return { data, rowCenter: null, rowScale: null };
  const rowCenter = new Float64Array(n);
  const rowScale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < p; j++) sum += data.get(i, j);
    const mean = sum / p;
    let squares = 0;
    for (let j = 0; j < p; j++) squares += (data.get(i, j) - mean) ** 2;
    const sd = Math.sqrt(squares / (p - 1));
    if (!(sd > 0)) throw new Error(`ICA with row_norm cannot standardise case ${i + 1}: its centred features are all equal. Set row_norm to false.`);
    rowCenter[i] = mean;
    rowScale[i] = sd;
    for (let j = 0; j < p; j++) data.set(i, j, (data.get(i, j) - mean) / sd);
  }
  return { data, rowCenter, rowScale };
}

/** (M Mᵀ)^-½ M: the symmetric decorrelation FastICA applies after every parallel step. */
function decorrelate(m: Matrix): Matrix {
  const evd = new EigenvalueDecomposition(m.mmul(m.transpose()), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const inverseRoot = vectors.mmul(Matrix.diag(values.map((v) => 1 / Math.sqrt(Math.max(v, Number.MIN_VALUE))))).mmul(vectors.transpose());
  return inverseRoot.mmul(m);
}

interface Contrast {
  /** g(u) and g'(u) of the neg-entropy approximation. */
  g(u: number): number;
  derivative(u: number, gu: number): number;
}

function contrast(fun: ICASettings['fun'], alpha: number): Contrast {
  if (fun === 'exp') {
    return { g: (u) => u * Math.exp(-(u * u) / 2), derivative: (u) => (1 - u * u) * Math.exp(-(u * u) / 2) };
  }
  return { g: (u) => Math.tanh(alpha * u), derivative: (_u, gu) => alpha * (1 - gu * gu) };
}

/** Parallel FastICA on whitened data z (nc × n). */
async function parallelFastICA(z: Matrix, start: Matrix, settings: ICASettings, context: UnsupervisedContext): Promise<{ w: Matrix; iterations: number; converged: boolean }> {
  const [nc, n] = [z.rows, z.columns];
  const { g, derivative } = contrast(settings.fun, settings.alpha);
  let w = decorrelate(start);
  const zt = z.transpose();
  for (let iteration = 1; iteration < settings.maxit || iteration === 1; iteration++) {
    await context.checkpoint();
    const wz = w.mmul(z);
    const meanDerivative = new Float64Array(nc);
    for (let c = 0; c < nc; c++) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const u = wz.get(c, i);
        const gu = g(u);
        wz.set(c, i, gu);
        sum += derivative(u, gu);
      }
      meanDerivative[c] = sum / n;
    }
    const next = wz.mmul(zt).div(n);
    for (let c = 0; c < nc; c++) for (let d = 0; d < nc; d++) next.set(c, d, next.get(c, d) - meanDerivative[c]! * w.get(c, d));
    const decorrelated = decorrelate(next);
    const agreement = decorrelated.mmul(w.transpose());
    let change = 0;
    for (let c = 0; c < nc; c++) change = Math.max(change, Math.abs(Math.abs(agreement.get(c, c)) - 1));
    w = decorrelated;
    if (change <= settings.tol) return { w, iterations: iteration, converged: true };
  }
  return { w, iterations: settings.maxit, converged: false };
}

/** Deflation FastICA: one component at a time, Gram–Schmidt against the ones found. */
async function deflationFastICA(z: Matrix, start: Matrix, settings: ICASettings, context: UnsupervisedContext): Promise<{ w: Matrix; iterations: number; converged: boolean }> {
  const [nc, n] = [z.rows, z.columns];
  const { g, derivative } = contrast(settings.fun, settings.alpha);
  const w = new Matrix(nc, nc);
  let iterations = 0;
  let converged = true;
  const orthonormalise = (vector: Float64Array, found: number): void => {
    for (let f = 0; f < found; f++) {
      let projection = 0;
      for (let d = 0; d < nc; d++) projection += vector[d]! * w.get(f, d);
      for (let d = 0; d < nc; d++) vector[d] = vector[d]! - projection * w.get(f, d);
    }
    const norm = Math.hypot(...vector);
    for (let d = 0; d < nc; d++) vector[d] = vector[d]! / norm;
  };
  for (let c = 0; c < nc; c++) {
    let current = Float64Array.from(start.getRow(c));
    orthonormalise(current, c);
    let done = false;
    for (let iteration = 1; iteration < settings.maxit && !done; iteration++) {
      await context.checkpoint();
      const next = new Float64Array(nc);
      let meanDerivative = 0;
      for (let i = 0; i < n; i++) {
        let u = 0;
        for (let d = 0; d < nc; d++) u += current[d]! * z.get(d, i);
        const gu = g(u);
        meanDerivative += derivative(u, gu);
        for (let d = 0; d < nc; d++) next[d] = next[d]! + z.get(d, i) * gu;
      }
      meanDerivative /= n;
      for (let d = 0; d < nc; d++) next[d] = next[d]! / n - meanDerivative * current[d]!;
      orthonormalise(next, c);
      let agreement = 0;
      for (let d = 0; d < nc; d++) agreement += next[d]! * current[d]!;
      current = next;
      iterations += 1;
      done = Math.abs(Math.abs(agreement) - 1) <= settings.tol;
    }
    converged &&= done;
    w.setRow(c, Array.from(current));
  }
  return { w, iterations, converged };
}

export const icaMethod: DecompositionMethod<ICASettings> = {
  name: 'ICA',
  async fit(data, settings, context) {
    const { x, names } = data;
    requireComplete('ICA', x, names);
    const p = x.length;
    const n = x[0]?.length ?? 0;
    if (n < 2) throw new Error('ICA needs at least two cases.');
    const nc = Math.min(settings.k, n, p);
    if (nc < settings.k) context.message(`'k' is too large: reset to ${nc}.`);

    const center = columnMeans(x);
    const { data: pre, rowCenter, rowScale } = preprocess(x, center, settings.row_norm);
    // Whitening: K = D^-½ Uᵀ of the covariance XᵀX/n, first nc principal axes.
    const covariance = pre.transpose().mmul(pre).div(n);
    const evd = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
    const order = Array.from(evd.realEigenvalues.keys()).sort((a, b) => evd.realEigenvalues[b]! - evd.realEigenvalues[a]!);
    const whitening = new Matrix(nc, p);
    for (let c = 0; c < nc; c++) {
      const value = evd.realEigenvalues[order[c]!]!;
      if (!(value > 1e-12)) throw new Error(`ICA: the data have rank ${c}, fewer than k = ${nc} components; lower k.`);
      for (let j = 0; j < p; j++) whitening.set(c, j, evd.eigenvectorMatrix.get(j, order[c]!) / Math.sqrt(value));
    }
    const z = whitening.mmul(pre.transpose());
    const start = new Matrix(nc, nc);
    for (let c = 0; c < nc; c++) for (let d = 0; d < nc; d++) start.set(c, d, normalDraw(context.random));
    const solved = settings.type === 'deflation' ? await deflationFastICA(z, start, settings, context) : await parallelFastICA(z, start, settings, context);
    if (!solved.converged) context.message(`ICA did not converge in ${settings.maxit} iterations (tol ${settings.tol}).`);

    // Unmixing w = a K (nc × p); sources S = X wᵀ; mixing A = (wᵀ (w wᵀ)⁻¹)ᵀ.
    const unmixing = solved.w.mmul(whitening);
    const project = (matrix: Matrix): Float64Array[] => {
      const sources = matrix.mmul(unmixing.transpose());
      return Array.from({ length: nc }, (_, c) => Float64Array.from(sources.getColumn(c)));
    };
    const mixing = unmixing.transpose().mmul(inverse(unmixing.mmul(unmixing.transpose()))).transpose();
    const sources = project(pre);
    const reconstructedPre = new Matrix(n, nc);
    sources.forEach((column, c) => column.forEach((value, i) => reconstructedPre.set(i, c, value)));
    const rebuilt = reconstructedPre.mmul(mixing);
    const reconstructed = Array.from({ length: p }, (_, j) =>
      Float64Array.from({ length: n }, (_, i) => {
        const value = rowScale === null ? rebuilt.get(i, j) : rebuilt.get(i, j) * rowScale[i]! + rowCenter![i]!;
        return value + center[j]!;
      }),
    );
    return {
      componentNames: Array.from({ length: nc }, (_, c) => `ICA_${c + 1}`),
      transformed: sources,
      loadings: Array.from({ length: nc }, (_, c) => Float64Array.from(mixing.getRow(c))),
      reconstructed,
      // fastICA's K (features × k), W (k × k) and A (k × features), and the training centre.
      decom: {
        K: toRows(whitening.transpose()),
        W: toRows(solved.w.transpose()),
        A: toRows(mixing),
        rtemis_center: Array.from(center),
        iterations: solved.iterations,
        converged: solved.converged,
      },
      transform: async (newX) => project(preprocess(newX, center, settings.row_norm).data),
    };
  },
};

function inverse(m: Matrix): Matrix {
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const vectors = evd.eigenvectorMatrix;
  return vectors.mmul(Matrix.diag(evd.realEigenvalues.map((v) => 1 / v))).mmul(vectors.transpose());
}
