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
  type DataHandle,
} from '../../data/data-handle.js';
import { WireError, internalError, invalidParams, notFound } from '../../protocol/wire-error.js';
import type { Session } from '../../sessions/session.js';
import type { AttachedCall } from './method-call.js';
import { isMissing, isNonEmptyString, isPositiveNumber } from './param-checks.js';

const NAME_TYPE_MESSAGE = '`name` must be a single non-empty character string.';

export function upload({ server, session, params, payload, now }: AttachedCall) {
  if (isMissing(params.name)) throw invalidParams('`name` is required.');
  if (!payload || payload.length === 0) throw invalidParams('Arrow IPC payload is required for data.upload.');
  if (!isNonEmptyString(params.name)) throw internalError(NAME_TYPE_MESSAGE);
  const handle = storeHandle(session, params.name, payload, now);
  server.notifyChange();
  return summarizeDataHandle(handle);
}

export function beginUpload({ session, params, now }: AttachedCall) {
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
  session.uploads.set(pending.id, pending);
  session.touch(now);
  return { upload_id: pending.id };
}

export function uploadChunk({ session, params, payload, now }: AttachedCall) {
  if (isMissing(params.upload_id) || isMissing(params.chunk_index)) {
    throw invalidParams('`upload_id` and `chunk_index` are required.');
  }
  if (!payload) throw invalidParams('Chunk payload is required.');
  const pending = findUpload(session, params.upload_id);
  pending.addChunk(params.chunk_index, payload, now);
  session.touch(now);
  return { received_count: pending.receivedCount, received_bytes: pending.received, total_bytes: pending.totalBytes };
}

export function endUpload({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.upload_id)) throw invalidParams('`upload_id` is required.');
  const pending = findUpload(session, params.upload_id);
  // From here the pending upload is discarded whatever the outcome (§3.22).
  session.uploads.delete(pending.id);
  const bytes = pending.assemble();
  const handle = storeHandle(session, pending.name, bytes, now);
  server.notifyChange();
  return summarizeDataHandle(handle);
}

export function cancelUpload({ session, params, now }: AttachedCall) {
  if (isMissing(params.upload_id)) throw invalidParams('`upload_id` is required.');
  const cancelled = typeof params.upload_id === 'string' && session.uploads.delete(params.upload_id);
  if (cancelled) session.touch(now);
  return { cancelled };
}

export function listData({ session }: AttachedCall) {
  return { handles: sortedHandles(session).map(summarizeDataHandle) };
}

export function describeData({ session, params, now }: AttachedCall) {
  const handle = findDataHandle(session, params.data_handle);
  handle.lastUsed = now;
  session.touch(now);
  return { rows: handle.rows, cols: handle.cols, columns: describeTable(handle.table) };
}

export function deleteData({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.data_handle)) throw invalidParams('`data_handle` is required.');
  const deleted = typeof params.data_handle === 'string' && session.data.delete(params.data_handle);
  if (deleted) {
    session.touch(now);
    server.notifyChange();
  }
  return { deleted };
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

function storeHandle(session: Session, name: string, bytes: Uint8Array, now: Date): DataHandle {
  if (session.data.size >= MAX_DATA_HANDLES_PER_SESSION) {
    throw new WireError('too_many', `Maximum number of data handles per session (${MAX_DATA_HANDLES_PER_SESSION}) reached.`);
  }
  let handle: DataHandle;
  try {
    handle = createDataHandle(name, bytes, now);
  } catch (error) {
    if (error instanceof ArrowDecodeError) throw internalError(`Could not decode Arrow IPC stream: ${error.message}`);
    throw error;
  }
  session.data.set(handle.id, handle);
  session.touch(now);
  return handle;
}

function sortedHandles(session: Session): DataHandle[] {
  return [...session.data.values()].sort(byId);
}
