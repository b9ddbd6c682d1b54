/**
 * ROC curve and AUC of one score against 0/1 labels (protocol §6.8.7). Tied scores move
 * the curve diagonally, so the area counts a tied positive/negative pair as ½ — the same
 * AUC as rtemis's lightAUC / ROCR. A missing (NaN) score ranks lowest.
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

  // Each class's scores sorted natively, then walked together from the highest score down
  // (an index sort with a comparator took 4× as long: 1M cases 0.56–0.64 → 0.14 s per curve).
  const positives = new Float64Array(nPositive);
  const negatives = new Float64Array(nNegative);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    const score = rankable(scores[i]!);
    if (labels01[i] === 1) positives[p++] = score;
    else negatives[q++] = score;
  }
  positives.sort();
  negatives.sort();
  // At most one vertex per case, plus (0, 0).
  const fpr = new Float64Array(n + 1);
  const tpr = new Float64Array(n + 1);
  let vertices = 1;
  let truePositives = 0;
  let falsePositives = 0;
  let auc = 0;
  let p = nPositive - 1;
  let q = nNegative - 1;
  while (p >= 0 || q >= 0) {
    // One vertex per distinct score: all cases sharing it cross the threshold together.
    const score = Math.max(p >= 0 ? positives[p]! : -Infinity, q >= 0 ? negatives[q]! : -Infinity);
    while (p >= 0 && positives[p] === score) {
      truePositives++;
      p--;
    }
    while (q >= 0 && negatives[q] === score) {
      falsePositives++;
      q--;
    }
    const x = falsePositives / nNegative;
    const y = truePositives / nPositive;
    auc += ((x - fpr[vertices - 1]!) * (y + tpr[vertices - 1]!)) / 2;
    fpr[vertices] = x;
    tpr[vertices] = y;
    vertices++;
  }
  if (vertices <= maxVertices) return { fpr: fpr.slice(0, vertices), tpr: tpr.slice(0, vertices), auc };
  // Evenly spaced vertices, the first and the last always kept.
  const step = (vertices - 1) / (maxVertices - 1);
  const keptFpr = new Float64Array(maxVertices);
  const keptTpr = new Float64Array(maxVertices);
  for (let i = 0; i < maxVertices; i++) {
    const at = Math.round(i * step);
    keptFpr[i] = fpr[at]!;
    keptTpr[i] = tpr[at]!;
  }
  return { fpr: keptFpr, tpr: keptTpr, auc };
}

/** A missing score ranks below every other (one tie group with -Infinity). */
function rankable(score: number): number {
  return Number.isNaN(score) ? -Infinity : score;
}

/** Mann–Whitney AUC (ties ½) without building the curve. */
export function auc(labels01: ArrayLike<number>, scores: ArrayLike<number>): number {
  return rocCurve(labels01, scores, 2).auc;
}
