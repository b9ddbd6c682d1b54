/**
 * Wire JSON encoding (§1.7), in one place.
 *
 * The R reference serialises with jsonlite (auto_unbox, digits = 4): a value R holds
 * as a length-1 vector becomes a bare scalar, doubles carry at most 4 decimals, and
 * NA/NaN/Inf become null. Lists (`sessions`, `jobs`, `handles`, …) stay arrays even
 * with one element, so unboxing must be asked for explicitly with `vec()`.
 */

const VECTOR_TAG = '__rtemislive_vector__';

/** A value that R would hold as an atomic vector: written bare when it has one element. */
export interface RVector {
  readonly [VECTOR_TAG]: readonly unknown[];
}

/** Marks `values` as an R vector (auto-unboxed on the wire). Survives structured clone. */
export function vec(values: readonly unknown[]): RVector {
  return { [VECTOR_TAG]: values };
}

export function isVector(value: unknown): value is RVector {
  return typeof value === 'object' && value !== null && VECTOR_TAG in value;
}

/** Replaces every `vec()` marker by its wire form: the lone element, or an array. */
export function unboxVectors(value: unknown): unknown {
  if (isVector(value)) {
    const values = value[VECTOR_TAG].map(unboxVectors);
    return values.length === 1 ? values[0] : values;
  }
  if (Array.isArray(value)) return value.map(unboxVectors);
  if (isTypedArray(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) out[key] = unboxVectors(member);
    return out;
  }
  return value;
}

function isTypedArray(value: unknown): boolean {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * jsonlite's `digits = 4`: four decimals; magnitudes below 1e-4 keep four significant
 * digits instead of collapsing to 0. Non-finite numbers become null.
 */
export function roundNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  if (Number.isInteger(n)) return n;
  if (Math.abs(n) < 1e-4) return Number(n.toPrecision(4));
  return Math.round(n * 1e4) / 1e4;
}

/** Applies the wire rules during serialisation: rounding, unboxed vectors, typed arrays as arrays. */
function wireReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return roundNumber(value);
  if (isVector(value)) {
    const values = value[VECTOR_TAG];
    if (values.length !== 1) return values;
    // A primitive returned here is written as is (the replacer does not see it again).
    return typeof values[0] === 'number' ? roundNumber(values[0]) : values[0];
  }
  if (isTypedArray(value)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/**
 * Serialises a header object with the wire rules. Object members that are `undefined`
 * are omitted (as JSON.stringify does); everything else missing is `null`.
 */
export function encodeWireJson(value: unknown): string {
  return JSON.stringify(value, wireReplacer) ?? 'null';
}
