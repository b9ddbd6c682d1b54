import type { FitContext } from '../learner.js';

/**
 * Calls `context.checkpoint()` only when enough compute time has passed since the last call, so
 * fine-grained loops (tree nodes) stay responsive to cancellation without paying an event-loop
 * round trip per iteration.
 */
export class Pacer {
  private last = performance.now();

  constructor(
    private readonly context: FitContext,
    private readonly intervalMs = 20,
  ) {}

  async tick(): Promise<void> {
    if (performance.now() - this.last < this.intervalMs) return;
    await this.context.checkpoint();
    this.last = performance.now();
  }
}
