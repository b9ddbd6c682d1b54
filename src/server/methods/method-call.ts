/** What a method handler receives, and how a handler declares its preconditions (§3.0). */
import type { Session } from '../../sessions/session.js';
import type { Connection } from '../connection.js';
import type { ServerContext } from '../server-context.js';

export interface MethodCall {
  server: ServerContext;
  connection: Connection;
  params: Record<string, unknown>;
  payload: Uint8Array | null;
  now: Date;
}

export interface AttachedCall extends MethodCall {
  session: Session;
}

/** A response carrying an Arrow IPC payload (§2.4). */
export class BinaryResult {
  constructor(
    readonly result: Record<string, unknown>,
    readonly payload: Uint8Array,
  ) {}
}

export type MethodResult = unknown | BinaryResult;

/** Preconditions checked by the dispatcher in the order of §2.6. */
export interface MethodSpec {
  requiresAuth: boolean;
  /** `recorded`: the connection names a session, even one deleted since (B.4). */
  attachment: 'any' | 'attached' | 'recorded' | 'unattached';
  handle(call: MethodCall | AttachedCall): MethodResult | Promise<MethodResult>;
}

export const open = (handle: (call: MethodCall) => MethodResult | Promise<MethodResult>): MethodSpec => ({
  requiresAuth: false,
  attachment: 'any',
  handle,
});

export const authenticated = (handle: (call: MethodCall) => MethodResult | Promise<MethodResult>): MethodSpec => ({
  requiresAuth: true,
  attachment: 'any',
  handle,
});

export const attached = (handle: (call: AttachedCall) => MethodResult | Promise<MethodResult>): MethodSpec => ({
  requiresAuth: true,
  attachment: 'attached',
  handle: (call) => handle(call as AttachedCall),
});

export const attachedOrDeleted = (handle: (call: MethodCall) => MethodResult | Promise<MethodResult>): MethodSpec => ({
  requiresAuth: true,
  attachment: 'recorded',
  handle,
});

export const unattached = (handle: (call: MethodCall) => MethodResult | Promise<MethodResult>): MethodSpec => ({
  requiresAuth: true,
  attachment: 'unattached',
  handle,
});
