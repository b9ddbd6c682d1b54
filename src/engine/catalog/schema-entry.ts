/**
 * Parameter descriptions served by the `*.describe` methods (protocol §3.0.1 SchemaEntry),
 * plus the validation rule the config builder applies to each parameter.
 */

export type SchemaEntryType = 'null' | 'logical' | 'integer' | 'double' | 'character' | 'other';

/** `[]` is an empty R list (e.g. CMeans `control`); SuperLearner's defaults are lists of learner objects. */
export type DescribeDefault = null | boolean | number | string | Record<string, unknown> | [] | readonly Record<string, unknown>[];

/** Exactly the wire shape of one `*.describe` entry. */
export interface SchemaEntry {
  name: string;
  /** The type of `default` (not the declared type: a nullable integer defaulting to null is "null"). */
  type: SchemaEntryType;
  default: DescribeDefault;
  tunable: boolean;
  choices?: readonly string[];
}

/**
 * Declared type, bounds and arity of a parameter, from rtemis's published JSON Schemas
 * (describe responses carry no ranges).
 */
export interface ValueRule {
  kind: 'integer' | 'number' | 'boolean' | 'string' | 'object' | 'map';
  nullable?: boolean;
  /**
   * absent: one value; 'array': a vector; 'nested': a list of vectors;
   * 'array-or-nested': either (one vector for all, or one per tree/iteration).
   */
  container?: 'array' | 'nested' | 'array-or-nested';
  min?: number;
  max?: number;
  exclusiveMin?: number;
  exclusiveMax?: number;
  enum?: readonly string[];
  minItems?: number;
  uniqueItems?: boolean;
  /** kind 'object': the keys it may hold and the rule of each (absent = any keys). */
  properties?: Readonly<Record<string, ValueRule>>;
}

export interface ParamSpec extends SchemaEntry {
  rule: ValueRule;
  /**
   * The values rtemislive implements, when it implements fewer than rtemis accepts: any
   * other valid value is refused at submission (never silently fitted as something else).
   */
  supported?: readonly (string | number | boolean | null)[];
  /**
   * rtemis's `tune_on_null`: null means "resolved by the inner fits of a grid search"
   * (GLMNET `lambda` by cv.glmnet, LightGBM's rounds by early stopping), so the run tunes.
   */
  tuneOnNull?: true;
  /**
   * The value an omitted parameter takes when it differs from the describe default: R
   * defaults that are expressions describe reports as null (Rtsne's stop_lying_iter is
   * `if (is.null(Y_init)) 250L else 0L`).
   */
  fill?: DescribeDefault;
}

export function toSchemaEntry(spec: ParamSpec): SchemaEntry {
  const entry: SchemaEntry = {
    name: spec.name,
    type: spec.type,
    default: spec.default,
    tunable: spec.tunable,
  };
  if (spec.choices !== undefined) entry.choices = [...spec.choices];
  return entry;
}
