/** Algorithm name → method, for every implemented decomposition (catalog/decomposition-parameters.ts). */
import type { DecompAlgorithm, DecompositionSettings } from '../config/types.js';
import type { DecompositionMethod } from '../unsupervised.js';
import { icaMethod } from './ica.js';
import { isomapMethod } from './isomap.js';
import { nmfMethod } from './nmf.js';
import { pcaMethod } from './pca.js';
import { tsneMethod } from './tsne/tsne.js';
import { umapMethod } from './umap/umap.js';

const REGISTRY: { [A in DecompAlgorithm]: DecompositionMethod<DecompositionSettings<A>> } = {
  PCA: pcaMethod,
  ICA: icaMethod,
  NMF: nmfMethod,
  Isomap: isomapMethod,
  UMAP: umapMethod,
  tSNE: tsneMethod,
};

/** The method of `algorithm`; it takes the config's settings as they are. */
export function decompositionMethod(algorithm: DecompAlgorithm): DecompositionMethod<Record<string, unknown>> {
  const found = REGISTRY[algorithm] as DecompositionMethod<never> | undefined;
  if (found === undefined) throw new Error(`Decomposition ${algorithm} is not available in this engine.`);
  return found as DecompositionMethod<Record<string, unknown>>;
}
