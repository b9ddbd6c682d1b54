/**
 * Kernel rows shared by every solve over one set of points: the five probability folds and
 * the final fit of a class pair all draw K from here, so each row is computed once rather
 * than once per solve (libsvm recomputes them in each solve's own cache). Rows hold
 * single-precision K(a, ·) over the whole set, least recently used evicted past a budget.
 * The values are the ones libsvm's cache would hold, so solutions do not change.
 */
import type { TrainingKernel } from './kernel.js';

export class KernelRowStore {
  private readonly stored: (Float32Array | null)[];
  // Circular LRU list; slot m is the head.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly capacity: number;
  private count = 0;

  /** `rows`: the data rows of the set; position a in it is the store's index a. */
  constructor(
    private readonly kernel: TrainingKernel,
    readonly rows: Int32Array,
    budgetBytes: number,
  ) {
    const m = rows.length;
    this.stored = new Array<Float32Array | null>(m).fill(null);
    this.prev = new Int32Array(m + 1);
    this.next = new Int32Array(m + 1);
    this.prev[m] = m;
    this.next[m] = m;
    this.capacity = Math.max(2, Math.min(m, Math.floor(budgetBytes / (4 * Math.max(1, m)))));
  }

  private unlink(a: number): void {
    this.next[this.prev[a]!] = this.next[a]!;
    this.prev[this.next[a]!] = this.prev[a]!;
  }

  private append(a: number): void {
    const head = this.rows.length;
    this.next[a] = head;
    this.prev[a] = this.prev[head]!;
    this.next[this.prev[a]!] = a;
    this.prev[head] = a;
  }

  /** K(rows[a], rows[a]) in double precision (the solver's diagonal). */
  diagonal(a: number): number {
    return this.kernel.value(this.rows[a]!, this.rows[a]!);
  }

  /** The row of `a` if it is stored (marked recently used), else null: nothing is computed. */
  storedRow(a: number): Float32Array | null {
    const values = this.stored[a]!;
    if (values === null) return null;
    this.unlink(a);
    this.append(a);
    return values;
  }

  /**
   * out[j] = K(rows[a], dataRows[j]) for j in [from, to), computed without storing: for a
   * solver that wants only a short part of a row it has not seen (its active set shrunk).
   */
  part(a: number, dataRows: Int32Array, out: Float32Array, from: number, to: number): void {
    this.kernel.column(this.rows[a]!, dataRows, out, from, to);
  }

  /** K(rows[a], rows[b]) for every b, as single-precision values. */
  row(a: number): Float32Array {
    const found = this.storedRow(a);
    if (found !== null) return found;
    let values: Float32Array;
    const head = this.rows.length;
    if (this.count >= this.capacity) {
      const oldest = this.next[head]!;
      this.unlink(oldest);
      values = this.stored[oldest]!;
      this.stored[oldest] = null;
      this.count--;
    } else {
      values = new Float32Array(this.rows.length);
    }
    this.kernel.column(this.rows[a]!, this.rows, values, 0, this.rows.length);
    this.stored[a] = values;
    this.count++;
    this.append(a);
    return values;
  }
}
