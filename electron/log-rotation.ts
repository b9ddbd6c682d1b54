/**
 * Appends lines to `<dir>/<name>.log`; when the file would pass `maxBytes` it becomes
 * `<name>.1.log`, the older ones shift up, and the oldest beyond `keep` is deleted.
 * Synchronous on purpose: the lines that matter most are the last ones before a crash.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RotationOptions {
  dir: string;
  name: string;
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  keep: number;
}

export class RotatingLogFile {
  private size: number;

  constructor(private readonly options: RotationOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.size = existsSync(this.file(0)) ? statSync(this.file(0)).size : 0;
  }

  file(index: number): string {
    const suffix = index === 0 ? '' : `.${index}`;
    return path.join(this.options.dir, `${this.options.name}${suffix}.log`);
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line) + 1;
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    appendFileSync(this.file(0), `${line}\n`);
    this.size += bytes;
  }

  private rotate(): void {
    rmSync(this.file(this.options.keep), { force: true });
    for (let index = this.options.keep - 1; index >= 0; index -= 1) {
      if (existsSync(this.file(index))) renameSync(this.file(index), this.file(index + 1));
    }
    this.size = 0;
  }
}
