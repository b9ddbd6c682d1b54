/** Logger for the headless server: stderr, filtered by verbosity (0 silent, 1 warnings, 2 info, 3 debug). */
import type { Logger } from '../server/services.js';

export function consoleLogger(verbosity: number): Logger {
  const write = (level: string) => (message: string) => process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
  const silent = () => {};
  return {
    error: verbosity >= 1 ? write('ERROR') : silent,
    warn: verbosity >= 1 ? write('WARN') : silent,
    info: verbosity >= 2 ? write('INFO') : silent,
    debug: verbosity >= 3 ? write('DEBUG') : silent,
  };
}
