/**
 * No import circles in the shipped code: each module's dependencies point one way (a circle
 * such as job-manager ↔ server-context makes both hard to test and to change alone).
 * Type-only imports count too: they are design dependencies even if erased at run time.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/fixture-paths.js';

const RELATIVE_IMPORT = /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.c?ts$/.test(name) ? [full] : [];
  });
}

function importGraph(roots: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of roots.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(RELATIVE_IMPORT)].map((m) => path.resolve(path.dirname(file), m[1]!).replace(/\.(c?)js$/, '.$1ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** Tarjan's strongly connected components of size > 1: the import circles. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(path.relative(REPO_ROOT, member));
      if (member === node) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

test('src/ and electron/ have no import circles', () => {
  const graph = importGraph([path.join(REPO_ROOT, 'src'), path.join(REPO_ROOT, 'electron')]);
  assert.ok(graph.size > 100, `scanned ${graph.size} modules`);
  assert.deepEqual(circles(graph), []);
});

test('the circle finder finds a circle', () => {
  const graph = new Map([
    ['/r/a.ts', ['/r/b.ts']],
    ['/r/b.ts', ['/r/a.ts', '/r/c.ts']],
    ['/r/c.ts', []],
  ]);
  assert.equal(circles(graph).length, 1);
});
