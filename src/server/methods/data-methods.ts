/** `data.*` (§3.19–§3.26): uploads (single frame and chunked), listing, describe, delete. */
import { byId } from '../../sessions/by-id.js';
import { ArrowDecodeError } from '../../data/arrow-decode.js';
import {
  MAX_PENDING_UPLOADS_PER_SESSION,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_CHUNKS,
  PendingUpload,
} from '../../data/chunked-upload.js';
import { describeTable } from '../../data/column-describe.js';
import {
  createDataHandle,
  MAX_DATA_HANDLES_PER_SESSION,
  summarizeDataHandle,
  type DataContents,
  type DataHandle,
} from '../../data/data-handle.js';
import { WireError, internalError, invalidParams, notFound } from '../../protocol/wire-error.js';
import { uniqueId } from '../../sessions/ids.js';
import type { Session } from '../../sessions/session.js';
import type { ServerContext } from '../server-context.js';
import type { AttachedCall } from './method-call.js';
import { replyWhenSaved } from './reply-when-saved.js';
import { isMissing, isNonEmptyString, isPositiveNumber } from './param-checks.js';

const NAME_TYPE_MESSAGE = '`name` must be a single non-empty character string.';

export function upload({ server, session, params, payload, now }: AttachedCall) {
  if (isMissing(params.name)) throw invalidParams('`name` is required.');
  if (!payload || payload.length === 0) throw invalidParams('Arrow IPC payload is required for data.upload.');
  if (!isNonEmptyString(params.name)) throw internalError(NAME_TYPE_MESSAGE);
  const handle = storeHandle(server, session, params.name, payload, now, true);
  return saveHandle(server, session, handle, { bytes: handle.contents!.bytes });
}

export function beginUpload({ server, session, params, now }: AttachedCall) {
  const { name, total_bytes: totalBytes, n_chunks: nChunks } = params;
  if (isMissing(name) || isMissing(totalBytes) || isMissing(nChunks)) {
    throw invalidParams('`name`, `total_bytes`, and `n_chunks` are required.');
  }
  if (!isNonEmptyString(name)) throw internalError(NAME_TYPE_MESSAGE);
  if (!isPositiveNumber(totalBytes) || Math.trunc(totalBytes) < 1) throw internalError('`total_bytes` must be a single positive integer.');
  if (!isPositiveNumber(nChunks) || Math.trunc(nChunks) < 1) throw internalError('`n_chunks` must be a single positive integer.');
  if (totalBytes > MAX_UPLOAD_BYTES) throw invalidParams(`\`total_bytes\` exceeds the limit of ${MAX_UPLOAD_BYTES} bytes.`);
  if (nChunks > MAX_UPLOAD_CHUNKS) throw invalidParams(`\`n_chunks\` exceeds the limit of ${MAX_UPLOAD_CHUNKS}.`);
  if (session.uploads.size >= MAX_PENDING_UPLOADS_PER_SESSION) {
    throw new WireError('too_many', `Maximum number of pending uploads per session (${MAX_PENDING_UPLOADS_PER_SESSION}) reached.`);
  }
  const pending = new PendingUpload(name, Math.trunc(totalBytes), Math.trunc(nChunks), now);
  // Saved state reserves the declared size now, so an upload that cannot fit is refused before it is sent.
  server.persistence?.uploadBegun(pending.id, pending.totalBytes);
  session.uploads.set(pending.id, pending);
  session.touch(now);
  return { upload_id: pending.id };
}

export function uploadChunk({ server, session, params, payload, now }: AttachedCall) {
  if (isMissing(params.upload_id) || isMissing(params.chunk_index)) {
    throw invalidParams('`upload_id` and `chunk_index` are required.');
  }
  if (!payload) throw invalidParams('Chunk payload is required.');
  const pending = findUpload(session, params.upload_id);
  const chunk = pending.addChunk(params.chunk_index, payload, now);
  server.persistence?.chunkReceived(pending.id, chunk.index, chunk.bytes);
  session.touch(now);
  return { received_count: pending.receivedCount, received_bytes: pending.received, total_bytes: pending.totalBytes };
}

export function endUpload({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.upload_id)) throw invalidParams('`upload_id` is required.');
  const pending = findUpload(session, params.upload_id);
  // From here the pending upload is discarded whatever the outcome (§3.22).
  session.uploads.delete(pending.id);
  let handle: DataHandle;
  try {
    // Room was reserved at `begin`.
    handle = storeHandle(server, session, pending.name, pending.assemble(), now, false);
  } catch (error) {
    server.persistence?.uploadDropped(pending.id);
    throw error;
  }
  return saveHandle(server, session, handle, { uploadId: pending.id });
}

export function cancelUpload({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.upload_id)) throw invalidParams('`upload_id` is required.');
  const cancelled = typeof params.upload_id === 'string' && session.uploads.delete(params.upload_id);
  if (cancelled) {
    server.persistence?.uploadDropped(params.upload_id as string);
    session.touch(now);
  }
  return { cancelled };
}

export function listData({ session }: AttachedCall) {
  return { handles: sortedHandles(session).map(summarizeDataHandle) };
}

export function describeData({ server, session, params, now }: AttachedCall) {
  const handle = findDataHandle(session, params.data_handle);
  handle.lastUsed = now;
  session.touch(now);
  return withContents(server, session, handle, ({ table }) => ({ rows: handle.rows, cols: handle.cols, columns: describeTable(table) }));
}

export function deleteData({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.data_handle)) throw invalidParams('`data_handle` is required.');
  const deleted = typeof params.data_handle === 'string' && session.data.delete(params.data_handle);
  if (!deleted) return { deleted };
  server.persistence?.dataRemoved(session, params.data_handle as string);
  session.touch(now);
  server.notifyChange();
  return replyWhenSaved(server, session.id, { deleted });
}

/**
 * Runs `use` on the handle's table and bytes. A handle restored from saved state is read
 * from disk on first use, so only then is the answer asynchronous.
 */
export function withContents<T>(server: ServerContext, session: Session, handle: DataHandle, use: (contents: DataContents) => T): T | Promise<T> {
  if (handle.contents) return use(handle.contents);
  if (!server.persistence) throw internalError(`Data handle '${handle.id}' has no contents.`);
  return server.persistence.loadData(session, handle).then(use);
}

/** Looks a handle up in the attached session only; shared by the job methods. */
export function findDataHandle(session: Session, id: unknown): DataHandle {
  if (isMissing(id)) throw invalidParams('`data_handle` is required.');
  const handle = typeof id === 'string' ? session.data.get(id) : undefined;
  if (!handle) throw notFound(`Unknown data_handle '${String(id)}'.`);
  return handle;
}

function findUpload(session: Session, id: unknown): PendingUpload {
  const pending = typeof id === 'string' ? session.uploads.get(id) : undefined;
  if (!pending) throw notFound(`Unknown upload_id '${String(id)}'.`);
  return pending;
}

/** Checks the caps, decodes the bytes and adds the handle; `checkRoom` for bytes not reserved yet. */
function storeHandle(server: ServerContext, session: Session, name: string, bytes: Uint8Array, now: Date, checkRoom: boolean): DataHandle {
  if (session.data.size >= MAX_DATA_HANDLES_PER_SESSION) {
    throw new WireError('too_many', `Maximum number of data handles per session (${MAX_DATA_HANDLES_PER_SESSION}) reached.`);
  }
  if (checkRoom) server.persistence?.ensureRoom(bytes.byteLength);
  let handle: DataHandle;
  try {
    handle = createDataHandle(name, bytes, now, uniqueId('data', (id) => session.data.has(id)));
  } catch (error) {
    if (error instanceof ArrowDecodeError) throw internalError(`Could not decode Arrow IPC stream: ${error.message}`);
    throw error;
  }
  session.data.set(handle.id, handle);
  session.touch(now);
  server.notifyChange();
  return handle;
}

/** Answers with the handle once it is saved; a handle that could not be saved is dropped and the upload fails. */
function saveHandle(server: ServerContext, session: Session, handle: DataHandle, source: { bytes: Uint8Array } | { uploadId: string }) {
  const summary = summarizeDataHandle(handle);
  if (!server.persistence) return summary;
  return server.persistence.dataAdded(session, handle, source).then(
    () => summary,
    (error: unknown) => {
      if (session.data.get(handle.id) === handle) session.data.delete(handle.id);
      server.notifyChange();
      throw error;
    },
  );
}

function sortedHandles(session: Session): DataHandle[] {
  return [...session.data.values()].sort(byId);
}
