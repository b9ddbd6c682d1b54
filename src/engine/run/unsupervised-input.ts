/**
 * What `decomp` and `cluster` share: the feature columns they work on and the config
 * objects of their results and records. The server passes the requested columns as
 * `features: string[] | null` in the task config (null = every numeric column); the data
 * given to the algorithm must be numeric, as rtemis checks.
 */
import type { EngineJsonObject } from '../contract.js';
import type { ParamSpec } from '../catalog/schema-entry.js';
import type { Column, Dataset } from '../data/dataset.js';
import type { NumericData, UnsupervisedContext } from '../unsupervised.js';
import type { RunIo } from './progress-io.js';

/**
 * rtemis's default `outdir` of decompose/cluster configs, echoed because the record
 * schemas require a string there; rtemislive writes nothing to disk.
 */
export const RTEMIS_OUTDIR = 'results/';

export interface FeatureSelection extends NumericData {
  /** Columns left out because they are not numeric (only when no `features` were given). */
  leftOut: string[];
}

/**
 * The columns to work on. Named `features` must exist and be numeric. Without them every
 * numeric column is used and the others are left out (a deviation: rtemis passes every
 * column and fails on the first non-numeric one); at least two numeric columns must remain.
 */
export function numericFeatures(dataset: Dataset, features: string[] | null, algorithm: string): FeatureSelection {
  if (features === null) {
    const numeric = dataset.columns.filter((column) => column.kind === 'numeric');
    const leftOut = dataset.columns.filter((column) => column.kind !== 'numeric');
    if (numeric.length < 2) {
      throw new Error(
        `${algorithm} needs at least two numeric columns; the dataset has ${numeric.length}` +
          (leftOut.length > 0 ? ` (not numeric: ${describeColumns(leftOut)})` : '') +
          '. Convert columns to numbers or choose them with `features`.',
      );
    }
    return { names: numeric.map((column) => column.name), x: numeric.map((column) => column.values), leftOut: leftOut.map(describeColumn) };
  }
  const columns = features.map((name) => {
    const column = dataset.columns.find((candidate) => candidate.name === name);
    if (column === undefined) throw new Error(`Feature "${name}" is not a column of the dataset.`);
    return column;
  });
  const notNumeric = columns.filter((column) => column.kind !== 'numeric');
  if (notNumeric.length > 0) {
    throw new Error(`${algorithm} needs numeric features; not numeric: ${describeColumns(notNumeric)}. Choose numeric columns with \`features\`.`);
  }
  if (columns.length === 0) throw new Error(`${algorithm} needs at least one feature.`);
  return { names: columns.map((column) => column.name), x: columns.map((column) => column.values), leftOut: [] };
}

/** The progress line naming the columns left out, or null when none were. */
export function leftOutMessage(selection: FeatureSelection): string | null {
  const count = selection.leftOut.length;
  if (count === 0) return null;
  return `Leaving out ${count} column${count === 1 ? '' : 's'} that ${count === 1 ? 'is' : 'are'} not numeric: ${selection.leftOut.join(', ')}.`;
}

function describeColumn(column: Column): string {
  return `"${column.name}" (${column.kind})`;
}

function describeColumns(columns: Column[]): string {
  return columns.map(describeColumn).join(', ');
}

/** `{".class":"<Alg>Config", algorithm, [features,] config:{…}, <same pairs>}` (rtemis-model §5.9–5.10). */
export function algorithmConfigJson(
  algorithm: string,
  values: Record<string, unknown>,
  features: string[] | null | undefined,
): EngineJsonObject {
  const pairs = values as EngineJsonObject;
  const head: EngineJsonObject = { '.class': `${algorithm}Config`, algorithm };
  if (features !== undefined) head.features = features;
  return { ...head, config: { ...pairs }, ...pairs };
}

/**
 * The config block of a decompose/cluster record with its `origin` map. The built config
 * does not say which keys the user gave, so a value equal to the catalogue default
 * counts as "default" and any other as "user". An empty R list (`[]`, e.g. CMeans
 * `control`) is written as `{}`, the object the record schemas declare.
 */
export function configRecord(values: Record<string, unknown>, specs: readonly ParamSpec[]): EngineJsonObject {
  const origin: Record<string, string> = {};
  const recorded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const spec = specs.find((candidate) => candidate.name === key);
    const filled = spec?.fill !== undefined ? spec.fill : spec?.default;
    origin[key] = spec !== undefined && JSON.stringify(filled) === JSON.stringify(value) ? 'default' : 'user';
    recorded[key] = spec?.rule.kind === 'object' && Array.isArray(value) && value.length === 0 ? {} : value;
  }
  return { ...(recorded as EngineJsonObject), origin };
}

/** Feature selection as the task carries it (`features` on the task config), null = all columns. */
export function requestedFeatures(taskConfig: unknown): string[] | null {
  const features = (taskConfig as { features?: unknown }).features;
  return Array.isArray(features) ? features.map(String) : null;
}

/** What a run hands its algorithm: the seeded generator, the job's checkpoint, and its progress lines under `caller`. */
export function unsupervisedContext(io: RunIo, caller: string, random: () => number): UnsupervisedContext {
  return { random, checkpoint: io.checkpoint, message: (text) => io.message(caller, text) };
}
