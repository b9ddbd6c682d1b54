/**
 * Peer check of the unsupervised algorithms against the R packages rtemis wraps, on the
 * same data, in forms that do not depend on random signs or orderings. Prints one table
 * and exits non-zero when a row fails. R and its packages are installed from Debian when
 * missing.
 *
 *   node dist/test/bench/engine/unsupervised-correctness.js [check name filter ...]
 *
 * Each family is a `PeerCheck` (unsupervised-peers/peer-check.ts) in its own file under
 * unsupervised-peers/; add yours to CHECKS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureRPackages } from './peer-process.js';
import { cmeansCheck } from './unsupervised-peers/cmeans-checks.js';
import { dbscanCheck } from './unsupervised-peers/dbscan-checks.js';
import { decompositionCheck } from './unsupervised-peers/decomposition-checks.js';
import { embeddingCheck } from './unsupervised-peers/embedding-checks.js';
import type { CheckRow, PeerCheck } from './unsupervised-peers/peer-check.js';

const CHECKS: PeerCheck[] = [dbscanCheck, cmeansCheck, embeddingCheck, decompositionCheck];

function printTable(rows: CheckRow[]): void {
  const header: CheckRow = { check: 'check', dataset: 'dataset', measure: 'measure', ours: 'ours', peer: 'peer', tolerance: 'rule', pass: true };
  const cells = (row: CheckRow) => [row.check, row.dataset, row.measure, row.ours, row.peer, row.tolerance, row === header ? 'result' : row.pass ? 'PASS' : 'FAIL'];
  const table = [header, ...rows].map(cells);
  const widths = table[0]!.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
  for (const [index, line] of table.entries()) {
    console.log(`| ${line.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`);
    if (index === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
}

const filters = process.argv.slice(2).map((text) => text.toLowerCase());
const selected = CHECKS.filter((check) => filters.length === 0 || filters.some((filter) => check.name.toLowerCase().includes(filter)));
ensureRPackages([...new Set(selected.flatMap((check) => check.rPackages))]);
const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-unsupervised-peers-'));
let failed = 0;
try {
  for (const check of selected) {
    console.log(`\n${check.name}`);
    const rows = await check.run(dir);
    printTable(rows);
    failed += rows.filter((row) => !row.pass).length;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(failed === 0 ? '\nAll peer checks passed.' : `\n${failed} peer check(s) failed.`);
process.exitCode = failed === 0 ? 0 : 1;
