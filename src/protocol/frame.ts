/**
 * Frame codec (§1.5–§1.7): u32 big-endian header length, UTF-8 JSON header, optional
 * payload whose length the header declares as `payload.bytes`.
 */
import { isUtf8 } from 'node:buffer';
import { encodeWireJson } from './json.js';

export const MAX_HEADER_BYTES = 1_048_576;
export const MAX_FRAME_BYTES = 268_435_456;
const PREFIX_BYTES = 4;
const MAX_PAYLOAD_DECLARATION = 2 ** 31;
/** Headers up to this many characters fit Node's pooled small buffers even at 3 UTF-8 bytes per character. */
const SMALL_HEADER_CHARS = 1300;

export interface DecodedFrame {
  header: Record<string, unknown>;
  payload: Uint8Array | null;
}

export type DecodeResult =
  /** `needed`: total bytes required before decoding can make progress. */
  | { kind: 'incomplete'; needed: number }
  | { kind: 'frame'; frame: DecodedFrame; consumed: number }
  | { kind: 'malformed'; message: string };

/** Header text, or null when the bytes are not valid UTF-8 (native check; cheaper than a fatal TextDecoder). */
function headerText(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Decodes the first frame of `buffer` (§1.6). Never throws. */
export function decodeFrame(buffer: Uint8Array): DecodeResult {
  if (buffer.length < PREFIX_BYTES) return { kind: 'incomplete', needed: PREFIX_BYTES };
  // Big-endian, read as a signed 32-bit integer so a length with the top bit set is out of range.
  const headerLength = (buffer[0]! << 24) | (buffer[1]! << 16) | (buffer[2]! << 8) | buffer[3]!;
  if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
    const shown = buffer.subarray(0, Math.min(32, buffer.length));
    const hex = Array.from(shown, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return {
      kind: 'malformed',
      message: `Malformed frame: header_len ${headerLength} out of range (limit ${MAX_HEADER_BYTES}). First ${shown.length} bytes: ${hex}`,
    };
  }
  if (buffer.length < PREFIX_BYTES + headerLength) return { kind: 'incomplete', needed: PREFIX_BYTES + headerLength };

  let header: unknown;
  try {
    const text = headerText(buffer.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength));
    if (text === null) throw new Error('header is not valid UTF-8');
    header = JSON.parse(text);
  } catch (error) {
    const reason = headerLength === 0 ? 'empty header' : (error as Error).message;
    return { kind: 'malformed', message: `Malformed frame: header JSON could not be parsed: ${reason}` };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return { kind: 'malformed', message: 'Malformed frame: header is not a JSON object.' };
  }
  const headerObject = header as Record<string, unknown>;

  const descriptor = headerObject.payload;
  let payloadLength = 0;
  if (descriptor !== undefined && descriptor !== null) {
    if (typeof descriptor !== 'object' || Array.isArray(descriptor) || !('bytes' in descriptor)) {
      return { kind: 'malformed', message: 'Malformed frame: header `payload` must be a `{bytes, format}` object.' };
    }
    const bytes = (descriptor as { bytes: unknown }).bytes;
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0 || bytes >= MAX_PAYLOAD_DECLARATION) {
      return { kind: 'malformed', message: 'Malformed frame: payload bytes is not a non-negative integer.' };
    }
    payloadLength = bytes;
  }
  const total = PREFIX_BYTES + headerLength + payloadLength;
  if (total > MAX_FRAME_BYTES) {
    return { kind: 'malformed', message: `Malformed frame: frame size ${total} exceeds limit ${MAX_FRAME_BYTES}.` };
  }
  if (buffer.length < total) return { kind: 'incomplete', needed: total };

  const hasPayload = descriptor !== undefined && descriptor !== null;
  const payload = hasPayload ? buffer.subarray(PREFIX_BYTES + headerLength, total) : null;
  return { kind: 'frame', frame: { header: headerObject, payload }, consumed: total };
}

/** Raised when an outbound frame would break the size limits (§1.5). */
export class FrameTooLargeError extends Error {}

/**
 * Encodes one frame. A payload sets `payload: {format, bytes}` as the last header key.
 * A header without `v` gets `v: 1` first.
 */
export function encodeFrame(header: Record<string, unknown>, payload?: Uint8Array): Uint8Array {
  const withVersion = 'v' in header ? header : { v: 1, ...header };
  const fullHeader = payload ? { ...withVersion, payload: { format: 'arrow-ipc', bytes: payload.length } } : withVersion;
  const json = encodeWireJson(fullHeader);
  if (!payload && json.length <= SMALL_HEADER_CHARS) return smallFrame(json);
  const headerLength = Buffer.byteLength(json, 'utf8');
  if (headerLength > MAX_HEADER_BYTES) {
    throw new FrameTooLargeError(`Response header of ${headerLength} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit.`);
  }
  const total = PREFIX_BYTES + headerLength + (payload?.length ?? 0);
  if (total > MAX_FRAME_BYTES) {
    throw new FrameTooLargeError(`Response frame of ${total} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit.`);
  }
  const frame = Buffer.allocUnsafe(total);
  frame.writeUInt32BE(headerLength, 0);
  frame.write(json, PREFIX_BYTES, 'utf8');
  if (payload) frame.set(payload, PREFIX_BYTES + headerLength);
  return frame;
}

/**
 * A payload-free frame with a short header (most replies and events): written into a buffer
 * sized for the worst case, which skips measuring the UTF-8 length in a separate pass.
 */
function smallFrame(json: string): Uint8Array {
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + json.length * 3);
  const headerLength = frame.write(json, PREFIX_BYTES, 'utf8');
  frame.writeUInt32BE(headerLength, 0);
  return frame.subarray(0, PREFIX_BYTES + headerLength);
}
