/** Decoding uploaded Arrow IPC streams (§5.4). */
import { tableFromIPC, type Table } from 'apache-arrow';

/** Raised with the reason an upload could not be decoded. */
export class ArrowDecodeError extends Error {}

export function decodeArrowTable(bytes: Uint8Array): Table {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new ArrowDecodeError((error as Error).message);
  }
  // An empty or schema-less stream decodes to a table without fields rather than failing.
  if (table.schema.fields.length === 0) throw new ArrowDecodeError('the stream holds no schema or no columns.');
  return table;
}
