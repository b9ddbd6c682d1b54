/**
 * Kernel functions over dense row-major data, as libsvm evaluates them (svm.cpp `Kernel`):
 * linear K = x·z, radial K = exp(−γ(‖x‖² + ‖z‖² − 2 x·z)) during training and
 * exp(−γ‖x − z‖²) at prediction (`k_function`), so values match libsvm's to rounding.
 */

export type KernelType = 'linear' | 'radial';

export interface KernelSpec {
  type: KernelType;
  /** Radial kernel coefficient; unused by the linear kernel. */
  gamma: number;
}

/** n rows of p features, row i at [i·p, (i+1)·p). */
export interface DenseRows {
  values: Float64Array;
  n: number;
  p: number;
}

export function dot(values: Float64Array, a: number, b: number, p: number): number {
  let sum = 0;
  const ra = a * p;
  const rb = b * p;
  for (let k = 0; k < p; k++) sum += values[ra + k]! * values[rb + k]!;
  return sum;
}

export function squaredNorms(rows: DenseRows): Float64Array {
  const norms = new Float64Array(rows.n);
  for (let i = 0; i < rows.n; i++) norms[i] = dot(rows.values, i, i, rows.p);
  return norms;
}

/**
 * Kernel values between training rows, addressed by row number; `column` is the inner loop
 * of every Q column.
 */
export class TrainingKernel {
  private readonly norms: Float64Array | null;

  constructor(
    private readonly data: DenseRows,
    private readonly spec: KernelSpec,
  ) {
    this.norms = spec.type === 'radial' ? squaredNorms(data) : null;
  }

  value(a: number, b: number): number {
    const d = dot(this.data.values, a, b, this.data.p);
    if (this.norms === null) return d;
    return Math.exp(-this.spec.gamma * (this.norms[a]! + this.norms[b]! - 2 * d));
  }

  /** out[j] = K(a, rows[j]) for j in [from, to), rounded to single precision as libsvm caches it. */
  column(a: number, rows: Int32Array, out: Float32Array, from: number, to: number): void {
    const { values, p } = this.data;
    const ra = a * p;
    const norms = this.norms;
    const gamma = this.spec.gamma;
    const normA = norms === null ? 0 : norms[a]!;
    for (let j = from; j < to; j++) {
      const b = rows[j]!;
      const rb = b * p;
      let d = 0;
      for (let k = 0; k < p; k++) d += values[ra + k]! * values[rb + k]!;
      out[j] = norms === null ? d : Math.exp(-gamma * (normA + norms[b]! - 2 * d));
    }
  }
}

/** K(x, sv) for one new case against stored support vectors (libsvm `k_function`). */
export function predictionKernel(spec: KernelSpec, sv: DenseRows, x: Float64Array, xOffset: number, out: Float64Array): void {
  const { values, n, p } = sv;
  for (let s = 0; s < n; s++) {
    const rs = s * p;
    let sum = 0;
    if (spec.type === 'linear') {
      for (let k = 0; k < p; k++) sum += x[xOffset + k]! * values[rs + k]!;
      out[s] = sum;
    } else {
      for (let k = 0; k < p; k++) {
        const d = x[xOffset + k]! - values[rs + k]!;
        sum += d * d;
      }
      out[s] = Math.exp(-spec.gamma * sum);
    }
  }
}
