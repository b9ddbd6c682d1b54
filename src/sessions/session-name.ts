/** Session names (§4.2). */
import { WireError } from '../protocol/wire-error.js';

const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Returns the name when valid, else throws `invalid_name` with the reference message. */
export function validateSessionName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new WireError('invalid_name', 'Session name must be a single non-NA character string.');
  }
  if (name.length === 0 || name.length > 64) {
    throw new WireError('invalid_name', 'Session name must be 1-64 characters.');
  }
  if (!NAME_PATTERN.test(name)) {
    throw new WireError('invalid_name', 'Session name may contain only letters, digits, `.`, `_`, and `-`.');
  }
  return name;
}

/** The lowest free `untitled-<n>`, n ≥ 1 (freed numbers are reused). */
export function untitledName(taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const candidate = `untitled-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
