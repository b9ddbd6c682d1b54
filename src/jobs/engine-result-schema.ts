/**
 * The shape a worker's result must have before the server keeps and slices it: the
 * boundary check of the worker → main direction. Column values are checked per column
 * (array or typed array), not per element, to keep large tables cheap.
 */
import { z } from 'zod';
import type { EngineResult } from '../engine/contract.js';

const columnValues = z.custom<unknown[] | Float64Array | Int32Array>(
  (value) => Array.isArray(value) || value instanceof Float64Array || value instanceof Int32Array,
  { message: 'column values must be an array or a typed array' },
);

/** A column holds `values`, or text as `codes` into `levels` (CodedColumn). */
const resultColumnSchema = z
  .object({
    name: z.string(),
    type: z.enum(['utf8', 'dictionary', 'float64', 'int32', 'bool']),
    values: columnValues.optional(),
    codes: z.instanceof(Int32Array).optional(),
    levels: z.array(z.string()).optional(),
  })
  .superRefine((column, context) => {
    if (column.codes === undefined) {
      if (column.values === undefined) context.addIssue({ code: 'custom', path: ['values'], message: 'column values must be an array or a typed array' });
    } else if (column.levels === undefined || (column.type !== 'utf8' && column.type !== 'dictionary')) {
      context.addIssue({ code: 'custom', path: ['codes'], message: 'coded columns are utf8 or dictionary and carry their levels' });
    }
  });

const resultTableSchema = z.object({ columns: z.array(resultColumnSchema) });

const engineResultSchema = z.object({
  family: z.enum(['Supervised', 'SupervisedRes', 'Decomposition', 'Clustering']),
  object: z.record(z.string(), z.unknown()),
  record: z.record(z.string(), z.unknown()).nullable(),
  tables: z.partialRecord(
    z.enum(['resamples', 'varimp', 'predictions', 'roc', 'session', 'transformed', 'loadings', 'assignments']),
    resultTableSchema,
  ),
});

/** The result, or the first problem found, for a job that then fails instead of completing. */
export function checkEngineResult(value: unknown): { result: EngineResult } | { problem: string } {
  const parsed = engineResultSchema.safeParse(value);
  if (parsed.success) return { result: value as EngineResult };
  const issue = parsed.error.issues[0]!;
  return { problem: `${issue.path.join('.') || 'result'}: ${issue.message}` };
}
