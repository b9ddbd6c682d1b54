/**
 * Bounded max-heaps of candidate neighbours, one per case, in flat typed arrays: row i owns
 * slots [i*k, i*k+k); the root holds the farthest kept candidate. Used by the exact search
 * and by NN-descent (whose `fresh` flags mark candidates not yet joined).
 */
export interface NeighborHeaps {
  n: number;
  k: number;
  indices: Int32Array;
  distances: Float64Array;
  fresh: Uint8Array;
}

export function createHeaps(n: number, k: number): NeighborHeaps {
  return {
    n,
    k,
    indices: new Int32Array(n * k).fill(-1),
    distances: new Float64Array(n * k).fill(Infinity),
    fresh: new Uint8Array(n * k),
  };
}

/** Offers candidate j at distance d to row i; returns 1 if it was kept, else 0. */
export function heapPush(heaps: NeighborHeaps, i: number, d: number, j: number, fresh: number): number {
  const { k, indices, distances } = heaps;
  const base = i * k;
  if (!(d < distances[base]!)) return 0;
  for (let s = base; s < base + k; s++) if (indices[s] === j) return 0;
  siftDown(heaps, base, d, j, fresh);
  return 1;
}

/** Replaces the root of the heap at `base` and restores the heap order. */
function siftDown(heaps: NeighborHeaps, base: number, d: number, j: number, fresh: number): void {
  const { k, indices, distances, fresh: flags } = heaps;
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && distances[base + right]! > distances[base + left]!) child = right;
    if (distances[base + child]! <= d) break;
    distances[base + pos] = distances[base + child]!;
    indices[base + pos] = indices[base + child]!;
    flags[base + pos] = flags[base + child]!;
    pos = child;
  }
  distances[base + pos] = d;
  indices[base + pos] = j;
  flags[base + pos] = fresh;
}

/** Sorts every row ascending by distance (in place, heap sort). */
export function sortHeaps(heaps: NeighborHeaps): void {
  const { n, k, indices, distances, fresh } = heaps;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    for (let end = k - 1; end > 0; end--) {
      // Move the current maximum behind the shrinking heap, then sift the moved leaf down.
      const d = distances[base + end]!;
      const j = indices[base + end]!;
      const f = fresh[base + end]!;
      distances[base + end] = distances[base]!;
      indices[base + end] = indices[base]!;
      fresh[base + end] = fresh[base]!;
      let pos = 0;
      for (;;) {
        const left = 2 * pos + 1;
        if (left >= end) break;
        const right = left + 1;
        let child = left;
        if (right < end && distances[base + right]! > distances[base + left]!) child = right;
        if (distances[base + child]! <= d) break;
        distances[base + pos] = distances[base + child]!;
        indices[base + pos] = indices[base + child]!;
        fresh[base + pos] = fresh[base + child]!;
        pos = child;
      }
      distances[base + pos] = d;
      indices[base + pos] = j;
      fresh[base + pos] = f;
    }
  }
}
