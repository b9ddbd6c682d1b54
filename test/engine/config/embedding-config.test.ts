import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/engine/config/config-error.js';
import { buildDecompConfig } from '../../../src/engine/config/decomposition-config.js';
import { buildTrainConfig } from '../../../src/engine/config/train-config.js';
import { datasetShape } from './dataset-shape.js';

const iris = datasetShape('iris');

function rejects(build: () => unknown, pattern: RegExp): void {
  assert.throws(build, (error: unknown) => error instanceof ConfigError && pattern.test(error.message), String(pattern));
}

describe('UMAP and tSNE configs', () => {
  it('fill the rtemis defaults', () => {
    assert.deepEqual(buildDecompConfig('umap', {}), {
      algorithm: 'UMAP',
      config: { k: 2, n_neighbors: 15, init: 'spectral', metric: 'euclidean', n_epochs: null, learning_rate: 1, scale: true, features: null },
    });
    const tsne = buildDecompConfig('tsne', { perplexity: 5, theta: 0 });
    assert.equal(tsne.algorithm, 'tSNE');
    assert.equal((tsne.config as { perplexity: number }).perplexity, 5);
    assert.equal((tsne.config as { max_iter: number }).max_iter, 1000);
  });

  it('a null sent back for an expression default takes what rtemis fills (describe shows null)', () => {
    const echoed = buildDecompConfig('tSNE', { stop_lying_iter: null, mom_switch_iter: 100 }).config as { stop_lying_iter: number; mom_switch_iter: number };
    assert.equal(echoed.stop_lying_iter, 250);
    assert.equal(echoed.mom_switch_iter, 100);
    assert.equal((buildDecompConfig('NMF', { nrun: null }).config as { nrun: number }).nrun, 1);
    assert.equal((buildDecompConfig('NMF', {}).config as { nrun: number }).nrun, 1);
    assert.equal((buildDecompConfig('NMF', { nrun: 3 }).config as { nrun: number }).nrun, 3);
    rejects(() => buildDecompConfig('NMF', { nrun: 0 }), /`nrun` must be an integer ≥ 1/);
  });

  it('refuse bad UMAP parameters at submission', () => {
    rejects(() => buildDecompConfig('UMAP', { n_neighbors: 1 }), /`n_neighbors` must be an integer ≥ 2; got 1/);
    rejects(() => buildDecompConfig('UMAP', { metric: 'chebyshev' }), /`metric` must be one of/);
    rejects(() => buildDecompConfig('UMAP', { init: 'agspectral' }), /`init` = "agspectral" is not supported by rtemislive/);
    rejects(() => buildDecompConfig('UMAP', { n_epochs: 0 }), /`n_epochs`/);
    rejects(() => buildDecompConfig('UMAP', { learning_rate: -1 }), /`learning_rate`/);
    rejects(() => buildDecompConfig('UMAP', { min_dist: 0.1 }), /Unknown UMAP decomposition key: `min_dist`/);
  });

  it('refuse bad tSNE parameters at submission', () => {
    rejects(() => buildDecompConfig('tSNE', { k: 4 }), /`k` must be an integer ≤ 3|`k`.*4/);
    rejects(() => buildDecompConfig('tSNE', { perplexity: 0 }), /`perplexity`/);
    rejects(() => buildDecompConfig('tSNE', { theta: 1.5 }), /`theta`/);
    rejects(() => buildDecompConfig('tSNE', { eta: 0 }), /`eta`/);
    rejects(() => buildDecompConfig('tSNE', { Y_init: [[0, 1]] }), /`Y_init`/);
    rejects(() => buildDecompConfig('tSNE', { max_iter: 0 }), /`max_iter`/);
  });

  it('UMAP is a train decomposition_config; tSNE is not', () => {
    const base = { algorithm: 'GLM' };
    const built = buildTrainConfig({ ...base, decomposition_config: { algorithm: 'umap', config: { n_neighbors: 10 } } }, iris);
    assert.equal(built.decomposition?.algorithm, 'UMAP');
    rejects(() => buildTrainConfig({ ...base, decomposition_config: { algorithm: 'tSNE' } }, iris), /cannot be applied on new data/);
  });
});
