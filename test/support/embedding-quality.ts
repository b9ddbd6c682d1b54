/**
 * Sign- and rotation-free quality measures of an embedding, used to compare ours with the R
 * peers: trustworthiness (Venna & Kaski; sklearn's definition) and leave-one-out k-NN
 * classification accuracy in the embedding. Data are row-major (case i at [i*p, i*p+p)).
 */

function squaredDistances(rows: Float64Array, n: number, p: number, i: number, out: Float64Array): void {
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let d = 0; d < p; d++) {
      const diff = rows[i * p + d]! - rows[j * p + d]!;
      sum += diff * diff;
    }
    out[j] = sum;
  }
  out[i] = Infinity;
}

/** Indices of all other cases by increasing distance from case i. */
function ranking(rows: Float64Array, n: number, p: number, i: number, scratch: Float64Array): Int32Array {
  squaredDistances(rows, n, p, i, scratch);
  const order = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => scratch[a]! - scratch[b]! || a - b);
  return order.subarray(0, n - 1);
}

/** Trustworthiness at k neighbours: 1 − penalty for embedding neighbours that are far in the input. */
export function trustworthiness(input: Float64Array, p: number, embedding: Float64Array, dim: number, k: number): number {
  const n = input.length / p;
  const scratch = new Float64Array(n);
  const rank = new Int32Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    const inputOrder = ranking(input, n, p, i, scratch);
    for (let r = 0; r < inputOrder.length; r++) rank[inputOrder[r]!] = r + 1;
    const embeddedOrder = ranking(embedding, n, dim, i, scratch);
    for (let r = 0; r < k; r++) {
      const j = embeddedOrder[r]!;
      if (rank[j]! > k) penalty += rank[j]! - k;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}

/** Leave-one-out accuracy of a k-NN majority vote (ties to the nearest neighbour's class). */
export function knnAccuracy(embedding: Float64Array, dim: number, labels: ArrayLike<number>, k: number): number {
  const n = embedding.length / dim;
  const scratch = new Float64Array(n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const order = ranking(embedding, n, dim, i, scratch);
    const votes = new Map<number, number>();
    for (let r = 0; r < k; r++) votes.set(labels[order[r]!]!, (votes.get(labels[order[r]!]!) ?? 0) + 1);
    let best = labels[order[0]!]!;
    for (const [label, count] of votes) if (count > votes.get(best)!) best = label;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}

/** Columns scaled to mean 0, SD 1 (constant columns left at 0): the common input space. */
export function standardizedRows(x: Float64Array[]): { rows: Float64Array; p: number } {
  const p = x.length;
  const n = x[0]?.length ?? 0;
  const rows = new Float64Array(n * p);
  x.forEach((column, j) => {
    const mean = column.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    for (let i = 0; i < n; i++) rows[i * p + j] = sd > 0 ? (column[i]! - mean) / sd : 0;
  });
  return { rows, p };
}
