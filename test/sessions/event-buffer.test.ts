import assert from 'node:assert/strict';
import { test } from 'node:test';
import { event } from '../../src/protocol/envelope.js';
import { EventBuffer, EVENT_BUFFER_CAPACITY } from '../../src/sessions/event-buffer.js';

test('§11.4/53 the oldest events are dropped and counted', () => {
  const buffer = new EventBuffer(3);
  for (let i = 1; i <= 5; i += 1) buffer.push(event('e', { i }));
  assert.equal(buffer.size, 3);
  assert.equal(buffer.droppedCount, 2);
  const { events, dropped } = buffer.drain();
  assert.deepEqual(events.map((e) => (e.data as { i: number }).i), [3, 4, 5]);
  assert.equal(dropped, 2);
  assert.equal(buffer.size, 0);
  assert.equal(buffer.droppedCount, 0);
});

test('draining with capacity 2 after three events returns two and one dropped', () => {
  const buffer = new EventBuffer(2);
  for (let i = 1; i <= 3; i += 1) buffer.push(event('e', { i }));
  const { events, dropped } = buffer.drain();
  assert.equal(events.length, 2);
  assert.equal(dropped, 1);
});

test('the production capacity is 256', () => {
  assert.equal(EVENT_BUFFER_CAPACITY, 256);
  const buffer = new EventBuffer();
  for (let i = 0; i < 300; i += 1) buffer.push(event('e', { i }));
  assert.equal(buffer.size, 256);
  assert.equal(buffer.droppedCount, 44);
});
