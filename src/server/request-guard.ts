/**
 * Checks on every HTTP request before it reaches the WebSocket layer or /health:
 * the Origin allowlist (§1.2, compared verbatim) and a Host header naming a loopback
 * name with our port — the DNS-rebinding defence the reference lacks.
 */
import type { IncomingHttpHeaders } from 'node:http';

export function originAllowed(headers: IncomingHttpHeaders, allowlist: readonly string[]): boolean {
  const origin = headers.origin;
  if (typeof origin !== 'string' || origin.length === 0) return false;
  return allowlist.includes(origin);
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function hostAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const host = headers.host;
  if (typeof host !== 'string') return false;
  const separator = host.lastIndexOf(':');
  if (separator <= 0) return false;
  const name = host.slice(0, separator).toLowerCase();
  return LOOPBACK_NAMES.has(name) && host.slice(separator + 1) === String(port);
}
