import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressEnvelope } from '../../../src/engine/contract.js';
import { runJob } from '../../../src/engine/run/run-job.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { arrowBytes, column, RecordingIo, REFERENCE, referenceJson, trainTask } from './fixtures.js';

const twoClass = arrowBytes('iris', { rows: (_, value) => value('Species') !== 'setosa' });
const TS = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/** The server's fraction rule (protocol §7.3): the first progress node is the root. */
function fractions(events: ProgressEnvelope[]): number[] {
  let root: string | null = null;
  const out: number[] = [];
  for (const event of events) {
    if (event.level !== 'progress' || typeof event.node_id !== 'string') continue;
    root ??= event.node_id;
    if (event.node_id === root && typeof event.total === 'number' && event.total > 0) out.push((event.current as number) / event.total);
  }
  return out;
}

/** Checks that graph nodes open before they close, close once, and nest under open parents. */
function checkNesting(events: ProgressEnvelope[]): void {
  const open = new Map<string, ProgressEnvelope>();
  const closed = new Set<string>();
  for (const event of events) {
    assert.match(event.ts, TS);
    assert.ok(['info', 'start', 'done', 'progress', 'error'].includes(event.level));
    if (event.level === 'progress' || event.session_id === undefined) continue;
    const key = `${event.session_id}/${event.node_id}`;
    assert.equal(event.caller, 'train');
    assert.equal(event.message, event.label === null ? event.kind : `${event.kind} ${event.label}`);
    if (event.parent_id !== null) {
      const parent = `${event.session_id}/${event.parent_id}`;
      assert.ok(open.has(parent), `parent ${parent} of ${key} is open`);
    }
    if (event.status === 'start') {
      assert.ok(!open.has(key) && !closed.has(key), `${key} starts once`);
      open.set(key, event);
    } else if (event.kind === 'grid_cell') {
      closed.add(key);
    } else {
      assert.ok(open.has(key), `${key} closes after it started`);
      open.delete(key);
      closed.add(key);
    }
  }
  assert.equal(open.size, 0, `nodes left open: ${[...open.keys()].join(', ')}`);
}

test('a resampled run reports the reference node kinds, nesting and an outer-loop fraction', async () => {
  const io = new RecordingIo();
  await runJob(
    trainTask(twoClass, { algorithm: 'GLM', outer_resampling_config: { type: 'KFold', n_resamples: 3 } }),
    io,
  );
  checkNesting(io.events);
  const reference = (referenceJson('glm_binary_cv', 'events.json') as Record<string, unknown>[]).filter((event) => 'node_id' in event);
  const kinds = (events: Record<string, unknown>[]) => events.map((event) => `${event.kind}:${event.label}:${event.status}`);
  assert.deepEqual(kinds(io.events.filter((event) => 'node_id' in event)), kinds(reference));
  // Same envelope fields, in the same order, as rtemis (message is the server's rename of text).
  const nodeEvent = io.events.find((event) => event.kind === 'outer_fold')!;
  const referenceNode = reference.find((event) => event.kind === 'outer_fold')!;
  assert.deepEqual(Object.keys(nodeEvent).slice(3), Object.keys(referenceNode).slice(3));
  const loopEvent = io.events.find((event) => event.level === 'progress')!;
  const referenceLoop = reference.find((event) => event.level === 'progress')!;
  assert.deepEqual(Object.keys(loopEvent).slice(3), Object.keys(referenceLoop).slice(3));
  assert.equal(loopEvent.message, 'Outer resamples 0/3');
  assert.equal(loopEvent.parent_id, 'n1');
  const fraction = fractions(io.events);
  assert.equal(fraction[0], 0);
  assert.equal(fraction.at(-1), 1);
  assert.deepEqual(fraction, [...fraction].sort((a, b) => a - b));
});

test('the session table follows the execution graph', async () => {
  const result = await runJob(
    trainTask(twoClass, { algorithm: 'GLM', outer_resampling_config: { type: 'KFold', n_resamples: 3 } }),
    new RecordingIo(),
  );
  const table = result.tables.session!;
  assert.deepEqual(table.columns.map((c) => c.name), ['label', 'start', 'end', 'kind', 'status', 'failed', 'tip']);
  const labels = column(table, 'label').values as string[];
  const reference = referenceSessionLabels('glm_binary_cv');
  assert.deepEqual(labels, reference);
  const start = column(table, 'start').values as Float64Array;
  const end = column(table, 'end').values as Float64Array;
  for (let i = 0; i < labels.length; i++) assert.ok(end[i]! >= start[i]!);
  assert.ok((column(table, 'status').values as string[]).every((status) => status === 'ok'));
  assert.match((column(table, 'tip').values as string[])[7]!, /^train_alg GLM—\d+ ms \[ok\]$/);
});

test('cancellation: a rejecting checkpoint aborts the run and its open nodes', async () => {
  const io = new RecordingIo(3);
  await assert.rejects(
    runJob(trainTask(twoClass, { algorithm: 'Ranger', hyperparameters: { num_trees: 200 }, outer_resampling_config: { type: 'KFold', n_resamples: 5 } }), io),
    /cancelled/,
  );
  const root = io.events.filter((event) => event.kind === 'train');
  assert.equal(root.at(-1)!.status, 'aborted');
  const loop = io.events.filter((event) => event.level === 'progress');
  assert.equal(loop.at(-1)!.status, 'aborted');
  assert.ok(!io.events.some((event) => /^Done in/.test(event.message)));
});

function referenceSessionLabels(run: string): string[] {
  const lines = readFileSync(path.join(REFERENCE, 'examples', run, 'session.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => JSON.parse(line.split(',')[1]!) as string);
}
