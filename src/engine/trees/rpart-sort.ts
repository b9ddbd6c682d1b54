/**
 * The once-per-fit sort of a numeric feature in rpart's own order. rpart sorts each column with a
 * median-of-three quicksort (insertion sort below 11 elements) that is not stable, and every later
 * sum over a node runs in that order, so cases with tied values must be visited in the very same
 * order for the floating-point sums — and with them the choice between equally good splits — to
 * come out as rpart's. This reproduces that algorithm's sequence of comparisons and swaps.
 * Without tied values every correct sort gives rpart's order, so `rpartOrder` then uses a much
 * faster radix sort and keeps the quicksort for columns with ties.
 */

/** Fills `order` with 0..n−1 sorted by `x` in rpart's order (x may be reordered). `scratch` holds ≥ n elements. */
export function rpartOrder(x: Float64Array, order: Int32Array, scratch: RadixScratch): void {
  const n = x.length;
  const { hi, lo } = scratch;
  radixOrder(x, order, scratch);
  // Equal keys are equal values (−0 was keyed as +0).
  let tied = false;
  for (let t = 1; t < n && !tied; t++) tied = hi[t] === hi[t - 1] && lo[t] === lo[t - 1];
  if (tied) {
    for (let i = 0; i < n; i++) order[i] = i;
    rpartSort(x, order);
  }
}

/** Work arrays for `rpartOrder` on up to `n` values. */
export class RadixScratch {
  readonly hi: Int32Array;
  readonly lo: Int32Array;
  readonly hi2: Int32Array;
  readonly lo2: Int32Array;
  readonly order2: Int32Array;
  readonly counts = new Int32Array(DIGITS * RADIX);

  constructor(n: number) {
    this.hi = new Int32Array(n);
    this.lo = new Int32Array(n);
    this.hi2 = new Int32Array(n);
    this.lo2 = new Int32Array(n);
    this.order2 = new Int32Array(n);
  }
}

/** The sign bit as an int32: keys are kept in int32 so the engine never boxes them. */
const SIGN = 1 << 31;
const BITS = 11;
const RADIX = 1 << BITS;
/** Three digits per 32-bit half (11 + 11 + 10 bits). */
const DIGITS = 6;

/**
 * LSD radix sort of the doubles' order-preserving 64-bit patterns; leaves the sorted keys in
 * scratch.hi / scratch.lo and the permutation in `order`.
 */
function radixOrder(x: Float64Array, order: Int32Array, s: RadixScratch): void {
  const n = x.length;
  const { counts, hi, lo, hi2, lo2, order2 } = s;
  fillKeys(x, hi, lo, order, counts);
  // Each pass moves keys and order from one buffer set to the other.
  let inScratch = false;
  for (let digit = 0; digit < DIGITS; digit++) {
    const off = digit * RADIX;
    if (!prefixSums(counts, off, n)) continue;
    const shift = (digit % 3) * BITS;
    const high = digit >= 3;
    if (inScratch) scatter(high ? hi2 : lo2, hi2, lo2, order2, hi, lo, order, counts, off, shift, n);
    else scatter(high ? hi : lo, hi, lo, order, hi2, lo2, order2, counts, off, shift, n);
    inScratch = !inScratch;
  }
  if (inScratch) {
    hi.set(hi2.subarray(0, n));
    lo.set(lo2.subarray(0, n));
    order.set(order2.subarray(0, n));
  }
}

/** Order-preserving int32 halves of every value, the identity order, and every digit's counts. */
function fillKeys(x: Float64Array, hi: Int32Array, lo: Int32Array, order: Int32Array, counts: Int32Array): void {
  const n = x.length;
  const words = new Int32Array(x.buffer, x.byteOffset, 2 * n);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    // Little-endian words; negative values get every bit flipped, the others only the sign bit.
    // −0 is keyed as +0 (they compare equal).
    let h = x[i] === 0 ? 0 : words[2 * i + 1]!;
    let l = words[2 * i]!;
    if (h < 0) {
      h = ~h;
      l = ~l;
    } else h ^= SIGN;
    hi[i] = h;
    lo[i] = l;
    order[i] = i;
    counts[l & (RADIX - 1)]++;
    counts[RADIX + ((l >>> BITS) & (RADIX - 1))]++;
    counts[2 * RADIX + (l >>> (2 * BITS))]++;
    counts[3 * RADIX + (h & (RADIX - 1))]++;
    counts[4 * RADIX + ((h >>> BITS) & (RADIX - 1))]++;
    counts[5 * RADIX + (h >>> (2 * BITS))]++;
  }
}

/** Turns digit counts into start offsets; false when one digit holds every key (nothing to do). */
function prefixSums(counts: Int32Array, off: number, n: number): boolean {
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[off + d]!;
    if (c === n) return false;
    counts[off + d] = sum;
    sum += c;
  }
  return true;
}

function scatter(
  digits: Int32Array,
  srcHi: Int32Array,
  srcLo: Int32Array,
  srcOrd: Int32Array,
  dstHi: Int32Array,
  dstLo: Int32Array,
  dstOrd: Int32Array,
  counts: Int32Array,
  off: number,
  shift: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const at = counts[off + ((digits[i]! >>> shift) & (RADIX - 1))]!++;
    dstHi[at] = srcHi[i]!;
    dstLo[at] = srcLo[i]!;
    dstOrd[at] = srcOrd[i]!;
  }
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
