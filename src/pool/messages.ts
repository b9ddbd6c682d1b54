/**
 * Every message that crosses the pool ↔ worker boundary, in both directions.
 * Both sides parse what they receive with these schemas and drop what does not match,
 * so a confused peer can never crash the other side.
 */
import { z } from 'zod';

const taskId = z.string().min(1);
/** Any structured-cloneable value; `undefined` is a legitimate task or result, and a key holding it may be dropped. */
const payload = z.unknown().optional();

export const runMessage = z.object({ type: z.literal('run'), taskId, task: payload, group: z.string().optional() });
export const cancelMessage = z.object({ type: z.literal('cancel'), taskId });
/** Ask an idle worker to exit on its own (idle reaping). */
export const shutdownMessage = z.object({ type: z.literal('shutdown') });
/** How one subtask ended, delivered to the worker running its parent. */
export const subtaskOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: payload }),
  z.object({ ok: z.literal(false), kind: z.enum(['cancelled', 'crashed', 'error']), message: z.string() }),
]);
export type SubtaskOutcome = z.infer<typeof subtaskOutcome>;
export const subresultMessage = z.object({ type: z.literal('subresult'), taskId, subtaskId: taskId, outcome: subtaskOutcome });
/** The group's work is over everywhere: whatever a worker keeps for it (cached data) can go. */
export const releaseMessage = z.object({ type: z.literal('release'), group: z.string() });

export const toWorkerMessage = z.discriminatedUnion('type', [runMessage, cancelMessage, shutdownMessage, subresultMessage, releaseMessage]);
export type ToWorkerMessage = z.infer<typeof toWorkerMessage>;

/** Sent once the worker script is loaded and listening; the pool dispatches only after it. */
export const readyMessage = z.object({ type: z.literal('ready') });
/** Progress of one task, in order: what it reported since the worker last sent any (see ProgressOutbox). */
export const progressMessage = z.object({ type: z.literal('progress'), taskId, messages: z.array(payload).min(1) });
export const resultMessage = z.object({ type: z.literal('result'), taskId, value: payload });
export const errorMessage = z.object({
  type: z.literal('error'),
  taskId,
  message: z.string(),
  name: z.string().optional(),
  stack: z.string().optional(),
});
export const cancelledMessage = z.object({ type: z.literal('cancelled'), taskId });
/** Acknowledges `shutdown`; the worker exits right after this message is flushed. */
export const exitingMessage = z.object({ type: z.literal('exiting') });
/**
 * A running task hands work to the pool and waits for it: `subtasks` run on any worker
 * (this one included while the parent waits), at most `limit` of them at once (null: no limit
 * beyond the group's). With `exclusive`, the parent's worker takes no other work until they
 * have all settled (the parent holds memory for them that a second such task would double).
 * Ids are the worker's, unique under the parent.
 */
export const spawnMessage = z.object({
  type: z.literal('spawn'),
  taskId,
  subtasks: z.array(z.object({ subtaskId: taskId, task: payload })).min(1),
  limit: z.number().int().min(1).nullable(),
  exclusive: z.boolean(),
});
/** The parent no longer wants the outcomes of its unsettled subtasks (it stops on an error). */
export const cancelSubtasksMessage = z.object({ type: z.literal('cancel-subtasks'), taskId });

export const fromWorkerMessage = z.discriminatedUnion('type', [
  readyMessage,
  progressMessage,
  resultMessage,
  errorMessage,
  cancelledMessage,
  exitingMessage,
  spawnMessage,
  cancelSubtasksMessage,
]);
export type FromWorkerMessage = z.infer<typeof fromWorkerMessage>;

/** A short, log-safe description of a rejected message (never the whole payload). */
export function describeInvalid(message: unknown, error: z.ZodError): string {
  const type =
    typeof message === 'object' && message !== null && 'type' in message ? String(message.type) : typeof message;
  return `${type}: ${error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`;
}
