import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseTask, type ChoiceGroup, type ChoiceTask } from '../../src/pool/task-choice.js';

type Worker = 'A' | 'B';

interface Task extends ChoiceTask<Worker> {
  name: string;
}

function group(order = 1, lastServed = 0): ChoiceGroup {
  return { active: 0, limit: 2, lastServed, order };
}

function task(name: string, owner: ChoiceGroup, parent: Task | null, index: number, worker?: Worker): Task {
  return {
    name,
    group: owner,
    parent,
    path: parent === null ? [index] : [...parent.path, index],
    depth: parent === null ? 0 : parent.depth + 1,
    worker,
    childLimit: Infinity,
    startedChildren: 0,
  };
}

/** A job (root on A) whose first outer fold runs on `foldHost` and has queued cells; its next folds wait. */
function job(foldHost: Worker) {
  const owner = group();
  const root = task('job', owner, null, 1, 'A');
  const fold1 = task('fold1', owner, root, 0, foldHost);
  const cell = task('fold1/cell3', owner, fold1, 2);
  const fold2 = task('fold2', owner, root, 1);
  return { owner, cell, fold2 };
}

test("the lead's worker helps another worker's fold with its cells before it starts the next fold", () => {
  const { cell, fold2 } = job('B');
  assert.equal(chooseTask([fold2, cell], 'A')?.name, 'fold1/cell3');
});

test('a worker hosting a fold takes its own cells first, even behind an earlier fold in depth-first order', () => {
  const owner = group();
  const root = task('job', owner, null, 1, 'A');
  const fold1 = task('fold1', owner, root, 0, 'B');
  const fold2 = task('fold2', owner, root, 1, 'A');
  const earlier = task('fold1/cell5', owner, fold1, 4);
  const own = task('fold2/cell1', owner, fold2, 0);
  assert.equal(chooseTask([earlier, own], 'A')?.name, 'fold2/cell1');
  assert.equal(chooseTask([earlier, own], 'B')?.name, 'fold1/cell5');
});

test('without hosted work, the first task in depth-first order goes first', () => {
  const { cell, fold2 } = job('A');
  assert.equal(chooseTask([fold2, cell], 'B')?.name, 'fold1/cell3');
});

test('the group served least recently goes first, whatever its tasks', () => {
  const { cell } = job('A');
  const other = group(2, 0);
  cell.group.lastServed = 5;
  const waiting = task('other', other, null, 2);
  assert.equal(chooseTask([cell, waiting], 'A')?.name, 'other');
});

test('a group at its limit and a parent at its subtask limit wait', () => {
  const { owner, cell, fold2 } = job('B');
  fold2.parent!.childLimit = 1;
  fold2.parent!.startedChildren = 1;
  assert.equal(chooseTask([fold2], 'A'), undefined, "the job's own subtask limit holds fold2 back");
  assert.equal(chooseTask([fold2, cell], 'A')?.name, 'fold1/cell3', "a fold's cell is not held by the job's limit");
  owner.active = owner.limit;
  assert.equal(chooseTask([fold2, cell], 'A'), undefined);
});

test('a worker hosting a task with exclusive subtasks takes only those', () => {
  const owner = group();
  const root = task('job', owner, null, 1, 'A');
  const earlier = task('fold1/cell1', owner, task('fold1', owner, root, 0, 'B'), 0);
  const fit = task('fold2', owner, root, 1, 'A');
  const part = task('fold2/part2', owner, fit, 1);
  assert.equal(chooseTask([earlier, part], 'A', fit)?.name, 'fold2/part2');
  assert.equal(chooseTask([earlier], 'A', fit), undefined);
});
