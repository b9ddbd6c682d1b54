/**
 * Variable importance as the result JSON holds it (`{".class":"VariableImportance",
 * "data":[…]}`) and as the `varimp` slice (protocol §6.8.5): `variable` then the
 * measures; resampled fits stack the folds with `fold` second, null-filling measures a
 * fold lacks. Rows keep the algorithm's order.
 */
import type { EngineJsonObject, ResultColumn, ResultTable } from '../contract.js';
import type { VariableImportance } from '../learner.js';
import type { FoldResult } from './fold-result.js';

export function varimpJson(varimp: VariableImportance): EngineJsonObject {
  return {
    '.class': 'VariableImportance',
    data: varimp.variables.map((variable, row) => {
      const entry: EngineJsonObject = { variable };
      for (const measure of varimp.measures) entry[measure.name] = finiteOrNull(measure.values[row]!);
      return entry;
    }),
  };
}

export function singleVarimpTable(varimp: VariableImportance | null): ResultTable | null {
  if (varimp === null || varimp.variables.length === 0) return null;
  return {
    columns: [
      { name: 'variable', type: 'utf8', values: [...varimp.variables] },
      ...varimp.measures.map((measure): ResultColumn => ({ name: measure.name, type: 'float64', values: Float64Array.from(measure.values) })),
    ],
  };
}

export function resampledVarimpTable(folds: FoldResult[]): ResultTable | null {
  const pieces = folds.flatMap((fold) =>
    fold.varimp === null || fold.varimp.variables.length === 0 ? [] : [{ fold: fold.name ?? String(fold.index), varimp: fold.varimp }],
  );
  if (pieces.length === 0) return null;
  const measureNames = [...new Set(pieces.flatMap(({ varimp }) => varimp.measures.map((measure) => measure.name)))];
  const variable: string[] = [];
  const foldColumn: string[] = [];
  const measures = measureNames.map(() => [] as (number | null)[]);
  for (const { fold, varimp } of pieces) {
    variable.push(...varimp.variables);
    foldColumn.push(...varimp.variables.map(() => fold));
    measureNames.forEach((name, m) => {
      const found = varimp.measures.find((measure) => measure.name === name);
      measures[m]!.push(...varimp.variables.map((_, row) => (found === undefined ? null : found.values[row]!)));
    });
  }
  return {
    columns: [
      { name: 'variable', type: 'utf8', values: variable },
      { name: 'fold', type: 'utf8', values: foldColumn },
      ...measureNames.map((name, m): ResultColumn => ({ name, type: 'float64', values: measures[m]! })),
    ],
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
