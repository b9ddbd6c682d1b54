/**
 * A config could not be built from the wire params. The message is the reason alone;
 * the server prefixes it ("Could not build training config: …").
 */
export class ConfigError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ConfigError';
  }
}
