/** Our UMAP / tSNE with rtemis's defaults, through the decomposition seam, as a `decomp` job runs them. */
import { buildDecompConfig } from '../../../src/engine/config/decomposition-config.js';
import { decompositionMethod } from '../../../src/engine/decomp/registry.js';
import { createRandom } from '../../../src/engine/random.js';
import type { EmbeddingMethod } from './embedding-peer.js';

/** Row-major 2-D embedding of column-major features. */
export async function fitOurs(method: EmbeddingMethod, x: Float64Array[], seed: number): Promise<Float64Array> {
  const { features: _features, ...settings } = buildDecompConfig(method, {}).config;
  const fit = await decompositionMethod(method).fit({ x, names: x.map((_, j) => `x${j + 1}`) }, settings, {
    random: createRandom(seed),
    checkpoint: async () => {},
    message: () => {},
  });
  const [first, second] = fit.transformed;
  const n = first!.length;
  const embedding = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    embedding[2 * i] = first![i]!;
    embedding[2 * i + 1] = second![i]!;
  }
  return embedding;
}
