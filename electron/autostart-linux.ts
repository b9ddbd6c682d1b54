/**
 * "Start at login" on Linux: an XDG autostart entry (Electron's login-item API only
 * covers macOS and Windows). The entry starts the AppImage when the app runs from one,
 * since the executable inside it lives on a temporary mount.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const AUTOSTART_FILE = 'rtemislive.desktop';

export function autostartDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, 'autostart');
}

/** Quotes an Exec argument per the Desktop Entry spec. */
function quoteExecArgument(argument: string): string {
  if (!/[\s"'\\`$]/.test(argument)) return argument;
  return `"${argument.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(executable: string, args: string[] = []): string {
  const exec = [executable, ...args].map(quoteExecArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=rtemislive',
    'Comment=Local machine-learning backend for live.rtemis.org',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface LinuxAutostart {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

export function linuxAutostart(executable: string, args: string[], dir: string): LinuxAutostart {
  const file = path.join(dir, AUTOSTART_FILE);
  return {
    isEnabled() {
      try {
        return readFileSync(file, 'utf8').includes('[Desktop Entry]');
      } catch {
        return false;
      }
    },
    setEnabled(enabled) {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, autostartEntry(executable, args));
    },
  };
}

/** The program to autostart: the AppImage itself when running from one. */
export function autostartExecutable(env: NodeJS.ProcessEnv, execPath: string): string {
  return env.APPIMAGE && env.APPIMAGE.length > 0 ? env.APPIMAGE : execPath;
}
