/** Error codes that appear in error responses (§9). */
export type ErrorCode =
  | 'malformed_frame'
  | 'unknown_method'
  | 'unauthorized'
  | 'not_attached'
  | 'invalid_params'
  | 'not_found'
  | 'session_exists'
  | 'session_not_found'
  | 'invalid_name'
  | 'too_many'
  | 'internal_error';

/** A failure a handler reports to the client as `{ok:false, error:{code, message}}`. */
export class WireError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

export const invalidParams = (message: string): WireError => new WireError('invalid_params', message);
export const notFound = (message: string): WireError => new WireError('not_found', message);
export const internalError = (message: string): WireError => new WireError('internal_error', message);
