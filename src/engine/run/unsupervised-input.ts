/**
 * What `decomp` and `cluster` share: the feature columns they work on and the config
 * objects of their results and records. The server passes the requested columns as
 * `features: string[] | null` in the task config (null = every column); the data given
 * to the algorithm must be numeric, as rtemis checks.
 */
import type { EngineJsonObject } from '../contract.js';
import type { ParamSpec } from '../catalog/schema-entry.js';
import type { Dataset } from '../data/dataset.js';
import type { NumericData, UnsupervisedContext } from '../unsupervised.js';
import type { RunIo } from './progress-io.js';

/**
 * rtemis's default `outdir` of decompose/cluster configs, echoed because the record
 * schemas require a string there; rtemislive writes nothing to disk.
 */
export const RTEMIS_OUTDIR = 'results/';

export function numericFeatures(dataset: Dataset, features: string[] | null, algorithm: string): NumericData {
  const columns =
    features === null
      ? dataset.columns
      : features.map((name) => {
          const column = dataset.columns.find((candidate) => candidate.name === name);
          if (column === undefined) throw new Error(`Feature "${name}" is not a column of the dataset.`);
          return column;
        });
  const notNumeric = columns.filter((column) => column.kind !== 'numeric');
  if (notNumeric.length > 0) {
    throw new Error(
      `${algorithm} needs numeric features; not numeric: ${notNumeric.map((column) => `"${column.name}" (${column.kind})`).join(', ')}. ` +
        'Choose numeric columns with `features`.',
    );
  }
  if (columns.length === 0) throw new Error(`${algorithm} needs at least one feature.`);
  return { names: columns.map((column) => column.name), x: columns.map((column) => column.values) };
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
 * counts as "default" and any other as "user".
 */
export function configRecord(values: Record<string, unknown>, specs: readonly ParamSpec[]): EngineJsonObject {
  const origin: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const spec = specs.find((candidate) => candidate.name === key);
    const filled = spec?.fill !== undefined ? spec.fill : spec?.default;
    origin[key] = spec !== undefined && JSON.stringify(filled) === JSON.stringify(value) ? 'default' : 'user';
  }
  return { ...(values as EngineJsonObject), origin };
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
