/**
 * Classification metrics as rtemis `classification_metrics()` computes them
 * (rtemis-model §5.3): confusion matrix with the positive class first for binary
 * outcomes, one-vs-rest per-class rows, the overall row, AUC and Brier score from the
 * positive-class probability. Undefined ratios (0/0) are null in the per-class rows;
 * multiclass balanced accuracy and macro-F1 average over the classes present in the
 * true values (scikit-learn's convention, a deviation from rtemis).
 */
import type { EngineJsonObject } from '../contract.js';
import { auc } from './roc.js';

/** One metrics row, keys in rtemis's column order; null = undefined (0/0, NaN). */
export type MetricRow = Record<string, number | null>;

export interface ClassificationMetrics {
  sample: string;
  /** Levels in reporting order: positive class first when binary, else the class order. */
  levels: string[];
  /** counts[reference][predicted], both in `levels` order. */
  confusion: number[][];
  overall: MetricRow;
  perClass: { level: string; row: MetricRow }[];
  positiveClass: string | null;
}

export interface ClassificationInput {
  /** True class codes (index `classes`). */
  actual: ArrayLike<number>;
  /** Predicted class codes. */
  predicted: ArrayLike<number>;
  /** One column per class (in `classes` order), or null. */
  probabilities: ArrayLike<number>[] | null;
  /** Outcome levels; for binary outcomes the positive class is the second (see toSupervised). */
  classes: string[];
  sample: string;
}

export function classificationMetrics(input: ClassificationInput): ClassificationMetrics {
  const k = input.classes.length;
  const binary = k === 2;
  // Binary: the positive (second) level is reported first.
  const order = binary ? [1, 0] : input.classes.map((_, code) => code);
  const position = new Array<number>(k);
  order.forEach((code, index) => (position[code] = index));
  const levels = order.map((code) => input.classes[code]!);

  const confusion = levels.map(() => new Array<number>(k).fill(0));
  const n = input.actual.length;
  for (let i = 0; i < n; i++) confusion[position[input.actual[i]!]!]![position[input.predicted[i]!]!]!++;

  const total = n;
  const perClass = levels.map((level, c) => {
    const hits = confusion[c]![c]!;
    const rowTotal = sum(confusion[c]!);
    const predictedTotal = sum(confusion.map((row) => row[c]!));
    const trueNegative = total - predictedTotal - (rowTotal - hits);
    const sensitivity = hits / rowTotal;
    const specificity = trueNegative / (total - rowTotal);
    const ppv = hits / predictedTotal;
    const npv = trueNegative / (total - predictedTotal);
    return {
      level,
      values: {
        sensitivity,
        specificity,
        balanced_accuracy: 0.5 * (sensitivity + specificity),
        ppv,
        npv,
        f1: (2 * (ppv * sensitivity)) / (ppv + sensitivity),
      },
    };
  });

  const overall: Record<string, number> = {};
  if (binary) {
    Object.assign(overall, perClass[0]!.values);
  } else {
    // Deviation (as scikit-learn): macro averages over the classes present in the true
    // values, so a class missing from one fold does not make the fold's summary undefined.
    // F1 = 2TP / (2TP + FP + FN) is defined for every present class (0 when never hit).
    const present = perClass.map((_, c) => c).filter((c) => sum(confusion[c]!) > 0);
    overall.balanced_accuracy = mean(present.map((c) => perClass[c]!.values.sensitivity));
    overall.f1 = mean(
      present.map((c) => {
        // 2TP + FP + FN = predicted total + true total.
        const predictedTotal = sum(confusion.map((row) => row[c]!));
        return (2 * confusion[c]![c]!) / (predictedTotal + sum(confusion[c]!));
      }),
    );
  }
  let hitsTotal = 0;
  for (let c = 0; c < k; c++) hitsTotal += confusion[c]![c]!;
  overall.accuracy = hitsTotal / total;
  if (binary && input.probabilities !== null) {
    const positiveProbability = input.probabilities[1]!;
    const truth = Float64Array.from({ length: n }, (_, i) => (input.actual[i] === 1 ? 1 : 0));
    overall.auc = auc(truth, positiveProbability);
    let squared = 0;
    for (let i = 0; i < n; i++) squared += (truth[i]! - positiveProbability[i]!) ** 2;
    overall.brier_score = squared / n;
  }

  return {
    sample: input.sample,
    levels,
    confusion,
    overall: definedOrNull(overall),
    perClass: perClass.map(({ level, values }) => ({ level, row: definedOrNull(values) })),
    positiveClass: binary ? levels[0]! : null,
  };
}

/** The `ClassificationMetrics` JSON object of §5.3. */
export function classificationMetricsJson(metrics: ClassificationMetrics): EngineJsonObject {
  return {
    '.class': 'ClassificationMetrics',
    sample: metrics.sample,
    confusion_long: confusionLong(metrics.levels, metrics.confusion),
    metrics: {
      overall: [metrics.overall],
      class: metrics.perClass.map(({ level, row }) => ({ level, ...row })),
      positive_class: metrics.positiveClass,
    },
  };
}

/** Cells column-major: reference varies fastest, then predicted. */
export function confusionLong(levels: string[], confusion: number[][]): EngineJsonObject[] {
  const cells: EngineJsonObject[] = [];
  levels.forEach((predicted, p) => {
    levels.forEach((reference, r) => cells.push({ reference, predicted, n: confusion[r]![p]! }));
  });
  return cells;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function mean(values: number[]): number {
  return sum(values) / values.length;
}

export function definedOrNull(row: Record<string, number>): MetricRow {
  const out: MetricRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = Number.isFinite(value) ? value : null;
  return out;
}
