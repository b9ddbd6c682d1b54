/** UMAP vs uwot and tSNE vs Rtsne as a `PeerCheck` (the measures and rules are in ../embedding-correctness.ts). */
import { embeddingCorrectnessRows } from '../embedding-correctness.js';
import { EMBEDDING_R_PACKAGES } from '../embedding-peer.js';
import type { PeerCheck } from './peer-check.js';

export const embeddingCheck: PeerCheck = {
  name: 'UMAP vs uwot::umap, tSNE vs Rtsne::Rtsne (rtemis defaults)',
  rPackages: EMBEDDING_R_PACKAGES,
  async run(dir) {
    const rows = await embeddingCorrectnessRows(dir);
    return rows.map((row) => ({
      check: row.method,
      dataset: row.dataset,
      measure: row.measure,
      ours: row.ours.toFixed(4),
      peer: row.peer.toFixed(4),
      tolerance: `≥ peer − ${row.tolerance}`,
      pass: row.pass,
    }));
  },
};
