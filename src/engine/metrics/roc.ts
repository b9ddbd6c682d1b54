/**
 * ROC curve and AUC of one score against 0/1 labels (protocol §6.8.7). Tied scores move
 * the curve diagonally, so the area counts a tied positive/negative pair as ½ — the same
 * AUC as rtemis's lightAUC / ROCR.
 */

export const MAX_ROC_VERTICES = 1000;

export interface RocCurve {
  /** Vertices sorted by (fpr, tpr), from (0, 0) to (1, 1); empty when one class is absent. */
  fpr: Float64Array;
  tpr: Float64Array;
  /** Area under the full (not down-sampled) curve; NaN when one class is absent. */
  auc: number;
}

export function rocCurve(labels01: ArrayLike<number>, scores: ArrayLike<number>, maxVertices = MAX_ROC_VERTICES): RocCurve {
  const n = labels01.length;
  let nPositive = 0;
  for (let i = 0; i < n; i++) if (labels01[i] === 1) nPositive++;
  const nNegative = n - nPositive;
  if (nPositive === 0 || nNegative === 0) return { fpr: new Float64Array(0), tpr: new Float64Array(0), auc: NaN };

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const fpr = [0];
  const tpr = [0];
  let truePositives = 0;
  let falsePositives = 0;
  let auc = 0;
  for (let start = 0; start < n; ) {
    // One vertex per distinct score: all cases sharing it cross the threshold together.
    let end = start;
    const score = scores[order[start]!]!;
    while (end < n && scores[order[end]!] === score) end++;
    for (let i = start; i < end; i++) {
      if (labels01[order[i]!] === 1) truePositives++;
      else falsePositives++;
    }
    const x = falsePositives / nNegative;
    const y = truePositives / nPositive;
    auc += ((x - fpr.at(-1)!) * (y + tpr.at(-1)!)) / 2;
    fpr.push(x);
    tpr.push(y);
    start = end;
  }
  const kept = downsample(fpr.length, maxVertices);
  return {
    fpr: Float64Array.from(kept, (i) => fpr[i]!),
    tpr: Float64Array.from(kept, (i) => tpr[i]!),
    auc,
  };
}

/** Mann–Whitney AUC (ties ½) without building the curve. */
export function auc(labels01: ArrayLike<number>, scores: ArrayLike<number>): number {
  return rocCurve(labels01, scores, 2).auc;
}

/** Evenly spaced vertex indices, first and last always kept. */
function downsample(count: number, maxVertices: number): number[] {
  if (count <= maxVertices) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (maxVertices - 1);
  return Array.from({ length: maxVertices }, (_, i) => Math.round(i * step));
}
