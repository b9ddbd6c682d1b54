/**
 * dialog.choose_dir for the desktop app: Electron's asynchronous folder dialog, so the
 * server keeps serving while it is open. Requests are shown one at a time.
 */
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { DirectoryChooser } from '../src/server/services.js';

export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

export function createDirectoryChooser(showOpenDialog: ShowOpenDialog): DirectoryChooser {
  let previous: Promise<unknown> = Promise.resolve();
  return (prompt) => {
    const next = previous.then(async () => {
      const result = await showOpenDialog({
        title: prompt,
        message: prompt,
        buttonLabel: 'Choose',
        properties: ['openDirectory', 'createDirectory'],
      });
      const chosen = result.filePaths[0];
      return result.canceled || chosen === undefined || chosen === '' ? null : chosen;
    });
    previous = next.catch(() => null);
    return next.catch(() => null);
  };
}
