/** Builders for the three outbound envelopes (§2). `v` is always the first key. */
import type { ErrorCode } from './wire-error.js';

export const PROTOCOL_VERSION = 1;

export type RequestId = unknown;

export interface SuccessEnvelope {
  v: number;
  id: RequestId;
  ok: true;
  result: unknown;
}

export interface ErrorEnvelope {
  v: number;
  id: RequestId;
  ok: false;
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export interface EventEnvelope {
  v: number;
  event: string;
  data: unknown;
}

export function success(id: RequestId, result: unknown): SuccessEnvelope {
  return { v: PROTOCOL_VERSION, id, ok: true, result };
}

export function failure(id: RequestId, code: ErrorCode, message: string): ErrorEnvelope {
  return { v: PROTOCOL_VERSION, id, ok: false, error: { code, message } };
}

export function event(name: string, data: unknown): EventEnvelope {
  return { v: PROTOCOL_VERSION, event: name, data };
}
