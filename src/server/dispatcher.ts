/**
 * Handles one inbound frame in the normative order of §2.6 and writes exactly one
 * response — including `internal_error` when the response itself is too large (B.8).
 */
import { failure, success, type RequestId } from '../protocol/envelope.js';
import { encodeFrame, FrameTooLargeError, type DecodedFrame } from '../protocol/frame.js';
import { WireError, type ErrorCode } from '../protocol/wire-error.js';
import type { Connection } from './connection.js';
import { METHOD_TABLE } from './method-table.js';
import { BinaryResult, type AttachedCall } from './methods/method-call.js';
import { paramsSchema } from './methods/param-checks.js';
import type { ServerContext } from './server-context.js';

/** Synchronous for synchronous handlers (most of them): a promise only when a handler awaits. */
export function dispatchFrame(server: ServerContext, connection: Connection, frame: DecodedFrame): Promise<void> | void {
  const id: RequestId = frame.header.id ?? null;
  let result: unknown;
  try {
    result = runMethod(server, connection, frame);
  } catch (error) {
    return fail(server, connection, id, error);
  }
  if (!(result instanceof Promise)) return respond(server, connection, id, result);
  return result.then(
    (value) => respond(server, connection, id, value),
    (error: unknown) => fail(server, connection, id, error),
  );
}

/** B.6; the common shapes (absent, an object) skip the schema on this hot path. */
function readParams(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  const params = paramsSchema.safeParse(raw);
  if (!params.success) throw new WireError('invalid_params', '`params` must be a JSON object.');
  return params.data;
}

function respond(server: ServerContext, connection: Connection, id: RequestId, result: unknown): void {
  if (result instanceof BinaryResult) sendFrame(server, connection, success(id, result.result), result.payload);
  else sendFrame(server, connection, success(id, result));
  afterResponse(server, connection);
}

function fail(server: ServerContext, connection: Connection, id: RequestId, error: unknown): void {
  const { code, message } = asWireError(error, server);
  sendFrame(server, connection, failure(id, code, message));
  afterResponse(server, connection);
}

function afterResponse(server: ServerContext, connection: Connection): void {
  if (connection.closeAfterResponse) {
    connection.close(1008, 'Too many failed authentication attempts.');
    server.disconnect(connection);
  }
}

/** Undecodable bytes: `id` null, and the caller has already discarded the buffer (§1.6). */
export function replyMalformed(server: ServerContext, connection: Connection, message: string): void {
  sendFrame(server, connection, failure(null, 'malformed_frame', message));
}

function runMethod(server: ServerContext, connection: Connection, frame: DecodedFrame): unknown {
  const { header, payload } = frame;
  if (typeof header.method !== 'string') throw new WireError('malformed_frame', 'Missing or invalid `method` field.');
  const spec = METHOD_TABLE.get(header.method);
  if (!spec) throw new WireError('unknown_method', `Unknown method: ${header.method}`);
  if (spec.requiresAuth && !connection.authenticated) throw new WireError('unauthorized', 'Authenticate first.');

  const session = server.attachedSession(connection);
  const notAttached = () => new WireError('not_attached', 'Attach to a session first (session.create / session.join).');
  if (spec.attachment === 'attached' && !session) throw notAttached();
  if (spec.attachment === 'recorded' && connection.sessionId === null) throw notAttached();
  if (spec.attachment === 'unattached' && session) {
    throw new WireError('invalid_params', 'Already attached to a session; detach first.');
  }

  const call: AttachedCall = { server, connection, params: readParams(header.params), payload, now: new Date(), session: session! };
  return spec.handle(call);
}

/**
 * A response that cannot be encoded (too large, B.8; or nested too deeply to serialise)
 * becomes an `internal_error`; if even the echoed `id` cannot be encoded, it goes as null.
 */
function sendFrame(server: ServerContext, connection: Connection, header: object, payload?: Uint8Array): void {
  let frame: Uint8Array;
  try {
    frame = encodeFrame(header as Record<string, unknown>, payload);
  } catch (error) {
    const message = error instanceof FrameTooLargeError ? error.message : `Response could not be encoded: ${(error as Error).message}`;
    const id = (header as { id?: RequestId }).id ?? null;
    try {
      frame = encodeFrame(failure(id, 'internal_error', message) as unknown as Record<string, unknown>);
    } catch {
      frame = encodeFrame(failure(null, 'internal_error', message) as unknown as Record<string, unknown>);
    }
  }
  if (!connection.send(frame)) server.disconnect(connection);
}

function asWireError(error: unknown, server: ServerContext): { code: ErrorCode; message: string } {
  if (error instanceof WireError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  server.logger.error(`Unexpected failure while handling a request: ${error instanceof Error ? error.stack : message}`);
  return { code: 'internal_error', message };
}
