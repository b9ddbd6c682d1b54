/**
 * Peer check of the embeddings against the R packages rtemis wraps, on the same data with
 * rtemis's defaults: UMAP vs uwot::umap, tSNE vs Rtsne::Rtsne, on wine, breast_cancer and a
 * digits-like dataset. Embeddings differ by sign, rotation and seed, so the comparison is on
 * invariant measures in the standardised input space: trustworthiness at 10 neighbours
 * (ours may fall short of the peer's by at most 0.02) and leave-one-out 5-NN classification
 * accuracy of the class labels in the embedding (at most 0.03 short).
 *
 *   node dist/test/bench/engine/embedding-correctness.js   (exits 1 on any failure)
 *
 * `embeddingCorrectnessRows` is what unsupervised-correctness.ts runs (unsupervised-peers/embedding-checks.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { knnAccuracy, standardizedRows, trustworthiness } from '../../support/embedding-quality.js';
import { digitsLike, fixtureData, type LabelledData } from './embedding-data.js';
import { fitOurs } from './embedding-fit.js';
import { ensureEmbeddingPeers, runEmbeddingPeer, writeFeatureCsv, type EmbeddingMethod } from './embedding-peer.js';

const TRUST_NEIGHBORS = 10;
const VOTE_NEIGHBORS = 5;
const TRUST_TOLERANCE = 0.02;
const ACCURACY_TOLERANCE = 0.03;
const SEED = 1;

export interface EmbeddingCheckRow {
  method: EmbeddingMethod;
  dataset: string;
  measure: 'trustworthiness@10' | 'knn_accuracy@5';
  ours: number;
  peer: number;
  tolerance: number;
  pass: boolean;
}

export async function embeddingCorrectnessRows(dir: string): Promise<EmbeddingCheckRow[]> {
  ensureEmbeddingPeers();
  const datasets: LabelledData[] = [fixtureData('wine'), fixtureData('breast_cancer'), digitsLike(1797, SEED)];
  const rows: EmbeddingCheckRow[] = [];
  for (const data of datasets) {
    const csv = path.join(dir, `${data.name}.csv`);
    writeFeatureCsv(csv, data.x);
    const input = standardizedRows(data.x);
    for (const method of ['UMAP', 'tSNE'] as const) {
      const ours = await fitOurs(method, data.x, SEED);
      const peer = runEmbeddingPeer(method, csv, dir, SEED).embedding;
      const measures = [
        { measure: 'trustworthiness@10' as const, tolerance: TRUST_TOLERANCE, score: (e: Float64Array) => trustworthiness(input.rows, input.p, e, 2, TRUST_NEIGHBORS) },
        { measure: 'knn_accuracy@5' as const, tolerance: ACCURACY_TOLERANCE, score: (e: Float64Array) => knnAccuracy(e, 2, data.labels, VOTE_NEIGHBORS) },
      ];
      for (const { measure, tolerance, score } of measures) {
        const oursScore = score(ours);
        const peerScore = score(peer);
        rows.push({ method, dataset: data.name, measure, ours: oursScore, peer: peerScore, tolerance, pass: oursScore >= peerScore - tolerance });
      }
    }
  }
  return rows;
}

export function printEmbeddingRows(rows: EmbeddingCheckRow[]): void {
  console.log('method  dataset            measure             ours    peer    diff     tol   ');
  for (const row of rows) {
    console.log(
      `${row.method.padEnd(7)} ${row.dataset.padEnd(18)} ${row.measure.padEnd(19)} ${row.ours.toFixed(4)}  ${row.peer.toFixed(4)}  ${(row.ours - row.peer).toFixed(4).padStart(7)}  ${row.tolerance.toFixed(2)}  ${row.pass ? 'ok' : 'FAIL'}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-embedding-check-'));
  try {
    const rows = await embeddingCorrectnessRows(dir);
    printEmbeddingRows(rows);
    const failed = rows.filter((row) => !row.pass);
    console.log(failed.length === 0 ? 'All embedding peer checks passed.' : `${failed.length} embedding peer check(s) failed.`);
    process.exitCode = failed.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
