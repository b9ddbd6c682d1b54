/**
 * Results and configs are stored as V8 structured clones — the encoding they already
 * cross the worker boundary in (fork with `serialization: 'advanced'`), so typed arrays,
 * NaN and `vec()` markers come back exactly. What is read back is validated before use.
 */
import { deserialize, serialize } from 'node:v8';
import { checkEngineResult } from '../jobs/engine-result-schema.js';
import type { EngineResult } from '../engine/contract.js';

export const STRUCTURED_ENCODING = 'v8-structured-clone';

export function encodeStructured(value: unknown): Buffer {
  return serialize(value);
}

export function decodeStructured(bytes: Uint8Array): unknown {
  try {
    return deserialize(bytes);
  } catch (error) {
    throw new Error(`not a structured clone (${(error as Error).message})`);
  }
}

/** A stored engine result, checked with the same schema as a worker's. */
export function decodeEngineResult(bytes: Uint8Array): EngineResult {
  const checked = checkEngineResult(decodeStructured(bytes));
  if ('problem' in checked) throw new Error(`not an engine result (${checked.problem})`);
  return checked.result;
}

/** A stored job config: the config builder's output, a plain object. */
export function decodeConfig(base64: string): Record<string, unknown> {
  const value = decodeStructured(Buffer.from(base64, 'base64'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the stored config is not an object');
  return value as Record<string, unknown>;
}

/** Event data as JSON: typed arrays become arrays (as on the wire); `vec()` markers survive. */
export function eventDataReplacer(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<number>) : value;
}
