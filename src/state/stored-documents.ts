/**
 * The JSON documents of a state directory, one zod schema each. Every document names its
 * format and version; a file that does not parse against its schema (torn, garbage, written
 * by another version) is set aside as damaged, never half-loaded.
 */
import { z } from 'zod';

export const STATE_FORMAT_VERSION = 1;

/** Internal times keep milliseconds (the wire shows seconds). */
const time = z.iso.datetime();
const sessionId = z.string().regex(/^sess-[0-9a-f]{16}$/);
const dataId = z.string().regex(/^data-[0-9a-f]{16}$/);
const jobId = z.string().regex(/^job-[0-9a-f]{16}$/);
const version = z.literal(STATE_FORMAT_VERSION, { error: (issue) => `unsupported format_version ${JSON.stringify(issue.input)} (this server reads ${STATE_FORMAT_VERSION})` });

export const sessionDocumentSchema = z.object({
  format: z.literal('rtemislive-session'),
  format_version: version,
  session_id: sessionId,
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  created: time,
  last_seen: time,
  /** Events buffered while no connection was attached, oldest first (§4.5). */
  events: z.array(z.object({ v: z.number(), event: z.string(), data: z.unknown() })).max(256),
  events_dropped: z.number().int().min(0),
  /** `last_used` of each data handle (its TTL clock), kept here so handle files never change. */
  data_last_used: z.record(dataId, time),
});

export const dataDocumentSchema = z.object({
  format: z.literal('rtemislive-data'),
  format_version: version,
  data_handle: dataId,
  name: z.string().min(1),
  rows: z.number().int().min(0),
  cols: z.number().int().min(1),
  /** Size of the `.arrow` file: a shorter or longer file is damaged. */
  bytes: z.number().int().min(1),
  created_at: time,
});

const jobError = z.object({ code: z.enum(['internal_error', 'cancelled', 'interrupted']), message: z.string() });

export const jobDocumentSchema = z
  .object({
    format: z.literal('rtemislive-job'),
    format_version: version,
    job_id: jobId,
    type: z.enum(['train', 'decomp', 'cluster']),
    algorithm: z.string(),
    /** Global submission order: queued jobs are queued again in this order. */
    sequence: z.number().int().min(1),
    status: z.enum(['queued', 'running', 'cancelling', 'complete', 'failed', 'cancelled']),
    submitted_at: time,
    started_at: time.nullable(),
    completed_at: time.nullable(),
    stage: z.string().nullable(),
    fraction: z.number().nullable(),
    last_message: z.string().nullable(),
    error: jobError.nullable(),
    /** A complete job's `.result` file (structured clone of the engine result) and its size. */
    result: z.object({ encoding: z.literal('v8-structured-clone'), bytes: z.number().int().min(1) }).nullable(),
    /** A queued job's validated config (structured clone, base64); its data is `<job>.input.arrow`. */
    submission: z.object({ encoding: z.literal('v8-structured-clone'), config: z.base64(), data_bytes: z.number().int().min(1) }).nullable(),
  })
  .refine((job) => job.status !== 'complete' || job.result !== null, 'a complete job must have a result')
  .refine((job) => job.status !== 'queued' || job.submission !== null, 'a queued job must have its submission');

export type SessionDocument = z.infer<typeof sessionDocumentSchema>;
export type DataDocument = z.infer<typeof dataDocumentSchema>;
export type JobDocument = z.infer<typeof jobDocumentSchema>;

/** Parses a document's bytes; throws an Error whose message says what is wrong. */
export function parseDocument<T>(schema: z.ZodType<T>, bytes: Uint8Array): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`${issue.path.join('.') || 'document'}: ${issue.message}`);
}

export function encodeDocument(document: object): string {
  return `${JSON.stringify(document, null, 1)}\n`;
}
