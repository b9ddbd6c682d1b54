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
  /** `session` is set only when `attachment` is `attached`. */
  handle(call: AttachedCall): MethodResult | Promise<MethodResult>;
}

type Handler = (call: AttachedCall) => MethodResult | Promise<MethodResult>;

/** Handlers of methods that do not require a session are written against `MethodCall`. */
const precondition =
  (requiresAuth: boolean, attachment: MethodSpec['attachment']) =>
  (handle: Handler): MethodSpec => ({ requiresAuth, attachment, handle });

export const open = precondition(false, 'any');
export const authenticated = precondition(true, 'any');
export const attached = precondition(true, 'attached');
export const attachedOrDeleted = precondition(true, 'recorded');
export const unattached = precondition(true, 'unattached');
