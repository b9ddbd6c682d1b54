/** What the server core needs from its host (the CLI or the desktop app). */

/** Opens a native "choose folder" dialog; resolves to the chosen path, or null when cancelled. */
export type DirectoryChooser = (prompt: string) => Promise<string | null>;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
