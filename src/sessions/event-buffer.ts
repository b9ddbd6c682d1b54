/**
 * A session's buffer of events produced while no connection is attached (§4.5):
 * bounded, oldest dropped first, drops counted for `session.events_dropped`.
 */
import type { EventEnvelope } from '../protocol/envelope.js';

export const EVENT_BUFFER_CAPACITY = 256;

export class EventBuffer {
  private events: EventEnvelope[] = [];
  private dropped = 0;
  private changes = 0;

  constructor(private readonly capacity: number = EVENT_BUFFER_CAPACITY) {}

  get size(): number {
    return this.events.length;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  /** Grows on every push and drain: saved state compares it to know the buffer changed. */
  get revision(): number {
    return this.changes;
  }

  /** The buffered events, oldest first, without draining them. */
  peek(): readonly EventEnvelope[] {
    return this.events;
  }

  /** Refills the buffer from saved state. */
  restore(events: readonly EventEnvelope[], dropped: number): void {
    this.events = events.slice(-this.capacity);
    this.dropped = dropped + (events.length - this.events.length);
    this.changes += 1;
  }

  push(event: EventEnvelope): void {
    this.changes += 1;
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
    this.changes += 1;
    this.events = [];
    this.dropped = 0;
    return drained;
  }
}
