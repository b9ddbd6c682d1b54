/**
 * The LightGBM library for the benchmarks, in the bench's own virtual environment
 * (`.bench/venv` at the repository root, ignored by git): created with Debian's python3 and
 * `pip install lightgbm` when it is missing (python3-venv comes from apt-get if need be).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/test/bench/engine → the repository root is four levels up.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const VENV = path.join(REPO_ROOT, '.bench', 'venv');
const SYSTEM_PYTHON = '/usr/bin/python3';

function imports(python: string): boolean {
  return existsSync(python) && spawnSync(python, ['-c', 'import lightgbm, numpy'], { stdio: 'ignore' }).status === 0;
}

/** The venv's python, with lightgbm importable. */
export function lightgbmPython(): string {
  const python = path.join(VENV, 'bin', 'python');
  if (imports(python)) return python;
  console.log(`Installing the LightGBM library into ${VENV} …`);
  if (spawnSync(SYSTEM_PYTHON, ['-m', 'venv', VENV], { stdio: 'inherit' }).status !== 0) {
    execFileSync('apt-get', ['install', '-y', 'python3-venv'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    execFileSync(SYSTEM_PYTHON, ['-m', 'venv', '--clear', VENV], { stdio: 'inherit' });
  }
  execFileSync(python, ['-m', 'pip', 'install', 'lightgbm'], { stdio: 'inherit' });
  if (!imports(python)) throw new Error('lightgbm is still not importable after pip install.');
  return python;
}
