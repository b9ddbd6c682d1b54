/**
 * Every message that crosses the pool ↔ worker boundary, in both directions.
 * Both sides parse what they receive with these schemas and drop what does not match,
 * so a confused peer can never crash the other side.
 */
import { z } from 'zod';

const taskId = z.string().min(1);
/** Any structured-cloneable value; `undefined` is a legitimate task or result, and a key holding it may be dropped. */
const payload = z.unknown().optional();

export const runMessage = z.object({ type: z.literal('run'), taskId, task: payload });
export const cancelMessage = z.object({ type: z.literal('cancel'), taskId });
/** Ask an idle worker to exit on its own (idle reaping). */
export const shutdownMessage = z.object({ type: z.literal('shutdown') });

export const toWorkerMessage = z.discriminatedUnion('type', [runMessage, cancelMessage, shutdownMessage]);
export type ToWorkerMessage = z.infer<typeof toWorkerMessage>;

/** Sent once the worker script is loaded and listening; the pool dispatches only after it. */
export const readyMessage = z.object({ type: z.literal('ready') });
export const progressMessage = z.object({ type: z.literal('progress'), taskId, message: payload });
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

export const fromWorkerMessage = z.discriminatedUnion('type', [
  readyMessage,
  progressMessage,
  resultMessage,
  errorMessage,
  cancelledMessage,
  exitingMessage,
]);
export type FromWorkerMessage = z.infer<typeof fromWorkerMessage>;

/** A short, log-safe description of a rejected message (never the whole payload). */
export function describeInvalid(message: unknown, error: z.ZodError): string {
  const type =
    typeof message === 'object' && message !== null && 'type' in message ? String(message.type) : typeof message;
  return `${type}: ${error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`;
}
