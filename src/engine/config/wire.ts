/**
 * Wire-level normalisation of JSON params, as rtemis.server decodes them (protocol §3.27,
 * test vectors 117–119): `$`-prefixed keys are document metadata and dropped at every
 * level; an array whose elements are all scalars is a vector, and a one-element vector is
 * its scalar (R has no scalars, so `[500]` and `500` are the same value); arrays holding
 * arrays or objects stay lists; objects recurse.
 */
import { z } from 'zod';
import { ConfigError } from './config-error.js';

export type WireObject = Record<string, unknown>;

function isScalar(value: unknown): boolean {
  return value === null || ['number', 'string', 'boolean'].includes(typeof value);
}

export function normalizeWire(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalizeWire);
    if (items.length === 1 && isScalar(items[0])) return items[0];
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    const out: WireObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (!key.startsWith('$')) out[key] = normalizeWire(item);
    }
    return out;
  }
  return value;
}

const wireObject = z.record(z.string(), z.unknown());

/** A config block: an object, or null/absent (returned as null). */
export function optionalBlock(value: unknown, name: string): WireObject | null {
  if (value === undefined || value === null) return null;
  const parsed = wireObject.safeParse(value);
  if (!parsed.success || Array.isArray(value)) {
    throw new ConfigError(`\`${name}\` must be an object (or null); got ${describeJson(value)}.`);
  }
  return parsed.data;
}

/** Short rendering of a wire value for error messages. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
