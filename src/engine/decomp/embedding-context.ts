/**
 * What an embedding algorithm (UMAP, tSNE) needs from its run: the seeded generator, the
 * cancellation checkpoint and a progress line. `Pacer` spaces the checkpoints by compute
 * time, so hot loops can ask cheaply whether one is due.
 */
export interface EmbeddingContext {
  /** Seeded uniform [0, 1) generator: the only source of randomness. */
  random: () => number;
  /** Yields to the worker's event loop; rejects when the job was cancelled. */
  checkpoint: () => Promise<void>;
  /** A plain progress line (rtemis `msg()`). */
  message: (text: string) => void;
}

/** Checkpoint spacing: often enough for a prompt cancel, rare enough to cost nothing. */
const CHECKPOINT_MS = 25;

export class Pacer {
  private last = performance.now();

  constructor(private readonly context: EmbeddingContext) {}

  /** True once CHECKPOINT_MS of compute have passed since the last checkpoint. */
  due(): boolean {
    return performance.now() - this.last >= CHECKPOINT_MS;
  }

  async checkpoint(): Promise<void> {
    await this.context.checkpoint();
    this.last = performance.now();
  }

  /** Checkpoints only when one is due. */
  async maybe(): Promise<void> {
    if (this.due()) await this.checkpoint();
  }
}
