/** Reads a dataset CSV from /work/shared/datasets into the shape the config builder sees. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetColumn, DatasetShape } from '../../../src/engine/config/train-config.js';

// dist/test/engine/config → repo root is four levels up; shared/ sits beside the repo.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const sharedDir = path.resolve(repoRoot, '../shared');

function splitLine(line: string): string[] {
  return (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [])
    .map((cell) => cell.replace(/,$/, ''))
    .slice(0, -1)
    .map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell));
}

/** Numeric columns stay numeric; string columns become factors with sorted levels (as on upload). */
export function datasetShape(name: string): DatasetShape {
  const lines = readFileSync(path.join(sharedDir, 'datasets', `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const header = splitLine(lines[0] as string);
  const rows = lines.slice(1).map(splitLine);
  const columns: DatasetColumn[] = header.map((column, j) => {
    const values = rows.map((row) => row[j] as string).filter((v) => v !== '' && v !== 'NA');
    if (values.every((v) => Number.isFinite(Number(v)))) return { name: column, kind: 'numeric' };
    return { name: column, kind: 'factor', levels: [...new Set(values)].sort() };
  });
  return { columns };
}
