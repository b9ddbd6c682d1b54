/**
 * The desktop app's logger (also handed to the server core): level filter, one line per
 * entry, secrets redacted before anything is written, and the last lines kept in memory
 * so a failed server can show its log tail in the status window.
 */
import type { Logger } from '../src/server/services.js';
import type { LogLevel } from './settings-schema.js';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The shape of generated tokens (protocol §1.3); redacted even if never registered as a secret. */
const TOKEN_PATTERN = /\b[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}\b/gi;
export const REDACTED = '[redacted-token]';

export interface LogSink {
  write(line: string): void;
}

export class AppLogger implements Logger {
  private readonly secrets = new Set<string>();
  private readonly tailLines: string[] = [];

  constructor(
    private readonly sink: LogSink,
    private level: LogLevel = 'info',
    private readonly tailSize = 50,
    private readonly now: () => Date = () => new Date(),
  ) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  /** Every token this app run has used stays redacted, including replaced ones. */
  addSecret(secret: string): void {
    if (secret.length > 0) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    return out.replace(TOKEN_PATTERN, REDACTED);
  }

  tail(): string[] {
    return [...this.tailLines];
  }

  debug(message: string): void {
    this.log('debug', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  error(message: string): void {
    this.log('error', message);
  }

  log(level: LogLevel, message: string): void {
    if (RANK[level] < RANK[this.level]) return;
    const line = `${this.now().toISOString()} ${level.toUpperCase().padEnd(5)} ${this.redact(message)}`;
    this.tailLines.push(line);
    if (this.tailLines.length > this.tailSize) this.tailLines.shift();
    this.sink.write(line);
  }
}
