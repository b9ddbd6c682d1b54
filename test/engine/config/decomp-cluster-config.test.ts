import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClusterConfig } from '../../../src/engine/config/cluster-config.js';
import { ConfigError } from '../../../src/engine/config/config-error.js';
import { buildDecompConfig } from '../../../src/engine/config/decomposition-config.js';

function rejects(build: () => unknown, pattern: RegExp): void {
  assert.throws(build, (error: unknown) => error instanceof ConfigError && pattern.test(error.message));
}

describe('decomp config', () => {
  it('fills PCA defaults, case-insensitive name, drops $ keys', () => {
    assert.deepEqual(buildDecompConfig('pca', { k: 2, $schema: 'x' }), {
      algorithm: 'PCA',
      config: { k: 2, center: true, scale: true, tol: null, features: null },
    });
    assert.deepEqual(buildDecompConfig('PCA', { features: ['a', 'b'] }).config.features, ['a', 'b']);
  });

  it('rejects unknown arguments, wrong types and unavailable algorithms', () => {
    rejects(() => buildDecompConfig('PCA', { kk: 2 }), /^Unknown PCA decomposition key: `kk` \(did you mean `k`\?\)\.$/);
    rejects(() => buildDecompConfig('PCA', { k: 0 }), /PCA decomposition `k` must be an integer ≥ 1; got 0/);
    rejects(() => buildDecompConfig('PCA', { center: 'yes' }), /`center` must be true or false/);
    rejects(() => buildDecompConfig('PCA', { features: ['a'] }), /`features` must have at least 2 elements/);
    rejects(() => buildDecompConfig('nope', {}), /^Unknown decomposition algorithm `nope`\.$/);
  });
});

describe('cluster config', () => {
  it('fills KMeans defaults and checks values', () => {
    assert.deepEqual(buildClusterConfig('kmeans', { k: 4 }), { algorithm: 'KMeans', config: { k: 4, dist: 'euclidean' } });
    assert.deepEqual(buildClusterConfig('KMeans', { dist: ['manhattan'] }).config, { k: 3, dist: 'manhattan' });
    rejects(() => buildClusterConfig('KMeans', { dist: 'cosine' }), /`dist` must be one of `euclidean`, `manhattan`/);
    rejects(() => buildClusterConfig('KMeans', { k: [2, 3] }), /`k` was given 2 values/);
    rejects(() => buildClusterConfig('KMeans', { n_clusters: 3 }), /^Unknown KMeans clustering key: `n_clusters`\.$/);
    rejects(() => buildClusterConfig('Spectral', {}), /^Unknown clustering algorithm `Spectral`\.$/);
  });

  it('HardCL and NeuralGas take k and dist', () => {
    assert.deepEqual(buildClusterConfig('hardcl', { k: 2 }), { algorithm: 'HardCL', config: { k: 2, dist: 'euclidean' } });
    assert.deepEqual(buildClusterConfig('NEURALGAS', { dist: 'manhattan' }), { algorithm: 'NeuralGas', config: { k: 3, dist: 'manhattan' } });
    rejects(() => buildClusterConfig('HardCL', { k: 0 }), /HardCL clustering `k` must be an integer ≥ 1; got 0/);
    rejects(() => buildClusterConfig('NeuralGas', { k: 2.5 }), /`k` must be an integer/);
  });

  it('fills CMeans defaults as rtemis echoes them; control takes only reltol', () => {
    assert.deepEqual(buildClusterConfig('cmeans', {}), {
      algorithm: 'CMeans',
      config: { k: 2, max_iter: 100, dist: 'euclidean', method: 'cmeans', m: 2, rate_par: null, weights: 1, control: [] },
    });
    const built = buildClusterConfig('CMeans', { k: 3, method: 'ufcl', rate_par: 0.5, weights: [1, 2, 3], control: { reltol: 1e-6 } }).config;
    assert.deepEqual(built, { k: 3, max_iter: 100, dist: 'euclidean', method: 'ufcl', m: 2, rate_par: 0.5, weights: [1, 2, 3], control: { reltol: 1e-6 } });
    assert.deepEqual(buildClusterConfig('CMeans', { control: [] }).config, buildClusterConfig('CMeans', {}).config);
    rejects(() => buildClusterConfig('CMeans', { m: 1 }), /CMeans clustering `m` must be a number > 1; got 1/);
    rejects(() => buildClusterConfig('CMeans', { method: 'gk' }), /`method` must be one of `cmeans`, `ufcl`/);
    rejects(() => buildClusterConfig('CMeans', { rate_par: 2 }), /`rate_par` must be a number ≥ 0 and ≤ 1/);
    rejects(() => buildClusterConfig('CMeans', { weights: [1, -1] }), /`weights` elements must each be a number ≥ 0/);
    rejects(() => buildClusterConfig('CMeans', { max_iter: 0 }), /`max_iter` must be an integer ≥ 1/);
    rejects(() => buildClusterConfig('CMeans', { control: { maxit: 3 } }), /`control` has unknown key `maxit`; allowed keys: `reltol`/);
    rejects(() => buildClusterConfig('CMeans', { control: { reltol: 0 } }), /`control\$reltol` must be a number > 0/);
    rejects(() => buildClusterConfig('CMeans', { control: 3 }), /`control` must be an object/);
  });

  it('fills DBSCAN defaults; refuses approximate search and bad values', () => {
    assert.deepEqual(buildClusterConfig('dbscan', { eps: 0.4 }), {
      algorithm: 'DBSCAN',
      config: { eps: 0.4, min_points: 5, weights: null, border_points: true, search: 'kdtree', bucket_size: 100, split_rule: 'SUGGEST', approx: false },
    });
    rejects(() => buildClusterConfig('DBSCAN', { eps: 0 }), /DBSCAN clustering `eps` must be a number > 0; got 0/);
    rejects(() => buildClusterConfig('DBSCAN', { min_points: 0 }), /`min_points` must be an integer ≥ 1/);
    rejects(() => buildClusterConfig('DBSCAN', { approx: true }), /`approx` = true is not supported by rtemislive; supported: false/);
    rejects(() => buildClusterConfig('DBSCAN', { search: 'balltree' }), /`search` must be one of `kdtree`, `linear`, `dist`/);
    rejects(() => buildClusterConfig('DBSCAN', { split_rule: 'suggest' }), /`split_rule` must be one of `SUGGEST`/);
  });
});
