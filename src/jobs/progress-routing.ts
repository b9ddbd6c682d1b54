/**
 * Turns a worker's progress envelope into `job.progress` data and updates the
 * job's last-known stage/message/fraction (§7.3).
 */
import { z } from 'zod';
import type { Job } from './job.js';

const envelopeSchema = z.looseObject({
  caller: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
});

// CSI sequences such as "\u001b[1m" that R's cli adds to messages.
const ANSI_PATTERN = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** The event data, or null for an envelope that is not an object. */
export function routeProgress(job: Job, envelope: unknown): Record<string, unknown> | null {
  const parsed = envelopeSchema.safeParse(envelope);
  if (!parsed.success) return null;
  const { caller, message, job_id: _workerJobId, ...fields } = parsed.data;
  const text = (message ?? '').replace(ANSI_PATTERN, '');
  const stage = caller ?? null;
  const fraction = rootFraction(job, fields);

  if (stage !== null) job.stage = stage;
  job.lastMessage = text;
  if (fraction !== undefined) job.fraction = fraction;

  return { job_id: job.id, stage, message: text, ...fields, ...(fraction !== undefined ? { fraction } : {}) };
}

function rootFraction(job: Job, fields: Record<string, unknown>): number | undefined {
  if (fields.level !== 'progress' || typeof fields.node_id !== 'string') return undefined;
  job.rootNodeId ??= fields.node_id;
  if (fields.node_id !== job.rootNodeId) return undefined;
  const { current, total } = fields;
  if (typeof current !== 'number' || typeof total !== 'number' || total <= 0) return undefined;
  return current / total;
}
