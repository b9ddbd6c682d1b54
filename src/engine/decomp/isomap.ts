/**
 * Isomap as rtemis runs it (R/decomp_Isomap.R → `vegan::isomap(vegdist(x, dist_method),
 * ndim = k, k = nsd, path)`): keep, for every case, the dissimilarities up to its nsd-th
 * smallest (vegan's k; 0 keeps them all), symmetrised (kept if kept by either end); refuse
 * fragmented data as vegan does; replace the dropped ones by graph paths — shortest paths
 * (Dijkstra) or vegan's "extended" steps across one intermediate case, repeated until none
 * is missing — then classical scaling (`wcmdscale`): the leading k axes with positive
 * eigenvalues of −½ J D² J, scaled by √eigenvalue. Not applicable to new cases and not
 * invertible, as in rtemis.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { DecompositionSettings } from '../config/types.js';
import type { DecompositionMethod, UnsupervisedContext } from '../unsupervised.js';
import { requireComplete } from './matrix-helpers.js';

export type IsomapSettings = DecompositionSettings<'Isomap'>;

/** n² doubles are held several times over; beyond this the job would not fit in memory. */
const MAX_CASES = 10_000;
/** Up to this many cases the eigenproblem is solved in full; above, by subspace iteration. */
const DENSE_EIGEN_LIMIT = 400;

/** Dissimilarities, row-major n × n. */
function dissimilarities(x: Float64Array[], method: IsomapSettings['dist_method']): Float64Array {
  const n = x[0]!.length;
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let sum = 0;
      for (const column of x) {
        const diff = column[a]! - column[b]!;
        sum += method === 'manhattan' ? Math.abs(diff) : diff * diff;
      }
      const value = method === 'manhattan' ? sum : Math.sqrt(sum);
      d[a * n + b] = value;
      d[b * n + a] = value;
    }
  }
  return d;
}

/** vegan isomapdist's k rule: per case keep values ≤ its nsd-th smallest; kept if either end keeps it. NaN = dropped. */
function keepNearest(d: Float64Array, n: number, nsd: number): void {
  const keep = new Uint8Array(n * n);
  const row = new Float64Array(n - 1);
  for (let a = 0; a < n; a++) {
    let m = 0;
    for (let b = 0; b < n; b++) if (b !== a) row[m++] = d[a * n + b]!;
    const limit = Float64Array.from(row).sort()[Math.min(nsd, n - 1) - 1]!;
    for (let b = 0; b < n; b++) if (b !== a && d[a * n + b]! <= limit) keep[a * n + b] = keep[b * n + a] = 1;
  }
  for (let cell = 0; cell < n * n; cell++) if (!keep[cell] && cell % (n + 1) !== 0) d[cell] = Number.NaN;
}

function connected(d: Float64Array, n: number): boolean {
  const seen = new Uint8Array(n);
  const stack = [0];
  seen[0] = 1;
  let count = 1;
  while (stack.length > 0) {
    const a = stack.pop()!;
    for (let b = 0; b < n; b++) {
      if (!seen[b] && b !== a && !Number.isNaN(d[a * n + b]!)) {
        seen[b] = 1;
        count += 1;
        stack.push(b);
      }
    }
  }
  return count === n;
}

/** All-pairs shortest paths over the kept dissimilarities (Dijkstra from each case). */
async function shortestPaths(d: Float64Array, n: number, context: UnsupervisedContext): Promise<Float64Array> {
  const neighbours: Int32Array[] = [];
  for (let a = 0; a < n; a++) {
    const list: number[] = [];
    for (let b = 0; b < n; b++) if (b !== a && !Number.isNaN(d[a * n + b]!)) list.push(b);
    neighbours.push(Int32Array.from(list));
  }
  const out = new Float64Array(n * n);
  const distance = new Float64Array(n);
  const done = new Uint8Array(n);
  const heap = new MinHeap(n * 4);
  for (let source = 0; source < n; source++) {
    if (source % 64 === 0) await context.checkpoint();
    distance.fill(Number.POSITIVE_INFINITY);
    done.fill(0);
    distance[source] = 0;
    heap.clear();
    heap.push(0, source);
    while (heap.size > 0) {
      const a = heap.popIndex();
      if (done[a]) continue;
      done[a] = 1;
      for (const b of neighbours[a]!) {
        const through = distance[a]! + d[a * n + b]!;
        if (through < distance[b]!) {
          distance[b] = through;
          heap.push(through, b);
        }
      }
    }
    out.set(distance, source * n);
  }
  return out;
}

/** vegan's "extended" path: a missing value becomes the shortest step across one case, until none is missing. */
async function extendedPaths(d: Float64Array, n: number, context: UnsupervisedContext): Promise<Float64Array> {
  let current = d;
  for (;;) {
    await context.checkpoint();
    const next = Float64Array.from(current);
    let missing = 0;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        if (!Number.isNaN(current[a * n + b]!)) continue;
        let best = Number.POSITIVE_INFINITY;
        for (let via = 0; via < n; via++) {
          const step = current[a * n + via]! + current[via * n + b]!;
          if (step < best) best = step;
        }
        if (best < Number.POSITIVE_INFINITY) next[a * n + b] = next[b * n + a] = best;
        else missing += 1;
      }
    }
    current = next;
    if (missing === 0) return current;
  }
}

/** The k leading eigenpairs of a symmetric matrix (row-major n × n), largest first. */
async function leadingEigenpairs(b: Float64Array, n: number, k: number, context: UnsupervisedContext): Promise<{ values: number[]; vectors: Float64Array[] }> {
  if (n <= DENSE_EIGEN_LIMIT) {
    const evd = new EigenvalueDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(b.subarray(i * n, (i + 1) * n)))), { assumeSymmetric: true });
    const order = Array.from(evd.realEigenvalues.keys()).sort((x, y) => evd.realEigenvalues[y]! - evd.realEigenvalues[x]!);
    return {
      values: order.slice(0, k).map((i) => evd.realEigenvalues[i]!),
      vectors: order.slice(0, k).map((i) => Float64Array.from(evd.eigenvectorMatrix.getColumn(i))),
    };
  }
  return subspaceIteration(b, n, k, context);
}

/**
 * Orthogonal iteration with Rayleigh–Ritz on a block of k + 8 vectors. It converges to the
 * eigenvalues largest in magnitude; the doubly centred squared geodesic distances have few
 * and small negative ones, so the k leading algebraic ones are among them. Stops when the k
 * leading Ritz pairs have residuals below 1e-10 of the largest.
 */
async function subspaceIteration(b: Float64Array, n: number, k: number, context: UnsupervisedContext): Promise<{ values: number[]; vectors: Float64Array[] }> {
  const size = Math.min(n, k + 8);
  // Deterministic start: the iteration converges from any full-rank block.
  let block: Float64Array[] = Array.from({ length: size }, (_, c) => Float64Array.from({ length: n }, (_, i) => Math.sin((i + 1) * (c + 1) * 0.7311) + (i % (c + 2) === 0 ? 1 : 0)));
  orthonormalise(block);
  let values: number[] = [];
  for (let iteration = 0; iteration < 3000; iteration++) {
    await context.checkpoint();
    const product = block.map((vector) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        const offset = i * n;
        for (let j = 0; j < n; j++) sum += b[offset + j]! * vector[j]!;
        out[i] = sum;
      }
      return out;
    });
    orthonormalise(product);
    // Rayleigh–Ritz on the block.
    const small = new Matrix(size, size);
    const applied = product.map((vector) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        const offset = i * n;
        for (let j = 0; j < n; j++) sum += b[offset + j]! * vector[j]!;
        out[i] = sum;
      }
      return out;
    });
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) small.set(r, c, dot(product[r]!, applied[c]!));
    const evd = new EigenvalueDecomposition(small, { assumeSymmetric: true });
    const order = Array.from(evd.realEigenvalues.keys()).sort((x, y) => evd.realEigenvalues[y]! - evd.realEigenvalues[x]!);
    const combine = (vectors: Float64Array[], column: number): Float64Array => {
      const out = new Float64Array(n);
      for (let r = 0; r < size; r++) {
        const weight = evd.eigenvectorMatrix.get(r, column);
        const vector = vectors[r]!;
        for (let i = 0; i < n; i++) out[i] = out[i]! + weight * vector[i]!;
      }
      return out;
    };
    block = order.map((column) => combine(product, column));
    values = order.slice(0, k).map((i) => evd.realEigenvalues[i]!);
    // Converged when every leading Ritz pair satisfies ‖B v − λ v‖ ≤ 1e-10 · |λ₁|.
    const scale = Math.max(Math.abs(values[0]!), Number.MIN_VALUE);
    const settled = order.slice(0, k).every((column, c) => {
      const image = combine(applied, column);
      let residual = 0;
      for (let i = 0; i < n; i++) residual += (image[i]! - values[c]! * block[c]![i]!) ** 2;
      return Math.sqrt(residual) <= 1e-10 * scale;
    });
    if (settled) break;
  }
  return { values, vectors: block.slice(0, k) };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function orthonormalise(vectors: Float64Array[]): void {
  vectors.forEach((vector, c) => {
    for (let previous = 0; previous < c; previous++) {
      const q = vectors[previous]!;
      const projection = dot(vector, q);
      for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! - projection * q[i]!;
    }
    const norm = Math.sqrt(dot(vector, vector)) || 1;
    for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  });
}

/** A binary min-heap of (key, index) pairs for Dijkstra. */
class MinHeap {
  private keys: Float64Array;
  private indices: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.indices = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, index: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      const indices = new Int32Array(this.size * 2);
      indices.set(this.indices);
      this.keys = keys;
      this.indices = indices;
    }
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[at] = this.keys[parent]!;
      this.indices[at] = this.indices[parent]!;
      at = parent;
    }
    this.keys[at] = key;
    this.indices[at] = index;
  }

  popIndex(): number {
    const top = this.indices[0]!;
    const lastKey = this.keys[--this.size]!;
    const lastIndex = this.indices[this.size]!;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child += 1;
      if (this.keys[child]! >= lastKey) break;
      this.keys[at] = this.keys[child]!;
      this.indices[at] = this.indices[child]!;
      at = child;
    }
    this.keys[at] = lastKey;
    this.indices[at] = lastIndex;
    return top;
  }
}

export const isomapMethod: DecompositionMethod<IsomapSettings> = {
  name: 'Isomap',
  async fit(data, settings, context) {
    const { x, names } = data;
    requireComplete('Isomap', x, names);
    const n = x[0]?.length ?? 0;
    if (n < 3) throw new Error('Isomap needs at least three cases.');
    if (n > MAX_CASES) throw new Error(`Isomap holds all ${n} × ${n} dissimilarities in memory; it is limited to ${MAX_CASES} cases. Sample the rows first.`);
    const d = dissimilarities(x, settings.dist_method);
    await context.checkpoint();
    if (settings.nsd > 0) {
      keepNearest(d, n, settings.nsd);
      if (!connected(d, n)) throw new Error(`Isomap: data are fragmented with nsd = ${settings.nsd}; increase nsd (or 0 keeps every dissimilarity).`);
    }
    const geodesic = settings.nsd === 0 ? d : settings.path === 'extended' ? await extendedPaths(d, n, context) : await shortestPaths(d, n, context);

    // Classical scaling: B = −½ J D² J.
    const squared = geodesic.map((value) => value * value);
    const rowMean = new Float64Array(n);
    let grandMean = 0;
    for (let a = 0; a < n; a++) {
      let sum = 0;
      for (let b = 0; b < n; b++) sum += squared[a * n + b]!;
      rowMean[a] = sum / n;
      grandMean += sum;
    }
    grandMean /= n * n;
    const centred = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) centred[a * n + b] = -0.5 * (squared[a * n + b]! - rowMean[a]! - rowMean[b]! + grandMean);
    const { values, vectors } = await leadingEigenpairs(centred, n, Math.min(settings.k, n - 1), context);
    const positive = values.filter((value) => value > 1e-10 * Math.max(values[0]!, 1e-300));
    if (positive.length < settings.k) context.message(`isomap returns only ${positive.length} axes with positive eigenvalues`);
    const transformed = positive.map((value, c) => vectors[c]!.map((entry) => entry * Math.sqrt(value)));
    return {
      componentNames: transformed.map((_, c) => `Dim${c + 1}`),
      transformed,
      loadings: null,
      reconstructed: null,
      // wcmdscale's eigenvalues and the neighbourhood criterion, as vegan's isomap object.
      decom: { eig: positive, criterion: settings.nsd === 0 ? 'all' : 'k', critval: settings.nsd, path: settings.path, npoints: n },
      transform: null,
    };
  },
};
