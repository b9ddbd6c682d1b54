/**
 * Weighted least squares by Householder QR with R's limited column pivoting
 * (LINPACK dqrdc2, as `lm.fit` / `glm.fit` use it): a column whose remaining norm falls
 * below `tolerance` × its original norm is collinear with the columns before it, is left
 * out, and gets a missing (NaN) coefficient — R's `NA` for aliased terms.
 *
 * The design is read as its columns (one Float64Array each, never copied); the solver keeps
 * its work buffers (one column-major buffer for the weighted design), so IRLS re-solves every
 * iteration without allocating and every inner loop runs over a contiguous stretch of a column.
 */

export interface LeastSquaresFit {
  /** One per design column; NaN for aliased columns. */
  coefficients: Float64Array;
  rank: number;
}

export class WeightedLeastSquares {
  private readonly n: number;
  private readonly p: number;
  /** The weighted design, column-major (column j at j·n), reduced in place to R and the reflections. */
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly originalNorms: Float64Array;
  private readonly kept: Int32Array;
  private readonly diagonal: Float64Array;
  /** Per later column (index p: b), the reflection factor 2·v·target/v·v of the current step. */
  private readonly factors: Float64Array;
  /** Per later column (index p: b), its look-ahead dot product with the next pivot column. */
  private readonly dots: Float64Array;

  /** `columns`: the design, one length-n column each; read on every solve, never modified. */
  constructor(private readonly columns: Float64Array[], n: number) {
    const p = columns.length;
    this.n = n;
    this.p = p;
    this.a = new Float64Array(n * p);
    this.b = new Float64Array(n);
    this.originalNorms = new Float64Array(p);
    this.kept = new Int32Array(p);
    this.diagonal = new Float64Array(p);
    this.factors = new Float64Array(p + 1);
    this.dots = new Float64Array(p + 1);
  }

  /** Minimises Σ (rootWeightᵢ·(yᵢ − xᵢβ))²; rootWeights null = all ones. */
  solve(y: Float64Array, rootWeights: Float64Array | null, tolerance: number): LeastSquaresFit {
    const { n, p, columns, a, b, originalNorms, kept, diagonal, factors, dots } = this;
    const coefficients = new Float64Array(p).fill(NaN);
    const scale = rootWeights ?? new Float64Array(n).fill(1);
    // Scaling also yields each column's norm and the first step's look-ahead dot products with column 0.
    for (let j = 0; j < p; j++) originalNorms[j] = Math.sqrt(scaleColumn(columns[j]!, scale, a, j * n, a, dots, j));
    scaleColumn(y, scale, b, 0, a, dots, p);

    // kept[r] = design column of the r-th pivot; its reflection vector lives in that column from row r down.
    // Look-ahead: while step j reflects column j+1 it also takes that column's remaining norm, and
    // while it reflects each later column it also takes its dot product with column j+1, so when
    // column j+1 is the next pivot each column is swept once per step instead of twice.
    let rank = 0;
    let lookahead = true;
    let nextSquares = dots[0]!;
    for (let j = 0; j < p && rank < n; j++) {
      const r = rank;
      const column = j * n;
      const length = n - r;
      const remaining = Math.sqrt(lookahead ? nextSquares : dot(a, column + r, a, column + r, length));
      if (originalNorms[j] === 0 || remaining <= tolerance * originalNorms[j]!) {
        lookahead = false;
        continue;
      }

      // Householder vector v = x + sign(x_r)·‖x‖·e_r, stored in place; R[r][r] = −sign(x_r)·‖x‖.
      const head = a[column + r]!;
      const alpha = head >= 0 ? -remaining : remaining;
      const vHead = head - alpha;
      a[column + r] = vHead;
      // v·v = ‖x‖² − x_r² + v_r², without another pass over the column.
      const vNormSquared = remaining * remaining - head * head + vHead * vHead;
      // v·target for every later column and b; a look-ahead dot was taken with x, so add the head change.
      for (let k = j + 1; k <= p; k++) {
        const from = k === p ? r : k * n + r;
        const target = k === p ? b : a;
        factors[k] = (2 * (lookahead ? dots[k]! + (vHead - head) * target[from]! : dot(a, column + r, target, from, length))) / vNormSquared;
      }
      if (j + 1 < p) {
        const next = (j + 1) * n + r;
        nextSquares = reflectAndDot(a, column + r, a, next, length, factors[j + 1]!, a, next);
        for (let k = j + 2; k < p; k++) dots[k] = reflectAndDot(a, column + r, a, k * n + r, length, factors[k]!, a, next);
        dots[p] = reflectAndDot(a, column + r, b, r, length, factors[p]!, a, next);
        lookahead = true;
      } else {
        // Last column: only b is left to reflect and nothing to look ahead to.
        reflectAndDot(a, column + r, b, r, length, factors[p]!, b, r);
      }
      kept[rank] = j;
      diagonal[rank] = alpha;
      rank++;
    }
    backSubstitute(a, b, n, kept, diagonal, rank, coefficients);
    return { coefficients, rank };
  }
}

// The loops below live in small functions of their own so the JIT optimises each one whole
// (no cold code after a hot loop that would deoptimise on first use).

/**
 * into[intoFrom + i] = source[i]·scale[i] for one column, storing Σ into[i]·first[i] (first =
 * the scaled design column 0, already in place) in dots[k]; returns Σ into[i]².
 */
function scaleColumn(
  source: Float64Array,
  scale: Float64Array,
  into: Float64Array,
  intoFrom: number,
  first: Float64Array,
  dots: Float64Array,
  k: number,
): number {
  let squares = 0;
  let cross = 0;
  for (let i = 0; i < scale.length; i++) {
    const value = source[i]! * scale[i]!;
    into[intoFrom + i] = value;
    squares += value * value;
    cross += value * first[i]!;
  }
  dots[k] = cross;
  return squares;
}

/** Solves R·β = Qᵀb for the kept columns: R[r][c] sits at a[kept[c]·n + r] for c ≥ r (diagonal apart). */
function backSubstitute(
  a: Float64Array,
  b: Float64Array,
  n: number,
  kept: Int32Array,
  diagonal: Float64Array,
  rank: number,
  coefficients: Float64Array,
): void {
  for (let r = rank - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let c = r + 1; c < rank; c++) sum -= a[kept[c]! * n + r]! * coefficients[kept[c]!]!;
    coefficients[kept[r]!] = sum / diagonal[r]!;
  }
}

/** X·β into `into`, with aliased (NaN) coefficients contributing nothing, as R's predict does. */
export function linearPredictor(columns: Float64Array[], coefficients: Float64Array, into: Float64Array): Float64Array {
  const p = columns.length;
  const beta = coefficients.map((value) => (Number.isNaN(value) ? 0 : value));
  into.fill(0);
  // Four columns per sweep over η: a quarter of the passes over the output.
  let j = 0;
  for (; j + 3 < p; j += 4) {
    addColumns(columns[j]!, columns[j + 1]!, columns[j + 2]!, columns[j + 3]!, beta[j]!, beta[j + 1]!, beta[j + 2]!, beta[j + 3]!, into);
  }
  for (; j < p; j++) addColumn(columns[j]!, beta[j]!, into);
  return into;
}

/** into += β₀·x₀ + β₁·x₁ + β₂·x₂ + β₃·x₃. */
function addColumns(
  x0: Float64Array,
  x1: Float64Array,
  x2: Float64Array,
  x3: Float64Array,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  into: Float64Array,
): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! + b0 * x0[i]! + b1 * x1[i]! + b2 * x2[i]! + b3 * x3[i]!;
}

function addColumn(x: Float64Array, beta: number, into: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! + beta * x[i]!;
}

// Four running sums break the add-latency chain that bounds a single-accumulator dot product.
function dot(u: Float64Array, uFrom: number, v: Float64Array, vFrom: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += u[uFrom + i]! * v[vFrom + i]!;
    s1 += u[uFrom + i + 1]! * v[vFrom + i + 1]!;
    s2 += u[uFrom + i + 2]! * v[vFrom + i + 2]!;
    s3 += u[uFrom + i + 3]! * v[vFrom + i + 3]!;
  }
  for (; i < length; i++) s0 += u[uFrom + i]! * v[vFrom + i]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * target ← target − factor·v over `length` entries (one Householder reflection), returning
 * Σ target[i]·other[i] over entries 1… after the update: the look-ahead dot product.
 */
function reflectAndDot(
  v: Float64Array,
  vFrom: number,
  target: Float64Array,
  targetFrom: number,
  length: number,
  factor: number,
  other: Float64Array,
  otherFrom: number,
): number {
  target[targetFrom] = target[targetFrom]! - factor * v[vFrom]!;
  // Two running sums halve the add-latency chain.
  let even = 0;
  let odd = 0;
  let i = 1;
  for (; i + 1 < length; i += 2) {
    const first = target[targetFrom + i]! - factor * v[vFrom + i]!;
    const second = target[targetFrom + i + 1]! - factor * v[vFrom + i + 1]!;
    target[targetFrom + i] = first;
    target[targetFrom + i + 1] = second;
    even += first * other[otherFrom + i]!;
    odd += second * other[otherFrom + i + 1]!;
  }
  if (i < length) {
    const last = target[targetFrom + i]! - factor * v[vFrom + i]!;
    target[targetFrom + i] = last;
    even += last * other[otherFrom + i]!;
  }
  return even + odd;
}
