/**
 * A session's buffer of events produced while no connection is attached (§4.5):
 * bounded, oldest dropped first, drops counted for `session.events_dropped`.
 */
import type { EventEnvelope } from '../protocol/envelope.js';

export const EVENT_BUFFER_CAPACITY = 256;

export class EventBuffer {
  private events: EventEnvelope[] = [];
  private dropped = 0;

  constructor(private readonly capacity: number = EVENT_BUFFER_CAPACITY) {}

  get size(): number {
    return this.events.length;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  push(event: EventEnvelope): void {
    this.events.push(event);
    const excess = this.events.length - this.capacity;
    if (excess > 0) {
      this.events.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Empties the buffer, returning its events in order and how many were dropped. */
  drain(): { events: EventEnvelope[]; dropped: number } {
    const drained = { events: this.events, dropped: this.dropped };
    this.events = [];
    this.dropped = 0;
    return drained;
  }
}
