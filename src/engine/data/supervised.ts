/**
 * From a dataset to the supervised problem rtemis sees (rtemis-model §0 conventions):
 * the outcome is the last column, its type decides the task, a named `weights` column
 * and any grouping column are taken out of the features, and rows without an outcome
 * are dropped.
 */
import type { TrainingData } from '../learner.js';
import { gather, selectRows, type Column, type Dataset } from './dataset.js';

export type SupervisedType = 'Classification' | 'Regression';

export interface SupervisedData {
  type: SupervisedType;
  outcomeName: string;
  /** Regression: the outcome; classification: class codes indexing `classes`. Rows with a missing outcome are gone. */
  outcome: Float64Array;
  /** Classification: levels, positive class second when binary; regression: null. */
  classes: string[] | null;
  /** The features, over the kept rows (NaN = missing). */
  features: Column[];
  /** Case weights over the kept rows, or null. */
  weights: Float64Array | null;
  /** For each kept row, its 0-based row number in the dataset. */
  rows: Int32Array;
  /** How many rows were dropped because the outcome was missing (for a user message). */
  droppedMissingOutcome: number;
}

export interface SupervisedOptions {
  /** Name of a numeric case-weights column; removed from the features. */
  weights?: string | null;
  /** Level moved to second place (the positive class of a binary outcome). */
  positiveClass?: string | null;
  /** Further columns that are not features (e.g. the resampler's `id_strat`). */
  exclude?: readonly string[];
}

export function toSupervised(dataset: Dataset, options: SupervisedOptions = {}): SupervisedData {
  const outcomeColumn = dataset.columns.at(-1);
  if (outcomeColumn === undefined) throw new Error('The dataset has no columns.');
  if (outcomeColumn.kind !== 'numeric' && outcomeColumn.kind !== 'factor') {
    throw new Error(
      `The outcome (last column, "${outcomeColumn.name}") must be categorical (strings) or numeric; it is ${outcomeColumn.arrowType}.`,
    );
  }
  const type: SupervisedType = outcomeColumn.kind === 'factor' ? 'Classification' : 'Regression';

  const kept: number[] = [];
  outcomeColumn.values.forEach((value, row) => {
    if (!Number.isNaN(value)) kept.push(row);
  });
  const rows = Int32Array.from(kept);

  let outcome = gather(outcomeColumn.values, rows);
  let classes: string[] | null = null;
  if (type === 'Classification') {
    const ordered = orderClasses(outcomeColumn.levels ?? [], options.positiveClass ?? null);
    classes = ordered.classes;
    outcome = outcome.map((code) => ordered.recode[code]!);
  } else if (options.positiveClass) {
    throw new Error(`positive_class "${options.positiveClass}" was given but the outcome "${outcomeColumn.name}" is numeric.`);
  }

  const notFeatures = new Set([outcomeColumn.name, ...(options.exclude ?? [])]);
  let weights: Float64Array | null = null;
  if (options.weights) {
    const weightsColumn = findColumn(dataset, options.weights);
    if (weightsColumn === outcomeColumn) throw new Error('The weights column cannot be the outcome.');
    if (weightsColumn.kind !== 'numeric') throw new Error(`The weights column "${options.weights}" must be numeric.`);
    weights = gather(weightsColumn.values, rows);
    if (weights.some((w) => !(w >= 0))) {
      throw new Error(`The weights column "${options.weights}" must hold non-negative numbers without missing values.`);
    }
    notFeatures.add(weightsColumn.name);
  }
  for (const name of options.exclude ?? []) findColumn(dataset, name);

  const features = dataset.columns.slice(0, -1).filter((column) => !notFeatures.has(column.name));
  const unusable = features.filter((column) => column.kind === 'other');
  if (unusable.length > 0) {
    throw new Error(
      `Unsupported column type: ${unusable.map((column) => `"${column.name}" (${column.arrowType})`).join(', ')}.`,
    );
  }
  if (features.length === 0) throw new Error('The dataset has no feature columns besides the outcome.');
  if (rows.length === 0) throw new Error(`Every value of the outcome "${outcomeColumn.name}" is missing.`);

  return {
    type,
    outcomeName: outcomeColumn.name,
    outcome,
    classes,
    // Every row kept (the usual case): the dataset's columns are used as they are, not copied.
    features: rows.length === dataset.nRows ? features : features.map((column) => selectRows(column, rows)),
    weights,
    rows,
    droppedMissingOutcome: dataset.nRows - rows.length,
  };
}

/** Sorted levels, with `positiveClass` moved to second place; `recode` maps old codes to new. */
function orderClasses(levels: string[], positiveClass: string | null): { classes: string[]; recode: number[] } {
  let classes = [...levels];
  if (positiveClass !== null) {
    if (!classes.includes(positiveClass)) {
      throw new Error(`positive_class "${positiveClass}" is not a level of the outcome (${levels.join(', ')}).`);
    }
    classes = classes.filter((level) => level !== positiveClass);
    classes.splice(Math.min(1, classes.length), 0, positiveClass);
  }
  if (classes.length < 2) throw new Error('A categorical outcome needs at least two classes.');
  return { classes, recode: levels.map((level) => classes.indexOf(level)) };
}

function findColumn(dataset: Dataset, name: string): Column {
  const column = dataset.columns.find((candidate) => candidate.name === name);
  if (column === undefined) throw new Error(`Column "${name}" is not in the dataset.`);
  return column;
}

/** A dataset column over the rows `toSupervised` kept (e.g. `stratify_var`, `id_strat`). */
export function supervisedColumn(dataset: Dataset, data: SupervisedData, name: string): Column {
  return selectRows(findColumn(dataset, name), data.rows);
}

/**
 * The `TrainingData` of a row subset. `features` defaults to the raw features of those
 * rows; pass preprocessed columns (already restricted to `rows`, in the same order) to
 * train on them. Logical columns become 0/1 numbers, factors stay level codes.
 */
export function toTrainingData(data: SupervisedData, rows: Int32Array, features?: Column[]): TrainingData {
  const columns = features ?? data.features.map((column) => selectRows(column, rows));
  for (const column of columns) {
    if (column.values.length !== rows.length) {
      throw new Error(`Feature "${column.name}" has ${column.values.length} values for ${rows.length} rows.`);
    }
    if (column.kind === 'other') throw new Error(`Feature "${column.name}" has an unsupported type (${column.arrowType}).`);
  }
  return {
    x: columns.map((column) => column.values),
    featureNames: columns.map((column) => column.name),
    featureLevels: columns.map((column) => (column.kind === 'factor' ? column.levels : null)),
    y: gather(data.outcome, rows),
    classes: data.classes,
    weights: data.weights === null ? null : gather(data.weights, rows),
  };
}
