#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * The `rtemislive` command. The small young generation (V8 grows it to 16 MB semi-spaces under
 * load and never gives that back while idle) keeps a long-running, mostly idle server's memory
 * near its resting size after bursts of traffic; the request path allocates little that lives.
 */
import { OptionsError } from '../server/options.js';
import { serve } from './serve-command.js';

const USAGE = `Usage: rtemislive serve [options]

Runs the rtemislive server headless (no window), for live.rtemis.org to pair with.

Options:
  --port N                 TCP port, 1024-49151 (default: $RTEMISLIVE_PORT or 5757)
  --host H                 127.0.0.1 (default), localhost or ::1
  --token T                pairing token (default: a new random xxxx-xxxx-xxxx-xxxx)
  --token-file PATH        read the token from a file
  --origins A,B            allowed browser origins (default: https://live.rtemis.org,
                           http://localhost:3000, http://127.0.0.1:3000)
  --workers N              worker processes (default: the number of cores)
  --max-concurrent N       jobs running at once (default: --workers)
  --max-sessions N         sessions on the server (default 16)
  --session-ttl S          idle session lifetime in seconds (default 86400)
  --data-ttl S             idle data handle lifetime in seconds (default 3600)
  --gc-interval S          seconds between garbage collections (default 60)
  --heartbeat-interval S   seconds between heartbeat events, 0 = off (default 0)
  --tick-ms MS             background loop period (default 50)
  --auth-timeout S         close sockets that have not authenticated by then (default 600)
  --state-dir PATH         where sessions, data and results are saved, so they survive a
                           restart or a crash (default: $XDG_STATE_HOME/rtemislive, else
                           ~/.local/state/rtemislive; macOS ~/Library/Application Support/
                           rtemislive/state; Windows %LOCALAPPDATA%\\rtemislive\\state)
  --no-persist             keep everything in memory only
  --max-state-bytes SIZE   cap on saved work, e.g. 20G (default: half of the free disk
                           space at start-up); uploads that would pass it are refused
  --config PATH            a _server.yml (default: ./_server.yml when present)
  --verbosity N            0 quiet, 1 banner and warnings (default), 2 info, 3 debug
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  throw new OptionsError(`Unknown command '${command}'.\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof OptionsError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
  process.stderr.write(`rtemislive: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(known ? 2 : 1);
});
