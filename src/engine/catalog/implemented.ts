/**
 * The single list of what the rtemislive engine implements. Catalogue methods advertise
 * exactly these, and the config builders accept exactly these: everything advertised
 * must be trainable.
 */
import type { ClusterAlgorithm, DecompAlgorithm, SupervisedAlgorithm } from '../config/types.js';

export const IMPLEMENTED_SUPERVISED: readonly SupervisedAlgorithm[] = [
  'GLM',
  'CART',
  'Ranger',
  'LightGBM',
  'LightRF',
  'LightCART',
];

export const IMPLEMENTED_DECOMPOSITION: readonly DecompAlgorithm[] = ['PCA'];

export const IMPLEMENTED_CLUSTERING: readonly ClusterAlgorithm[] = ['KMeans'];
