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
 * digits in exponent form instead of collapsing to 0. Non-finite numbers become null.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (Number.isInteger(n)) return String(n);
  const magnitude = Math.abs(n);
  if (magnitude < 1e-4) return Number(n.toPrecision(4)).toString();
  return String(Math.round(n * 1e4) / 1e4);
}

/**
 * Serialises a header object with the wire rules. Object members that are `undefined`
 * are omitted (as JSON.stringify does); everything else missing is `null`.
 */
export function encodeWireJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'number') {
    out.push(formatNumber(value));
  } else if (typeof value === 'string') {
    out.push(JSON.stringify(value));
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (isVector(value)) {
    const values = value[VECTOR_TAG];
    if (values.length === 1) write(values[0], out);
    else writeArray(values, out);
  } else if (Array.isArray(value)) {
    writeArray(value, out);
  } else if (isTypedArray(value)) {
    writeArray(Array.from(value as unknown as ArrayLike<number>), out);
  } else if (typeof value === 'object') {
    out.push('{');
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(key), ':');
      write(member, out);
    }
    out.push('}');
  } else {
    out.push('null');
  }
}

function writeArray(values: readonly unknown[], out: string[]): void {
  out.push('[');
  values.forEach((member, index) => {
    if (index > 0) out.push(',');
    write(member, out);
  });
  out.push(']');
}
