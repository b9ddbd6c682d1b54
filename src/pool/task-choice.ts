/**
 * Which queued task a free worker takes (the pool's sharing policy):
 *
 * 1. Groups (jobs) take turns: the group served least recently goes first, so a long job
 *    cannot starve a short one submitted after it (round-robin of tasks across groups).
 *    A group already using its worker limit, and a subtask whose parent already has its
 *    limit of subtasks started, wait.
 * 2. Within a group, a worker first takes subtasks of tasks (other than roots) it is itself
 *    hosting (their data is already in its memory), the deepest first; then the task that
 *    comes first in depth-first order (tree paths compared element by element), so one fold
 *    finishes before the next one starts and few folds hold memory at once.
 * 3. A worker hosting a task that asked for exclusive subtasks takes only those until they
 *    have all settled (that task holds memory for them; a second such task would double it).
 */

export interface ChoiceGroup {
  /** Workers computing a task of the group (not just hosting tasks that wait on subtasks). */
  active: number;
  limit: number;
  /** Dispatch counter value when the group was last given a worker; 0 = never. */
  lastServed: number;
  /** Creation order, to break ties. */
  order: number;
}

export interface ChoiceTask<W> {
  group: ChoiceGroup;
  parent: ChoiceTask<W> | null;
  /** Roots: [submission sequence]; subtasks: the parent's path plus their index. */
  path: readonly number[];
  depth: number;
  worker: W | undefined;
  /** For parents: how many subtasks may be started at once, and how many are. */
  childLimit: number;
  startedChildren: number;
}

/** `exclusiveHost`: the task on `worker` whose exclusive subtasks are unsettled, if any. */
export function chooseTask<W, T extends ChoiceTask<W>>(queue: readonly T[], worker: W, exclusiveHost: ChoiceTask<W> | null = null): T | undefined {
  const runnable = queue.filter(
    (task) =>
      task.group.active < task.group.limit &&
      (task.parent === null || task.parent.startedChildren < task.parent.childLimit) &&
      (exclusiveHost === null || task.parent === exclusiveHost),
  );
  if (runnable.length === 0) return undefined;
  let group = runnable[0]!.group;
  for (const task of runnable) {
    const candidate = task.group;
    if (candidate.lastServed < group.lastServed || (candidate.lastServed === group.lastServed && candidate.order < group.order)) {
      group = candidate;
    }
  }
  let best: T | undefined;
  for (const task of runnable) {
    if (task.group !== group) continue;
    if (best === undefined || precedes(task, best, worker)) best = task;
  }
  return best;
}

function precedes<W>(a: ChoiceTask<W>, b: ChoiceTask<W>, worker: W): boolean {
  const hostA = hostDepth(a, worker);
  const hostB = hostDepth(b, worker);
  if (hostA !== hostB) return hostA > hostB;
  return comparePaths(a.path, b.path) < 0;
}

/**
 * The depth of the task's parent when `worker` hosts it, else -1. A root's subtasks earn no
 * preference: they are a job's outer folds, which reuse nothing the lead holds (or, for small
 * data, every unit of the job, which the preference would not order anyway). Preferring them
 * made the lead's worker start the next fold while another fold's cells waited, so folds ran
 * one per worker and a job could end on its last fold alone.
 */
function hostDepth<W>(task: ChoiceTask<W>, worker: W): number {
  const parent = task.parent;
  return parent !== null && parent.parent !== null && parent.worker === worker ? parent.depth : -1;
}

export function comparePaths(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
