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
    assert.deepEqual(buildClusterConfig('KMeans', { dist: ['manhattan'] }).config.dist, 'manhattan');
    rejects(() => buildClusterConfig('KMeans', { dist: 'cosine' }), /`dist` must be one of `euclidean`, `manhattan`/);
    rejects(() => buildClusterConfig('KMeans', { k: [2, 3] }), /`k` was given 2 values/);
    rejects(() => buildClusterConfig('KMeans', { n_clusters: 3 }), /^Unknown KMeans clustering key: `n_clusters`\.$/);
    rejects(() => buildClusterConfig('DBSCAN', {}), /`DBSCAN` is not available in rtemislive/);
  });
});
