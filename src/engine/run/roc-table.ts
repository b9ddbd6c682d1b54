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
  // Text columns as codes (one level per distinct value): a curve has a row per vertex, so a
  // string per row made the table most of a small job's result, to clone and to save.
  const splits = new Levels();
  const foldNames = new Levels();
  const split: number[] = [];
  const klass: number[] = [];
  const fold: number[] = [];
  const fpr: number[] = [];
  const tpr: number[] = [];
  const auc: number[] = [];
  const curveClasses = classes.length === 2 ? [1] : classes.map((_, code) => code);

  const addCurves = (splitName: string, foldName: string, parts: SplitPredictions[]) => {
    const actual = concat(parts.map((part) => part.actual));
    const splitCode = splits.code(splitName);
    const foldCode = foldNames.code(foldName);
    for (const code of curveClasses) {
      const scores = concat(parts.map((part) => part.probabilities![code]!));
      const curve = rocCurve(actual.map((value) => (value === code ? 1 : 0)), scores);
      // NaN becomes an Arrow null, as rtemis gives for a curve without both outcomes.
      const curveAuc = Number.isFinite(curve.auc) ? curve.auc : NaN;
      for (let i = 0; i < curve.fpr.length; i++) {
        split.push(splitCode);
        klass.push(code);
        fold.push(foldCode);
        fpr.push(curve.fpr[i]!);
        tpr.push(curve.tpr[i]!);
        auc.push(curveAuc);
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
      { name: 'split', type: 'utf8', codes: Int32Array.from(split), levels: splits.levels },
      { name: 'class', type: 'utf8', codes: Int32Array.from(klass), levels: classes },
      { name: 'fold', type: 'utf8', codes: Int32Array.from(fold), levels: foldNames.levels },
      { name: 'fpr', type: 'float64', values: Float64Array.from(fpr) },
      { name: 'tpr', type: 'float64', values: Float64Array.from(tpr) },
      { name: 'auc', type: 'float64', values: Float64Array.from(auc) },
    ],
  };
}

class Levels {
  readonly levels: string[] = [];

  code(level: string): number {
    const known = this.levels.indexOf(level);
    return known >= 0 ? known : this.levels.push(level) - 1;
  }
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
