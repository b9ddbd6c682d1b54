/**
 * The `predictions` slice (protocol §6.8.6). Single model: `split`, `actual`,
 * `predicted` and, for classification, `prob_<level>` columns (binary: only the
 * positive, second, level). Resampled: `split`, `fold`, `actual`, `predicted`, the
 * training parts of every fold first, then the test parts; no probabilities.
 * Text columns are coded (split, fold, classes), so millions of rows stay compact.
 */
import type { ResultColumn, ResultTable } from '../contract.js';
import type { FoldResult, SplitPredictions } from './fold-result.js';

interface Part {
  split: string;
  fold: string;
  predictions: SplitPredictions;
}

export function singlePredictionTable(fold: FoldResult, classes: string[] | null): ResultTable {
  const parts = splitsOf([fold]);
  const columns: ResultColumn[] = [codedLabels('split', parts, (part) => part.split), ...outcomeColumns(parts, classes)];
  if (classes !== null) {
    const shown = classes.length === 2 ? [1] : classes.map((_, code) => code);
    for (const code of shown) {
      columns.push({ name: `prob_${classes[code]}`, type: 'float64', values: concat(parts, (part) => part.predictions.probabilities?.[code] ?? null) });
    }
  }
  return { columns };
}

export function resampledPredictionTable(folds: FoldResult[], classes: string[] | null): ResultTable {
  const parts = splitsOf(folds);
  return {
    columns: [codedLabels('split', parts, (part) => part.split), codedLabels('fold', parts, (part) => part.fold), ...outcomeColumns(parts, classes)],
  };
}

function splitsOf(folds: FoldResult[]): Part[] {
  const training = folds.map((fold) => ({ split: 'training', fold: foldLabel(fold), predictions: fold.training }));
  const test = folds.flatMap((fold) => (fold.test === null ? [] : [{ split: 'test', fold: foldLabel(fold), predictions: fold.test }]));
  return [...training, ...test].filter(({ predictions }) => predictions.actual.length > 0);
}

function foldLabel(fold: FoldResult): string {
  return fold.name ?? String(fold.index);
}

/** A utf8 column holding one label per part, repeated over the part's rows. */
function codedLabels(name: string, parts: Part[], label: (part: Part) => string): ResultColumn {
  const levels = [...new Set(parts.map(label))];
  const codes = new Int32Array(parts.reduce((sum, part) => sum + part.predictions.actual.length, 0));
  let at = 0;
  for (const part of parts) {
    codes.fill(levels.indexOf(label(part)), at, at + part.predictions.actual.length);
    at += part.predictions.actual.length;
  }
  return { name, type: 'utf8', codes, levels };
}

/** One part's values after another; a part without them (no probabilities) gives NaN, a null. */
function concat(parts: Part[], values: (part: Part) => Float64Array | null): Float64Array {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.predictions.actual.length, 0));
  let at = 0;
  for (const part of parts) {
    const n = part.predictions.actual.length;
    const source = values(part);
    if (source === null) out.fill(NaN, at, at + n);
    else out.set(source.subarray(0, n), at);
    at += n;
  }
  return out;
}

function outcomeColumns(parts: Part[], classes: string[] | null): ResultColumn[] {
  const actual = concat(parts, (part) => part.predictions.actual);
  const predicted = concat(parts, (part) => part.predictions.predicted);
  if (classes === null) {
    return [
      { name: 'actual', type: 'float64', values: actual },
      { name: 'predicted', type: 'float64', values: predicted },
    ];
  }
  const codesOf = (values: Float64Array) => Int32Array.from(values, (code) => (Number.isInteger(code) && code >= 0 && code < classes.length ? code : -1));
  return [
    { name: 'actual', type: 'dictionary', codes: codesOf(actual), levels: classes },
    { name: 'predicted', type: 'dictionary', codes: codesOf(predicted), levels: classes },
  ];
}
