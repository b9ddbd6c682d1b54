/**
 * Builds the real server core (src/server) for the lifecycle, with the desktop's services:
 * the worker spawner (utilityProcess in the app, fork in tests), the folder dialog and
 * the redacting logger.
 */
import type { WorkerSpawner } from '../src/pool/worker-process.js';
import { DEFAULT_ORIGINS, OptionsError, resolveServerOptions } from '../src/server/options.js';
import { RtemisliveServer } from '../src/server/server.js';
import type { DirectoryChooser, Logger } from '../src/server/services.js';
import type { ServerFactory, ServerLaunchConfig } from './server-lifecycle.js';

export interface DesktopServices {
  spawnWorker: WorkerSpawner;
  chooseDirectory: DirectoryChooser;
  logger: Logger;
  /** Where saved work lives (under the app's user-data folder); null or absent keeps it in memory. */
  stateDir?: string | null;
}

export function allowedOrigins(extraOrigins: readonly string[]): string[] {
  return [...new Set([...DEFAULT_ORIGINS, ...extraOrigins])];
}

export function createServerFactory(services: DesktopServices): ServerFactory {
  return (config: ServerLaunchConfig) => {
    let options;
    try {
      options = resolveServerOptions({
        port: config.port,
        host: '127.0.0.1',
        ...(config.token === null ? {} : { token: config.token }),
        origins: allowedOrigins(config.extraOrigins),
        // null: the server's default, one worker per core.
        ...(config.workers === null ? {} : { workers: config.workers }),
        ...(config.maxConcurrent === null ? {} : { maxConcurrent: config.maxConcurrent }),
        sessionTtl: config.sessionTtl,
        dataTtl: config.dataTtl,
        stateDir: services.stateDir ?? null,
        maxStateBytes: config.maxStateBytes,
        // The banner would print the token; the desktop shows it in its own window instead.
        verbosity: 0,
      });
    } catch (error) {
      // Invalid options cannot be fixed by retrying: the lifecycle shows them instead.
      if (error instanceof OptionsError) throw Object.assign(error, { code: 'ERR_INVALID_OPTIONS' });
      throw error;
    }
    return new RtemisliveServer(options, services);
  };
}
