/**
 * The once-per-fit sort of a numeric feature in rpart's own order. rpart sorts each column with a
 * median-of-three quicksort (insertion sort below 11 elements) that is not stable, and every later
 * sum over a node runs in that order, so cases with tied values must be visited in the very same
 * order for the floating-point sums — and with them the choice between equally good splits — to
 * come out as rpart's. This reproduces that algorithm's sequence of comparisons and swaps.
 * Without tied values every correct sort gives rpart's order, so `rpartOrder` then uses a much
 * faster bucket sort and keeps the quicksort for columns with ties.
 */

/** Fills `order` with 0..n−1 sorted by `x` in rpart's order (x may be reordered). `scratch` holds ≥ n elements. */
export function rpartOrder(x: Float64Array, order: Int32Array, scratch: SortScratch): void {
  const n = x.length;
  if (!bucketOrder(x, order, scratch)) {
    for (let i = 0; i < n; i++) order[i] = i;
    rpartSort(x, order);
  }
}

/** Work arrays for `rpartOrder` on up to `n` values. */
export class SortScratch {
  readonly values: Float64Array;
  readonly counts: Int32Array;

  constructor(n: number) {
    this.values = new Float64Array(n);
    this.counts = new Int32Array(n + 1);
  }
}

/**
 * Sorts x (finite values) into `order` when it has no ties; false when it has, or when max − min
 * overflows. Cases go to equal-width buckets over [min, max] — a monotone map, so the buckets are
 * already in order — and each bucket is then sorted on its own (almost all hold a few cases;
 * crowded ones, from skewed values, take rpart's quicksort).
 */
function bucketOrder(x: Float64Array, order: Int32Array, s: SortScratch): boolean {
  const n = x.length;
  if (n < 2) {
    if (n === 1) order[0] = 0;
    return true;
  }
  let min = x[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = x[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  // About one case per bucket.
  const buckets = n;
  const scale = buckets / (max - min);
  if (!(scale > 0 && scale < Infinity)) return false;
  const { values, counts } = s;
  counts.fill(0, 0, buckets + 1);
  for (let i = 0; i < n; i++) counts[bucketOf(x[i]!, min, scale, buckets) + 1]++;
  for (let b = 1; b <= buckets; b++) counts[b] += counts[b - 1]!;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const at = counts[bucketOf(v, min, scale, buckets)]!++;
    values[at] = v;
    order[at] = i;
  }
  // counts[b] is now the end of bucket b (and the start of bucket b + 1).
  let start = 0;
  for (let b = 0; b < buckets; b++) {
    const end = counts[b]!;
    if (end - start > 1) rpartSort(values, order, start, end - 1);
    start = end;
  }
  // −0 and +0 compare equal: a tie like any other.
  for (let t = 1; t < n; t++) if (values[t] === values[t - 1]) return false;
  return true;
}

function bucketOf(v: number, min: number, scale: number, buckets: number): number {
  const b = Math.floor((v - min) * scale);
  return b < buckets ? b : buckets - 1;
}

/** Sorts x ascending in place over [start, stop] (inclusive), applying every move to `carry` too. */
export function rpartSort(x: Float64Array, carry: Int32Array, start = 0, stop = x.length - 1): void {
  while (start < stop) {
    if (stop - start < 11) {
      insertionSort(x, carry, start, stop);
      return;
    }
    let i = start;
    let j = stop;
    const k = (start + stop) >> 1;
    const median = medianOfThree(x[i]!, x[k]!, x[j]!);

    while (i < j) {
      while (x[i]! < median) i++;
      while (x[j]! > median) j--;
      if (i < j) {
        if (x[i]! > x[j]!) {
          const tv = x[i]!;
          x[i] = x[j]!;
          x[j] = tv;
          const tc = carry[i]!;
          carry[i] = carry[j]!;
          carry[j] = tc;
        }
        i++;
        j--;
      }
    }
    // Step over the run equal to the median (i may equal j here): only the outer parts remain.
    while (x[i]! >= median && i > start) i--;
    while (x[j]! <= median && j < stop) j++;

    // Recurse on the shorter part, loop on the longer.
    if (i - start < stop - j) {
      if (i - start > 0) rpartSort(x, carry, start, i);
      start = j;
    } else {
      if (stop - j > 0) rpartSort(x, carry, j, stop);
      stop = i;
    }
  }
}

function insertionSort(x: Float64Array, carry: Int32Array, start: number, stop: number): void {
  for (let i = start + 1; i <= stop; i++) {
    const v = x[i]!;
    const c = carry[i]!;
    let j = i - 1;
    while (j >= start && x[j]! > v) {
      x[j + 1] = x[j]!;
      carry[j + 1] = carry[j]!;
      j--;
    }
    x[j + 1] = v;
    carry[j + 1] = c;
  }
}

/** The pivot rpart picks from the first (a), middle (b) and last (c) values. */
function medianOfThree(a: number, b: number, c: number): number {
  if (a >= b) {
    if (c > b) return a > c ? c : a;
    return b;
  }
  if (c < b) return a > c ? a : c;
  return b;
}
