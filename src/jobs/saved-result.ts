/**
 * `job.save` files. R's `.rds` is out of reach, so a result is saved as one
 * self-describing gzip-compressed JSON document (format in specs/rtemislive.md):
 * the job's identity, the full result object, the run record and every table.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { EngineResult } from '../engine/contract.js';
import { columnValues } from '../engine/result-columns.js';
import { unboxVectors } from '../protocol/json.js';
import { isoTimestamp } from '../server/clock.js';
import { ENGINE_NAME, ENGINE_VERSION } from '../version.js';
import type { Job } from './job.js';

export const SAVED_RESULT_FORMAT = 'rtemislive-result';
export const SAVED_RESULT_VERSION = 1;
export const SAVED_RESULT_EXTENSION = '.json.gz';

const savedResultSchema = z.object({
  format: z.literal(SAVED_RESULT_FORMAT),
  format_version: z.literal(SAVED_RESULT_VERSION),
  saved_at: z.string(),
  engine: z.object({ name: z.string(), version: z.string() }),
  job: z.object({ job_id: z.string(), type: z.enum(['train', 'decomp', 'cluster']), algorithm: z.string(), submitted_at: z.string(), completed_at: z.string().nullable() }),
  result: z.object({
    family: z.enum(['Supervised', 'SupervisedRes', 'Decomposition', 'Clustering']),
    object: z.record(z.string(), z.unknown()),
    record: z.record(z.string(), z.unknown()).nullable(),
    tables: z.record(
      z.string(),
      z.object({ columns: z.array(z.object({ name: z.string(), type: z.enum(['utf8', 'dictionary', 'float64', 'int32', 'bool']), values: z.array(z.unknown()) })) }),
    ),
  }),
});

export type SavedResult = z.infer<typeof savedResultSchema>;

/** Writes the file and returns its size in bytes. */
export async function writeSavedResult(path: string, job: Job, result: EngineResult): Promise<number> {
  const document = {
    format: SAVED_RESULT_FORMAT,
    format_version: SAVED_RESULT_VERSION,
    saved_at: isoTimestamp(),
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    job: {
      job_id: job.id,
      type: job.type,
      algorithm: job.algorithm,
      submitted_at: isoTimestamp(job.submittedAt),
      completed_at: job.completedAt ? isoTimestamp(job.completedAt) : null,
    },
    // Full precision (no wire rounding); NaN becomes null as in JSON generally.
    result: unboxVectors({ ...result, tables: spelledOut(result.tables) }),
  };
  const bytes = gzipSync(JSON.stringify(document));
  await writeFile(path, bytes);
  return bytes.length;
}

/** Coded text columns as plain values: the file keeps one column form. */
function spelledOut(tables: EngineResult['tables']): Record<string, { columns: { name: string; type: string; values: unknown }[] }> {
  return Object.fromEntries(
    Object.entries(tables).map(([slice, table]) => [
      slice,
      { columns: table.columns.map((column) => ({ name: column.name, type: column.type, values: Array.from(columnValues(column)) })) },
    ]),
  );
}

/** Reads a file written by `writeSavedResult`; throws on anything else. */
export async function readSavedResult(path: string): Promise<SavedResult> {
  const text = gunzipSync(await readFile(path)).toString('utf8');
  return savedResultSchema.parse(JSON.parse(text));
}
