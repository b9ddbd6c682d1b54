/**
 * Small zod-backed predicates for wire params. Handlers apply them in the exact
 * order the protocol lists a method's errors, since that order is observable.
 */
import { z } from 'zod';

const nonEmptyString = z.string().min(1);
const positiveNumber = z.number().finite().positive();

/** Absent or JSON null: the protocol treats both as "missing". */
export function isMissing(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function isNonEmptyString(value: unknown): value is string {
  return nonEmptyString.safeParse(value).success;
}

export function isPositiveNumber(value: unknown): value is number {
  return positiveNumber.safeParse(value).success;
}

/** Non-object `params` (B.6): an array behaves like `{}` as in the reference; scalars are refused. */
export const paramsSchema = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()).transform(() => ({}))]);
