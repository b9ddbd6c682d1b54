/**
 * The `predictions` slice (protocol §6.8.6). Single model: `split`, `actual`,
 * `predicted` and, for classification, `prob_<level>` columns (binary: only the
 * positive, second, level). Resampled: `split`, `fold`, `actual`, `predicted`, the
 * training parts of every fold first, then the test parts; no probabilities.
 */
import type { ResultColumn, ResultTable } from '../contract.js';
import type { FoldResult, SplitPredictions } from './fold-result.js';

export function singlePredictionTable(fold: FoldResult, classes: string[] | null): ResultTable {
  const parts = splitsOf([fold]).map(({ split, predictions }) => ({ split, predictions }));
  const columns: ResultColumn[] = [
    { name: 'split', type: 'utf8', values: parts.flatMap(({ split, predictions }) => repeat(split, predictions.actual.length)) },
    ...outcomeColumns(parts.map(({ predictions }) => predictions), classes),
  ];
  if (classes !== null) {
    const shown = classes.length === 2 ? [1] : classes.map((_, code) => code);
    for (const code of shown) {
      const values = parts.flatMap(({ predictions }) => Array.from(predictions.probabilities?.[code] ?? []));
      columns.push({ name: `prob_${classes[code]}`, type: 'float64', values: Float64Array.from(values) });
    }
  }
  return { columns };
}

export function resampledPredictionTable(folds: FoldResult[], classes: string[] | null): ResultTable {
  const parts = splitsOf(folds);
  return {
    columns: [
      { name: 'split', type: 'utf8', values: parts.flatMap(({ split, predictions }) => repeat(split, predictions.actual.length)) },
      { name: 'fold', type: 'utf8', values: parts.flatMap(({ fold, predictions }) => repeat(fold, predictions.actual.length)) },
      ...outcomeColumns(parts.map(({ predictions }) => predictions), classes),
    ],
  };
}

function splitsOf(folds: FoldResult[]): { split: string; fold: string; predictions: SplitPredictions }[] {
  const training = folds.map((fold) => ({ split: 'training', fold: foldLabel(fold), predictions: fold.training }));
  const test = folds.flatMap((fold) => (fold.test === null ? [] : [{ split: 'test', fold: foldLabel(fold), predictions: fold.test }]));
  return [...training, ...test].filter(({ predictions }) => predictions.actual.length > 0);
}

function foldLabel(fold: FoldResult): string {
  return fold.name ?? String(fold.index);
}

function outcomeColumns(parts: SplitPredictions[], classes: string[] | null): ResultColumn[] {
  const actual = parts.flatMap((part) => Array.from(part.actual));
  const predicted = parts.flatMap((part) => Array.from(part.predicted));
  if (classes === null) {
    return [
      { name: 'actual', type: 'float64', values: Float64Array.from(actual) },
      { name: 'predicted', type: 'float64', values: Float64Array.from(predicted) },
    ];
  }
  const label = (code: number) => classes[code] ?? null;
  return [
    { name: 'actual', type: 'dictionary', values: actual.map(label), levels: classes },
    { name: 'predicted', type: 'dictionary', values: predicted.map(label), levels: classes },
  ];
}

function repeat(value: string, times: number): string[] {
  return new Array<string>(times).fill(value);
}
