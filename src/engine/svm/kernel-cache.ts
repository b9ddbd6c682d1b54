/**
 * libsvm's kernel cache (svm.cpp `Cache`): least-recently-used columns of the Q matrix in
 * single precision (libsvm's `Qfloat`), each holding its first `len` entries, bounded by a
 * byte budget. `swapIndex` keeps cached columns consistent when the solver reorders its
 * variables for shrinking.
 */
export class KernelCache {
  private readonly columns: (Float32Array | null)[];
  private readonly lengths: Int32Array;
  // Circular LRU list over column indices; slot `l` is the list head.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly headSlot: number;
  /** Floats still available. */
  private free: number;

  constructor(l: number, bytes: number) {
    this.columns = new Array<Float32Array | null>(l).fill(null);
    this.lengths = new Int32Array(l);
    this.prev = new Int32Array(l + 1);
    this.next = new Int32Array(l + 1);
    this.headSlot = l;
    this.prev[l] = l;
    this.next[l] = l;
    // At least two full columns, as libsvm guarantees.
    this.free = Math.max(Math.floor(bytes / 4), 2 * l);
  }

  private unlink(h: number): void {
    this.next[this.prev[h]!] = this.next[h]!;
    this.prev[this.next[h]!] = this.prev[h]!;
  }

  private append(h: number): void {
    const head = this.headSlot;
    this.next[h] = head;
    this.prev[h] = this.prev[head]!;
    this.next[this.prev[h]!] = h;
    this.prev[head] = h;
  }

  private evict(h: number): void {
    this.unlink(h);
    this.free += this.lengths[h]!;
    this.columns[h] = null;
    this.lengths[h] = 0;
  }

  /**
   * Column `index` with room for `len` entries. Returns the column and the first position
   * that still has to be filled (≥ len when the cached part already covers [0, len)).
   */
  get(index: number, len: number): { data: Float32Array; start: number } {
    const cachedLength = this.lengths[index]!;
    if (cachedLength > 0) this.unlink(index);
    const more = len - cachedLength;
    let data = this.columns[index]!;
    let start = len;
    if (more > 0) {
      while (this.free < more) this.evict(this.next[this.headSlot]!);
      const grown = new Float32Array(len);
      if (cachedLength > 0) grown.set(data.subarray(0, cachedLength));
      data = grown;
      this.columns[index] = grown;
      this.free -= more;
      this.lengths[index] = len;
      start = cachedLength;
    }
    this.append(index);
    return { data, start };
  }

  swapIndex(i: number, j: number): void {
    if (i === j) return;
    if (this.lengths[i]! > 0) this.unlink(i);
    if (this.lengths[j]! > 0) this.unlink(j);
    const column = this.columns[i]!;
    this.columns[i] = this.columns[j]!;
    this.columns[j] = column;
    const length = this.lengths[i]!;
    this.lengths[i] = this.lengths[j]!;
    this.lengths[j] = length;
    if (this.lengths[i]! > 0) this.append(i);
    if (this.lengths[j]! > 0) this.append(j);

    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    for (let h = this.next[this.headSlot]!; h !== this.headSlot; ) {
      const following = this.next[h]!;
      const len = this.lengths[h]!;
      if (len > lo) {
        if (len > hi) {
          const data = this.columns[h]!;
          const t = data[lo]!;
          data[lo] = data[hi]!;
          data[hi] = t;
        } else {
          // A column covering one of the two positions but not the other cannot be kept.
          this.evict(h);
        }
      }
      h = following;
    }
  }
}
