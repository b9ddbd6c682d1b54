/**
 * `dialog.choose_dir` without Electron (§3.36): the platform's own folder picker,
 * run asynchronously so the server keeps serving while it is open (B.18). A
 * missing tool, a failure or a cancel all mean "cancelled".
 */
import { execFile } from 'node:child_process';
import type { DirectoryChooser } from './services.js';

function pickerCommand(prompt: string): [string, string[]] {
  if (process.platform === 'darwin') {
    const quoted = prompt.replaceAll('"', '');
    return ['osascript', ['-e', `POSIX path of (choose folder with prompt "${quoted}")`]];
  }
  if (process.platform === 'win32') {
    const script = [
      'Add-Type -AssemblyName System.Windows.Forms;',
      '$d = New-Object System.Windows.Forms.FolderBrowserDialog;',
      `$d.Description = '${prompt.replaceAll("'", "''")}';`,
      "if ($d.ShowDialog() -eq 'OK') { $d.SelectedPath }",
    ].join(' ');
    return ['powershell.exe', ['-NoProfile', '-STA', '-Command', script]];
  }
  return ['zenity', ['--file-selection', '--directory', `--title=${prompt}`]];
}

export const chooseDirectoryHeadless: DirectoryChooser = (prompt) =>
  new Promise((resolve) => {
    const [command, args] = pickerCommand(prompt);
    execFile(command, args, { windowsHide: true }, (error, stdout) => {
      const path = String(stdout).split(/\r?\n/)[0]?.trim() ?? '';
      resolve(error || path.length === 0 ? null : path);
    });
  });
