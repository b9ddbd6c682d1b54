/**
 * The `roc` slice (protocol §6.8.7): per split, an `aggregate` curve over all its
 * predictions (resampled fits pool the folds) and, for resampled fits, one curve per
 * fold. Binary outcomes get the positive (second) class's curve, multiclass one
 * one-vs-rest curve per class. Columns `split`, `class`, `fold`, `fpr`, `tpr`, `auc`.
 */
import type { ResultTable } from '../contract.js';
import { rocCurve } from '../metrics/roc.js';
import type { FoldResult, SplitPredictions } from './fold-result.js';

export function rocTable(folds: FoldResult[], classes: string[], resampled: boolean): ResultTable | null {
  const split: string[] = [];
  const klass: string[] = [];
  const fold: string[] = [];
  const fpr: number[] = [];
  const tpr: number[] = [];
  const auc: (number | null)[] = [];
  const curveClasses = classes.length === 2 ? [1] : classes.map((_, code) => code);

  const addCurves = (splitName: string, foldName: string, parts: SplitPredictions[]) => {
    const actual = concat(parts.map((part) => part.actual));
    for (const code of curveClasses) {
      const scores = concat(parts.map((part) => part.probabilities![code]!));
      const curve = rocCurve(actual.map((value) => (value === code ? 1 : 0)), scores);
      for (let i = 0; i < curve.fpr.length; i++) {
        split.push(splitName);
        klass.push(classes[code]!);
        fold.push(foldName);
        fpr.push(curve.fpr[i]!);
        tpr.push(curve.tpr[i]!);
        auc.push(Number.isFinite(curve.auc) ? curve.auc : null);
      }
    }
  };

  for (const splitName of ['training', 'test'] as const) {
    const perFold = folds.flatMap((result) => {
      const part = splitName === 'training' ? result.training : result.test;
      return part === null || part.probabilities === null || part.actual.length === 0 ? [] : [{ result, part }];
    });
    if (perFold.length === 0) continue;
    addCurves(splitName, 'aggregate', perFold.map(({ part }) => part));
    if (resampled) {
      for (const { result, part } of perFold) addCurves(splitName, result.name ?? String(result.index), [part]);
    }
  }
  if (split.length === 0) return null;
  return {
    columns: [
      { name: 'split', type: 'utf8', values: split },
      { name: 'class', type: 'utf8', values: klass },
      { name: 'fold', type: 'utf8', values: fold },
      { name: 'fpr', type: 'float64', values: Float64Array.from(fpr) },
      { name: 'tpr', type: 'float64', values: Float64Array.from(tpr) },
      { name: 'auc', type: 'float64', values: auc },
    ],
  };
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((total, array) => total + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    out.set(array, offset);
    offset += array.length;
  }
  return out;
}
