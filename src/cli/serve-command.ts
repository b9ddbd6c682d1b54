/** `rtemislive serve`: the headless server under plain Node. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { OptionsError, resolveServerOptions } from '../server/options.js';
import { RtemisliveServer } from '../server/server.js';
import { banner } from './banner.js';
import { parseServeFlags, readServerConfigFile, SERVER_CONFIG_FILE, toServerOptionsInput, type ServeFlags } from './cli-options.js';
import { consoleLogger } from './console-logger.js';

export async function serve(argv: string[]): Promise<void> {
  const flags = parseServeFlags(argv);
  const configPath = flags.config ? resolve(flags.config) : resolve(SERVER_CONFIG_FILE);
  if (flags.config && !existsSync(configPath)) throw new OptionsError(`Config file not found: ${configPath}`);
  const fromFile: ServeFlags = existsSync(configPath) ? readServerConfigFile(configPath) : {};
  const merged: ServeFlags = { ...fromFile, ...withoutUndefined(flags) };
  // --token on the command line replaces a token-file from the config, and vice versa.
  if (flags.token !== undefined) delete merged['token-file'];
  if (flags['token-file'] !== undefined) delete merged.token;
  if (flags['no-persist'] && flags['state-dir'] !== undefined) throw new OptionsError('Give either --state-dir or --no-persist, not both.');
  if (flags['state-dir'] !== undefined) delete merged['no-persist'];
  if (flags['no-persist']) delete merged['state-dir'];
  const options = resolveServerOptions(toServerOptionsInput(merged));

  const server = new RtemisliveServer(options, { logger: consoleLogger(options.verbosity) });
  await server.start();

  const shutdown = (signal: string) => {
    process.stderr.write(`\nReceived ${signal}, shutting down...\n`);
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // Only now: whoever reads the banner may signal at once, and must find the handlers installed.
  if (options.verbosity >= 1) process.stdout.write(banner(server));
}

function withoutUndefined(flags: ServeFlags): ServeFlags {
  return Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
}
