/** Reads a fixture dataset CSV into the shape the config builder sees. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASETS_DIR } from '../../support/fixture-paths.js';
import type { DatasetColumn, DatasetShape } from '../../../src/engine/config/train-config.js';


function splitLine(line: string): string[] {
  return (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [])
    .map((cell) => cell.replace(/,$/, ''))
    .slice(0, -1)
    .map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell));
}

/** Numeric columns stay numeric; string columns become factors with sorted levels (as on upload). */
export function datasetShape(name: string): DatasetShape {
  const lines = readFileSync(path.join(DATASETS_DIR, `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const header = splitLine(lines[0] as string);
  const rows = lines.slice(1).map(splitLine);
  const columns: DatasetColumn[] = header.map((column, j) => {
    const values = rows.map((row) => row[j] as string).filter((v) => v !== '' && v !== 'NA');
    if (values.every((v) => Number.isFinite(Number(v)))) return { name: column, kind: 'numeric' };
    return { name: column, kind: 'factor', levels: [...new Set(values)].sort() };
  });
  return { columns };
}
