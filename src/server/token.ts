/** The pairing token (§1.3): generated from a CSPRNG, compared in constant time. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** `xxxx-xxxx-xxxx-xxxx` from 8 random bytes. */
export function generateToken(): string {
  const hex = randomBytes(8).toString('hex');
  return hex.match(/.{4}/g)!.join('-');
}

/**
 * Constant-time with respect to content: both sides are zero-padded to the longer
 * length before comparing, and a length difference fails only after the comparison.
 */
export function tokensMatch(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || expected.length === 0) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  const length = Math.max(a.length, b.length, 1);
  const paddedA = Buffer.alloc(length);
  const paddedB = Buffer.alloc(length);
  a.copy(paddedA);
  b.copy(paddedB);
  const sameContent = timingSafeEqual(paddedA, paddedB);
  return sameContent && a.length === b.length;
}
