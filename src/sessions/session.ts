/** A named server-side workspace (§4): attached connections, data, uploads, buffered events. */
import type { DataHandle } from '../data/data-handle.js';
import type { PendingUpload } from '../data/chunked-upload.js';
import { EventBuffer } from './event-buffer.js';
import { newId } from './ids.js';

export class Session {
  readonly connections = new Set<string>();
  readonly events = new EventBuffer();
  readonly data = new Map<string, DataHandle>();
  readonly uploads = new Map<string, PendingUpload>();
  lastSeen: Date;

  constructor(
    public name: string,
    readonly created: Date,
    readonly id: string = newId('sess'),
  ) {
    this.lastSeen = created;
  }

  touch(now: Date): void {
    this.lastSeen = now;
  }
}
