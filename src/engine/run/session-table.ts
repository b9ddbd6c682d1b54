/**
 * The `session` slice (protocol §6.8.8): the run's execution graph as a depth-first
 * timeline. Labels are indented two spaces per level and made unique with " #n";
 * the tooltip uses the plain label, e.g. `train_alg GLM—12 ms [ok]`.
 */
import type { ResultTable } from '../contract.js';
import { nodeText, type ExecutionSession } from './execution-graph.js';

export function sessionTable(session: ExecutionSession, now: number): ResultTable {
  const rows = session.depthFirst();
  const seen = new Map<string, number>();
  const label: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const kind: string[] = [];
  const status: string[] = [];
  const failed: boolean[] = [];
  const tip: string[] = [];
  for (const { node, depth } of rows) {
    const text = nodeText(node);
    const indented = `${'  '.repeat(depth)}${text}`;
    const repeats = seen.get(indented) ?? 0;
    seen.set(indented, repeats + 1);
    const finish = node.end ?? now;
    label.push(repeats === 0 ? indented : `${indented} #${repeats}`);
    start.push(node.start);
    end.push(Math.max(finish, node.start));
    kind.push(node.kind);
    status.push(node.status);
    failed.push(node.status === 'error' || node.status === 'aborted');
    tip.push(`${text}—${formatDuration(finish - node.start)} [${node.status}]`);
  }
  return {
    columns: [
      { name: 'label', type: 'utf8', values: label },
      { name: 'start', type: 'float64', values: Float64Array.from(start) },
      { name: 'end', type: 'float64', values: Float64Array.from(end) },
      { name: 'kind', type: 'utf8', values: kind },
      { name: 'status', type: 'utf8', values: status },
      { name: 'failed', type: 'bool', values: failed },
      { name: 'tip', type: 'utf8', values: tip },
    ],
  };
}

/** "177 ms" below a second, "2.7 s" above. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
