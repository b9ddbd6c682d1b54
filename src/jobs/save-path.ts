/** Where `job.save` writes (§3.35, B.19): `dir` with `~` expanded, a file name confined to it. */
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { SAVED_RESULT_EXTENSION } from './saved-result.js';

export function expandHome(dir: string): string {
  if (dir === '~') return homedir();
  if (dir.startsWith('~/') || dir.startsWith('~\\')) return join(homedir(), dir.slice(2));
  return dir;
}

/** `filename` (or `<type>_<job_id>`) reduced to its last path component, with our extension. */
export function saveFileName(filename: unknown, fallback: string): string {
  const chosen = typeof filename === 'string' && filename.length > 0 ? filename : fallback;
  const name = basename(chosen.replaceAll('\\', '/')) || fallback;
  return name.toLowerCase().endsWith(SAVED_RESULT_EXTENSION) ? name : `${name}${SAVED_RESULT_EXTENSION}`;
}

export function savePath(dir: string, filename: unknown, fallback: string): string {
  return resolve(expandHome(dir), saveFileName(filename, fallback));
}
