/**
 * Where `serve` keeps its saved work by default: the per-user state folder of the platform
 * ($XDG_STATE_HOME or ~/.local/state on Linux, Application Support on macOS, LocalAppData
 * on Windows). The desktop app uses its own user-data folder instead.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function defaultStateDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : join(home, 'AppData', 'Local');
    return join(local, 'rtemislive', 'state');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'rtemislive', 'state');
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(base, 'rtemislive');
}
