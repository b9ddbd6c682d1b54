/**
 * rtemis's execution graph (rtemis-model §6.1–6.2): every step of a run is a node that
 * emits a `start` and a `done`/`error`/`aborted` event, nested under its parent, and is
 * kept with its times for the `session` table. Node ids (`n1`, `n2`, …) are unique within
 * one session; a grid cell's nested fit opens its own session, as rtemis does.
 *
 * An outer fold may run on another worker: it records its nodes in a view of the run's
 * session (same session id, ids `<parent id>.<fold>.<k>` so they never collide, under an
 * anchor standing for the parent node) and hands the subtree back, which the run grafts
 * in fold order — so the graph is the same whatever ran where.
 */
import { randomBytes } from 'node:crypto';
import { timestamp, type RunIo } from './progress-io.js';

export type NodeStatus = 'running' | 'ok' | 'error' | 'aborted';

export interface GraphNode {
  id: string;
  kind: string;
  /** The distinguishing detail ("GLM", "1/3"), or null. */
  label: string | null;
  parent: GraphNode | null;
  children: GraphNode[];
  /** Milliseconds since the run started. */
  start: number;
  end: number | null;
  status: NodeStatus;
}

const EVENT_STATUS: Record<Exclude<NodeStatus, 'running'>, string> = { ok: 'done', error: 'error', aborted: 'aborted' };

/** A node as it crosses processes: no parent links. */
export interface ExportedNode {
  id: string;
  kind: string;
  label: string | null;
  start: number;
  end: number | null;
  status: NodeStatus;
  children: ExportedNode[];
}

export class ExecutionSession {
  readonly id: string;
  readonly roots: GraphNode[] = [];
  private nodeCount = 0;
  private readonly idPrefix: string;

  /** `view`: record into an existing session (its id) with ids under `idPrefix`. */
  constructor(
    private readonly io: RunIo,
    view: { sessionId: string; idPrefix: string } | null = null,
  ) {
    this.id = view?.sessionId ?? sessionId();
    this.idPrefix = view?.idPrefix ?? 'n';
  }

  /** Stands for a node of another process (a unit's parent): nodes opened under it are not roots. */
  anchor(id: string): GraphNode {
    return { id, kind: 'anchor', label: null, parent: null, children: [], start: 0, end: null, status: 'running' };
  }

  /** Opens a node and announces it (`status: "start"`). */
  open(kind: string, label: string | null, parent: GraphNode | null): GraphNode {
    const node: GraphNode = {
      id: this.nextId(),
      kind,
      label,
      parent,
      children: [],
      start: this.io.elapsed(),
      end: null,
      status: 'running',
    };
    (parent === null ? this.roots : parent.children).push(node);
    this.announce(node, 'start');
    return node;
  }

  close(node: GraphNode, status: Exclude<NodeStatus, 'running'>): void {
    node.end = this.io.elapsed();
    node.status = status;
    this.announce(node, EVENT_STATUS[status]);
  }

  /** Runs `body` inside a new node, closing it as ok, error or aborted (cancellation). */
  async step<T>(kind: string, label: string | null, parent: GraphNode | null, body: (node: GraphNode) => Promise<T> | T): Promise<T> {
    const node = this.open(kind, label, parent);
    try {
      const value = await body(node);
      this.close(node, 'ok');
      return value;
    } catch (error) {
      this.close(node, this.io.wasCancelled ? 'aborted' : 'error');
      throw error;
    }
  }

  /**
   * Adds a node that already ran (grid cells are reported after the search, not live):
   * only its final event is emitted.
   */
  addFinished(kind: string, label: string | null, parent: GraphNode, start: number, end: number, status: 'ok' | 'error'): void {
    const node: GraphNode = { id: this.nextId(), kind, label, parent, children: [], start, end, status };
    parent.children.push(node);
    this.announce(node, EVENT_STATUS[status]);
  }

  /** Records nodes that ran elsewhere under `parent`, without announcing them (they announced themselves). */
  graft(parent: GraphNode, nodes: readonly ExportedNode[]): void {
    const adopt = (exported: ExportedNode, under: GraphNode): void => {
      const node: GraphNode = { ...exported, parent: under, children: [] };
      under.children.push(node);
      for (const child of exported.children) adopt(child, node);
    };
    for (const exported of nodes) adopt(exported, parent);
  }

  /** Adds a node that ran elsewhere and could not report it (its worker died), announcing its end. */
  addLost(id: string, kind: string, label: string | null, parent: GraphNode, start: number, end: number): void {
    const node: GraphNode = { id, kind, label, parent, children: [], start, end, status: 'error' };
    parent.children.push(node);
    this.announce(node, EVENT_STATUS.error);
  }

  /** Every node, depth-first, with its depth. */
  depthFirst(): { node: GraphNode; depth: number }[] {
    const out: { node: GraphNode; depth: number }[] = [];
    const visit = (node: GraphNode, depth: number) => {
      out.push({ node, depth });
      for (const child of node.children) visit(child, depth + 1);
    };
    for (const root of this.roots) visit(root, 0);
    return out;
  }

  private nextId(): string {
    this.nodeCount += 1;
    return `${this.idPrefix}${this.nodeCount}`;
  }

  private announce(node: GraphNode, status: string): void {
    this.io.emit({
      caller: 'train',
      message: nodeText(node),
      ts: timestamp(),
      level: status === 'error' ? 'error' : 'info',
      session_id: this.id,
      node_id: node.id,
      parent_id: node.parent?.id ?? null,
      kind: node.kind,
      label: node.label,
      status,
      total: null,
    });
  }
}

export function exportNodes(nodes: readonly GraphNode[]): ExportedNode[] {
  return nodes.map(({ id, kind, label, start, end, status, children }) => ({ id, kind, label, start, end, status, children: exportNodes(children) }));
}

/** "<kind> <label>", e.g. "outer_fold 1/3", or just the kind. */
export function nodeText(node: Pick<GraphNode, 'kind' | 'label'>): string {
  return node.label === null ? node.kind : `${node.kind} ${node.label}`;
}

/** rtemis session ids look like `20261121083256-fbc473`. */
function sessionId(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
