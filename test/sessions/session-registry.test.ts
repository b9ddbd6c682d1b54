import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionRegistry } from '../../src/sessions/session-registry.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

test('§11.4/45 session ids are well formed and distinct', () => {
  const registry = new SessionRegistry(100);
  const ids = Array.from({ length: 50 }, () => registry.create(null, at(0)).id);
  for (const id of ids) assert.match(id, /^sess-[0-9a-f]{16}$/);
  assert.equal(new Set(ids).size, 50);
});

test('§11.4/47 a new session is empty and findable by id and name', () => {
  const registry = new SessionRegistry(16);
  const session = registry.create('iris', at(0));
  assert.equal(session.connections.size, 0);
  assert.equal(session.events.size, 0);
  assert.equal(session.events.droppedCount, 0);
  assert.equal(session.data.size, 0);
  assert.equal(registry.get(session.id), session);
  assert.equal(registry.findByName('iris'), session);
  assert.equal(registry.findByName('IRIS'), undefined);
});

test('§11.4/51 renaming to the same name changes nothing, not even last_seen', () => {
  const registry = new SessionRegistry(16);
  const session = registry.create('a', at(0));
  registry.create('b', at(0));
  registry.rename(session, 'a', at(100));
  assert.equal(session.lastSeen.getTime(), at(0).getTime());
  registry.rename(session, 'c', at(100));
  assert.equal(session.lastSeen.getTime(), at(100).getTime());
  assert.throws(() => registry.rename(session, 'b', at(200)), { code: 'session_exists' });
});

test('§11.4/52 GC removes idle unattached sessions only, strictly past the TTL', () => {
  const registry = new SessionRegistry(16);
  const idle = registry.create('idle', at(0));
  const fresh = registry.create('fresh', at(900));
  const attached = registry.create('attached', at(0));
  attached.connections.add('conn-0000000000000000');
  const exact = registry.create('exact', at(500));
  const deleted: string[] = [];
  registry.onDeleted((session) => deleted.push(session.name));
  const dropped = registry.collectIdle(at(1000), 500);
  assert.deepEqual(dropped, [idle.id]);
  assert.deepEqual(deleted, ['idle']);
  assert.ok(registry.get(fresh.id) && registry.get(attached.id) && registry.get(exact.id));
});
