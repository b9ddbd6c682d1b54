/**
 * The Q matrices the SMO solver works on (svm.cpp `SVC_Q`, `SVR_Q`): Q_ij = y_i y_j K_ij for
 * classification; for ε-regression the 2l × 2l matrix over the (α, α*) pairs. Columns come
 * from a kernel cache in single precision, as in libsvm; classification columns are
 * gathered from a row store shared by the solves over the same points.
 */
import { KernelCache } from './kernel-cache.js';
import type { TrainingKernel } from './kernel.js';
import type { KernelRowStore } from './kernel-row-store.js';

export interface QMatrix {
  /** Column i, entries [0, len) valid. May be overwritten by the next-but-one call. */
  getQ(i: number, len: number): Float32Array;
  /** Diagonal Q_ii in double precision. */
  readonly QD: Float64Array;
  swapIndex(i: number, j: number): void;
}

export class ClassificationQ implements QMatrix {
  readonly QD: Float64Array;
  private readonly cache: KernelCache;
  private readonly members: Int32Array;
  /** The data row of each variable, for kernel values computed outside the store. */
  private readonly memberRows: Int32Array;
  private readonly y: Int8Array;

  /** `members`: the store index of each variable (copied); `y`: ±1 per variable (copied). */
  constructor(
    private readonly store: KernelRowStore,
    members: Int32Array,
    y: Int8Array,
    cacheBytes: number,
  ) {
    this.members = Int32Array.from(members);
    this.memberRows = Int32Array.from(members, (a) => store.rows[a]!);
    this.y = Int8Array.from(y);
    this.cache = new KernelCache(members.length, cacheBytes);
    this.QD = Float64Array.from(this.members, (a) => store.diagonal(a));
  }

  getQ(i: number, len: number): Float32Array {
    const { data, start } = this.cache.get(i, len);
    if (start < len) {
      const { members, y } = this;
      const a = members[i]!;
      const yi = y[i]!;
      // A whole shared row pays when most of it is wanted; once shrinking has cut the active
      // set, computing only its part is cheaper than filling a row of every point.
      const row = 2 * (len - start) >= members.length ? this.store.row(a) : this.store.storedRow(a);
      if (row !== null) {
        for (let j = start; j < len; j++) data[j] = yi * y[j]! * row[members[j]!]!;
      } else {
        this.store.part(a, this.memberRows, data, start, len);
        for (let j = start; j < len; j++) data[j] = yi * y[j]! * data[j]!;
      }
    }
    return data;
  }

  swapIndex(i: number, j: number): void {
    this.cache.swapIndex(i, j);
    swapInt32(this.members, i, j);
    swapInt32(this.memberRows, i, j);
    swapInt8(this.y, i, j);
    swapFloat64(this.QD, i, j);
  }
}

export class RegressionQ implements QMatrix {
  readonly QD: Float64Array;
  private readonly cache: KernelCache;
  private readonly sign: Int8Array;
  private readonly index: Int32Array;
  private readonly buffers: [Float32Array, Float32Array];
  private nextBuffer = 0;

  /** `rows`: the l training rows; variables k and k + l are α_k and α*_k. */
  constructor(
    private readonly kernel: TrainingKernel,
    private readonly rows: Int32Array,
    cacheBytes: number,
  ) {
    const l = rows.length;
    this.cache = new KernelCache(l, cacheBytes);
    this.sign = new Int8Array(2 * l);
    this.index = new Int32Array(2 * l);
    this.QD = new Float64Array(2 * l);
    for (let k = 0; k < l; k++) {
      this.sign[k] = 1;
      this.sign[k + l] = -1;
      this.index[k] = k;
      this.index[k + l] = k;
      this.QD[k] = kernel.value(rows[k]!, rows[k]!);
      this.QD[k + l] = this.QD[k]!;
    }
    this.buffers = [new Float32Array(2 * l), new Float32Array(2 * l)];
  }

  getQ(i: number, len: number): Float32Array {
    const l = this.rows.length;
    const real = this.index[i]!;
    const { data, start } = this.cache.get(real, l);
    if (start < l) this.kernel.column(this.rows[real]!, this.rows, data, 0, l);
    const buffer = this.buffers[this.nextBuffer]!;
    this.nextBuffer = 1 - this.nextBuffer;
    const si = this.sign[i]!;
    const sign = this.sign;
    const index = this.index;
    for (let j = 0; j < len; j++) buffer[j] = si * sign[j]! * data[index[j]!]!;
    return buffer;
  }

  swapIndex(i: number, j: number): void {
    swapInt8(this.sign, i, j);
    swapInt32(this.index, i, j);
    swapFloat64(this.QD, i, j);
  }
}

// One swap per array type keeps each call site monomorphic (a generic one is much slower).
export function swapInt8(values: Int8Array, i: number, j: number): void {
  const t = values[i]!;
  values[i] = values[j]!;
  values[j] = t;
}

export function swapUint8(values: Uint8Array, i: number, j: number): void {
  const t = values[i]!;
  values[i] = values[j]!;
  values[j] = t;
}

export function swapInt32(values: Int32Array, i: number, j: number): void {
  const t = values[i]!;
  values[i] = values[j]!;
  values[j] = t;
}

export function swapFloat64(values: Float64Array, i: number, j: number): void {
  const t = values[i]!;
  values[i] = values[j]!;
  values[j] = t;
}
