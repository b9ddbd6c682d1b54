/**
 * A 6-class outcome with a rare class, trained with 5-fold KFold over the wire: every fold's
 * test part holds every class (per-class stratification) and the resampled balanced accuracy
 * and macro-F1 are defined (averaged over the classes present in each fold).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SIX_CLASS_LEVELS, SIX_CLASS_SIZES, sixClassIpc } from '../support/six-class.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { attachedClient, finish, runToCompletion, uploadTable } from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

test('6 classes, one rare, KFold×5: each test fold holds every class and the mean balanced accuracy is defined', async () => {
  const client = await attachedClient(running, 'rare-class');
  const handle = await uploadTable(client, 'six_class', sixClassIpc());
  const jobId = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'CART',
    outer_resampling_config: { type: 'KFold', n_resamples: 5 },
  });
  const raw = await client.call('job.result', { job_id: jobId, slice: 'raw' });
  const folds = Object.entries(raw.metrics_test.res_metrics) as [string, any][];
  assert.equal(folds.length, 5);
  for (const [name, metrics] of folds) {
    const perClass = new Map<string, number>();
    for (const cell of metrics.confusion_long) perClass.set(cell.reference, (perClass.get(cell.reference) ?? 0) + cell.n);
    SIX_CLASS_LEVELS.forEach((level, code) => {
      const held = perClass.get(level) ?? 0;
      assert.ok(Math.abs(held - SIX_CLASS_SIZES[code]! / 5) < 1, `${name}: class ${level} held ${held}`);
    });
    const overall = metrics.metrics.overall[0];
    assert.equal(typeof overall.balanced_accuracy, 'number', `${name} balanced accuracy`);
    assert.equal(typeof overall.f1, 'number', `${name} macro-F1`);
  }
  const mean = raw.metrics_test.mean_metrics[0];
  assert.equal(typeof mean.balanced_accuracy, 'number');
  assert.ok(mean.balanced_accuracy > 1 / 6, `better than chance: ${mean.balanced_accuracy}`);
  assert.equal(typeof mean.f1, 'number');
  assert.equal(typeof raw.metrics_test.sd_metrics[0].balanced_accuracy, 'number');
  await finish(client);
});
