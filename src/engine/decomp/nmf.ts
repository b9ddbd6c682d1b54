/**
 * NMF as rtemis runs it (R/decomp_NMF.R → `NMF::nmf(t(x), rank = k, method = "brunet")`):
 * features × cases V ≈ W H with Brunet's multiplicative updates (Kullback–Leibler
 * divergence), a random start uniform on [0, max V] as NMF's "random" seed, stopped like
 * NMF's default for brunet when the cases' cluster assignments (arg-max of H) stay the same
 * for 40 iterations (checked every 10), at most 2000 iterations; with `nrun` > 1 the run with
 * the smallest divergence is kept. Scores are rtemis's: each case's non-negative least-squares
 * coordinates on the basis W (features × k), which is also the loadings table; new cases are
 * scored the same way.
 */
import type { DecompositionSettings } from '../config/types.js';
import { nnls } from '../linear/lawson-hanson.js';
import type { DecompositionMethod, UnsupervisedContext } from '../unsupervised.js';
import { requireComplete } from './matrix-helpers.js';

export type NMFSettings = DecompositionSettings<'NMF'>;

const MAX_ITERATIONS = 2000;
const CHECK_INTERVAL = 10;
/** Unchanged checks needed to stop (NMF's `stopconv`). */
const STATIONARY_CHECKS = 40;
/** NMF's floor for updated entries, so no factor gets stuck at exactly 0. */
const EPSILON = 2.220446049250313e-16;

interface Factorisation {
  /** basis[c][j]: feature j's weight in component c (W, stored by component). */
  basis: Float64Array[];
  /** coef[c][i]: component c of case i (H). */
  coef: Float64Array[];
  divergence: number;
  iterations: number;
}

/** One Brunet run from a random start. `v[j][i]`: feature j of case i. */
async function brunetRun(v: Float64Array[], k: number, context: UnsupervisedContext): Promise<Factorisation> {
  const p = v.length;
  const n = v[0]!.length;
  let max = 0;
  for (const row of v) for (const value of row) max = Math.max(max, value);
  const w = Array.from({ length: k }, () => Float64Array.from({ length: p }, () => context.random() * max));
  const h = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => context.random() * max));
  const ratio = Array.from({ length: p }, () => new Float64Array(n));
  const product = (): void => {
    for (let j = 0; j < p; j++) {
      const row = ratio[j]!;
      const observed = v[j]!;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += w[c]![j]! * h[c]![i]!;
        row[i] = observed[i]! / sum;
      }
    }
  };
  let assignments: Int32Array = new Int32Array(n).fill(-1);
  let stable = 0;
  let iteration = 0;
  while (iteration < MAX_ITERATIONS) {
    iteration += 1;
    // H ← H ∘ (Wᵀ (V / WH)) / colSums(W)
    product();
    for (let c = 0; c < k; c++) {
      const wc = w[c]!;
      let total = 0;
      for (let j = 0; j < p; j++) total += wc[j]!;
      const hc = h[c]!;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < p; j++) sum += wc[j]! * ratio[j]![i]!;
        hc[i] = Math.max((hc[i]! * sum) / total, EPSILON);
      }
    }
    // W ← W ∘ ((V / WH) Hᵀ) / rowSums(H)
    product();
    for (let c = 0; c < k; c++) {
      const hc = h[c]!;
      let total = 0;
      for (let i = 0; i < n; i++) total += hc[i]!;
      const wc = w[c]!;
      for (let j = 0; j < p; j++) {
        const row = ratio[j]!;
        let sum = 0;
        for (let i = 0; i < n; i++) sum += hc[i]! * row[i]!;
        wc[j] = Math.max((wc[j]! * sum) / total, EPSILON);
      }
    }
    if (iteration % CHECK_INTERVAL !== 0) continue;
    await context.checkpoint();
    const current = argmaxPerCase(h, n);
    if (current.every((value, i) => value === assignments[i])) stable += 1;
    else {
      stable = 0;
      assignments = current;
    }
    if (stable > STATIONARY_CHECKS) break;
  }
  return { basis: w, coef: h, divergence: divergence(v, w, h), iterations: iteration };
}

function argmaxPerCase(h: Float64Array[], n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < h.length; c++) if (h[c]![i]! > h[best]![i]!) best = c;
    return best;
  });
}

/** Generalised Kullback–Leibler divergence D(V ‖ WH). */
function divergence(v: Float64Array[], w: Float64Array[], h: Float64Array[]): number {
  let total = 0;
  v.forEach((row, j) => {
    row.forEach((observed, i) => {
      let fitted = 0;
      for (let c = 0; c < w.length; c++) fitted += w[c]![j]! * h[c]![i]!;
      total += (observed > 0 ? observed * Math.log(observed / fitted) : 0) - observed + fitted;
    });
  });
  return total;
}

/** rtemis's scores: each case's NNLS coordinates on the basis. `x[j][i]`: feature j of case i. */
function scores(basis: Float64Array[], x: Float64Array[]): Float64Array[] {
  const n = x[0]?.length ?? 0;
  const out = basis.map(() => new Float64Array(n));
  const columns = basis.map((component) => Float64Array.from(component));
  const caseValues = new Float64Array(x.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < x.length; j++) caseValues[j] = x[j]![i]!;
    const { coefficients } = nnls(columns, caseValues);
    coefficients.forEach((value, c) => (out[c]![i] = value));
  }
  return out;
}

export const nmfMethod: DecompositionMethod<NMFSettings> = {
  name: 'NMF',
  async fit(data, settings, context) {
    const { x, names } = data;
    requireComplete('NMF', x, names);
    const negative = names.filter((_, j) => x[j]!.some((value) => value < 0));
    if (negative.length > 0) {
      throw new Error(`NMF needs non-negative data; these features have negative values: ${negative.join(', ')}. Choose non-negative columns with \`features\`, or shift them.`);
    }
    const empty = names.filter((_, j) => x[j]!.every((value) => value === 0));
    if (empty.length > 0) throw new Error(`NMF cannot factorise all-zero features: ${empty.join(', ')}.`);
    const k = settings.k;
    const runs = settings.nrun;
    let best: Factorisation | null = null;
    for (let run = 0; run < runs; run++) {
      const fit = await brunetRun(x, k, context);
      if (best === null || fit.divergence < best.divergence) best = fit;
    }
    const chosen = best!;
    if (rankOf(chosen.basis) < k) {
      throw new Error(`The fitted NMF basis has rank ${rankOf(chosen.basis)} for ${k} components, so component scores are not identified. Set \`k\` to at most ${rankOf(chosen.basis)}.`);
    }
    const transformed = scores(chosen.basis, x);
    const n = x[0]!.length;
    const reconstructed = names.map((_, j) =>
      Float64Array.from({ length: n }, (_, i) => {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += transformed[c]![i]! * chosen.basis[c]![j]!;
        return sum;
      }),
    );
    return {
      componentNames: Array.from({ length: k }, (_, c) => `NMF_${c + 1}`),
      transformed,
      loadings: chosen.basis.map((component) => Float64Array.from(component)),
      reconstructed,
      // The fit's basis (features × k) and how it was reached.
      decom: {
        method: settings.method,
        rank: k,
        nrun: runs,
        basis: names.map((_, j) => chosen.basis.map((component) => component[j]!)),
        divergence: chosen.divergence,
        iterations: chosen.iterations,
      },
      transform: async (newX) => scores(chosen.basis, newX),
    };
  },
};

/** Numerical rank of the basis (Gram–Schmidt with a relative tolerance, as qr()'s 1e-7). */
function rankOf(basis: Float64Array[]): number {
  const kept: Float64Array[] = [];
  const scale = Math.max(...basis.map((v) => Math.hypot(...v)));
  for (const vector of basis) {
    const residual = Float64Array.from(vector);
    for (const q of kept) {
      let dot = 0;
      for (let j = 0; j < residual.length; j++) dot += residual[j]! * q[j]!;
      for (let j = 0; j < residual.length; j++) residual[j] = residual[j]! - dot * q[j]!;
    }
    const norm = Math.hypot(...residual);
    if (norm > 1e-7 * scale) kept.push(residual.map((value) => value / norm));
  }
  return kept.length;
}
