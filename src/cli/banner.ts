/** The startup banner (§10 `verbosity`): where to connect, who may connect, and the token to paste. */
import type { RtemisliveServer } from '../server/server.js';

export function banner(server: RtemisliveServer): string {
  return [
    'rtemislive server',
    `  Listening on   ${server.url}`,
    `  Allowed origins ${server.options.origins.join(', ')}`,
    `  Token          ${server.token}`,
    `  Saved work     ${server.options.stateDir ?? 'not saved (--no-persist): everything is lost when the server stops'}`,
    '  Paste the token into live.rtemis.org to pair. Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
