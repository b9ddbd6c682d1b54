/**
 * `decomp.algorithm.describe` parameters of the implemented decompositions: names, order,
 * describe types, defaults and choices as rtemis 1.3.7 reports them
 * (rtemis-reference/describe-responses.json), each with its value rule from Appendix B of
 * rtemis-model.md. Nothing is tunable. Every decomposition ends with `features`.
 */
import type { DecompAlgorithm } from '../config/types.js';
import type { ParamSpec } from './schema-entry.js';

/** `features`: numeric columns to decompose (≥ 2 distinct names); null = all numeric features. */
const FEATURES: ParamSpec = {
  name: 'features',
  type: 'null',
  default: null,
  tunable: false,
  rule: { kind: 'string', nullable: true, container: 'array', minItems: 2, uniqueItems: true },
};

/** rtemis 1.3.7 `setup_PCA()` arguments. */
const PCA: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'center', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'scale', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'tol', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, min: 0 } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_ICA()` arguments (fastICA). */
const ICA: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'type', type: 'character', default: 'parallel', tunable: false, choices: ['parallel', 'deflation'], rule: { kind: 'string', enum: ['parallel', 'deflation'] } },
  { name: 'fun', type: 'character', default: 'logcosh', tunable: false, choices: ['logcosh', 'exp'], rule: { kind: 'string', enum: ['logcosh', 'exp'] } },
  { name: 'alpha', type: 'double', default: 1, tunable: false, rule: { kind: 'number', min: 1, max: 2 } },
  { name: 'row_norm', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'maxit', type: 'integer', default: 100, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'tol', type: 'double', default: 0.0001, tunable: false, rule: { kind: 'number', min: 0 } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_NMF()` arguments (NMF::nmf); only Brunet's updates are implemented. */
const NMF: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'method', type: 'character', default: 'brunet', tunable: false, rule: { kind: 'string' }, supported: ['brunet'] },
  // setup_NMF's default is `if (length(k) > 1L) 30L else 1L`; describe reports null.
  { name: 'nrun', type: 'null', default: null, fill: 1, tunable: false, rule: { kind: 'integer', min: 1 } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_Isomap()` arguments (vegan::isomap). */
const Isomap: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'dist_method', type: 'character', default: 'euclidean', tunable: false, choices: ['euclidean', 'manhattan'], rule: { kind: 'string', enum: ['euclidean', 'manhattan'] } },
  { name: 'nsd', type: 'integer', default: 0, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'path', type: 'character', default: 'shortest', tunable: false, choices: ['shortest', 'extended'], rule: { kind: 'string', enum: ['shortest', 'extended'] } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_UMAP()` arguments (uwot::umap). */
const UMAP: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 1 } },
  // uwot stops on n_neighbors < 2, so 1 is refused at submission.
  { name: 'n_neighbors', type: 'integer', default: 15, tunable: false, rule: { kind: 'integer', min: 2 } },
  {
    name: 'init',
    type: 'character',
    default: 'spectral',
    tunable: false,
    rule: { kind: 'string' },
    supported: ['spectral', 'normlaplacian', 'laplacian', 'random', 'lvrandom', 'pca', 'spca'],
  },
  {
    name: 'metric',
    type: 'character',
    default: 'euclidean',
    tunable: false,
    choices: ['euclidean', 'cosine', 'manhattan', 'hamming', 'categorical'],
    rule: { kind: 'string', enum: ['euclidean', 'cosine', 'manhattan', 'hamming', 'categorical'] },
  },
  { name: 'n_epochs', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, min: 1 } },
  { name: 'learning_rate', type: 'double', default: 1, tunable: false, rule: { kind: 'number', min: 0 } },
  { name: 'scale', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_tSNE()` arguments (Rtsne::Rtsne). */
const TSNE: readonly ParamSpec[] = [
  // Rtsne embeds in 1, 2 or 3 dimensions only.
  { name: 'k', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 1, max: 3 } },
  { name: 'initial_dims', type: 'integer', default: 50, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'perplexity', type: 'double', default: 30, tunable: false, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'theta', type: 'double', default: 0.5, tunable: false, rule: { kind: 'number', min: 0, max: 1 } },
  { name: 'check_duplicates', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'pca', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'partial_pca', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'max_iter', type: 'integer', default: 1000, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'verbose', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'is_distance', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  // A matrix, not expressible in a JSON config (rtemis leaves it out of its schema).
  { name: 'Y_init', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'nested' }, supported: [null] },
  { name: 'pca_center', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'pca_scale', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'normalize', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  // setup_tSNE's default is `if (is.null(Y_init)) 250L else 0L`; describe reports null.
  { name: 'stop_lying_iter', type: 'null', default: null, fill: 250, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'mom_switch_iter', type: 'null', default: null, fill: 250, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'momentum', type: 'double', default: 0.5, tunable: false, rule: { kind: 'number', min: 0 } },
  { name: 'final_momentum', type: 'double', default: 0.8, tunable: false, rule: { kind: 'number', min: 0 } },
  { name: 'eta', type: 'double', default: 200, tunable: false, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'exaggeration_factor', type: 'double', default: 12, tunable: false, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'num_threads', type: 'integer', default: 1, tunable: false, rule: { kind: 'integer', min: 0 } },
  FEATURES,
];

/** An algorithm is implemented when it has parameters here (and so a method in decomp/registry.ts). */
export const DECOMPOSITION_PARAMETERS: { readonly [A in DecompAlgorithm]: readonly ParamSpec[] } = {
  PCA,
  ICA,
  NMF,
  Isomap,
  UMAP,
  tSNE: TSNE,
};
