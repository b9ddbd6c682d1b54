import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, encodeFrame, MAX_HEADER_BYTES, MAX_FRAME_BYTES, FrameTooLargeError } from '../../src/protocol/frame.js';
import { FrameBuffer } from '../../src/protocol/frame-buffer.js';
import { event, failure, success } from '../../src/protocol/envelope.js';

const headerOf = (frame: Uint8Array) => {
  const length = new DataView(frame.buffer, frame.byteOffset).getUint32(0, false);
  return { length, json: JSON.parse(Buffer.from(frame.subarray(4, 4 + length)).toString('utf8')) };
};

test('§11.2/7 a header-only frame is length-prefixed big-endian and gets v 1', () => {
  const frame = encodeFrame({ method: 'ping', id: 'req-1' });
  const { length, json } = headerOf(frame);
  assert.equal(frame.length, 4 + length);
  assert.deepEqual(json, { v: 1, method: 'ping', id: 'req-1' });
  assert.equal(Object.keys(json)[0], 'v');
  assert.equal('payload' in json, false);
});

test('§11.2/8 a payload is declared last in the header and appended', () => {
  const payload = Uint8Array.from({ length: 10 }, (_, i) => i + 1);
  const frame = encodeFrame({ method: 'x' }, payload);
  const { length, json } = headerOf(frame);
  assert.equal(frame.length, 4 + length + 10);
  assert.deepEqual(json.payload, { format: 'arrow-ipc', bytes: 10 });
  assert.equal(Object.keys(json).at(-1), 'payload');
  assert.deepEqual(Uint8Array.from(frame.subarray(-10)), payload);
});

test('non-ASCII text is sized in UTF-8 bytes, in short headers and long ones alike', () => {
  for (const name of ['Größe — 数据 😀', 'Größe — 数据 😀 '.repeat(200)]) {
    const frame = encodeFrame({ id: 'r', result: { name } });
    const { length, json } = headerOf(frame);
    assert.equal(length, Buffer.byteLength(JSON.stringify(json), 'utf8'));
    assert.equal(frame.length, 4 + length);
    assert.equal(json.result.name, name);
    const decoded = decodeFrame(frame);
    assert.ok(decoded.kind === 'frame');
    assert.deepEqual(decoded.frame.header.result, { name });
  }
});

test('§11.2/9 an explicit v is kept', () => {
  assert.equal(headerOf(encodeFrame({ v: 7, method: 'x' })).json.v, 7);
});

test('§11.2/10 short buffers are incomplete and consume nothing', () => {
  const withPayload = encodeFrame({ method: 'upload' }, new Uint8Array(100).fill(7));
  const headerLength = headerOf(withPayload).length;
  const cases = [
    new Uint8Array(0),
    withPayload.subarray(0, 4),
    withPayload.subarray(0, 4 + headerLength - 2),
    withPayload.subarray(0, withPayload.length - 50),
  ];
  for (const buffer of cases) assert.equal(decodeFrame(buffer).kind, 'incomplete');
});

test('§11.2/11–12 complete frames decode with header and payload', () => {
  const plain = encodeFrame({ v: 1, id: 'a', method: 'auth', params: { token: 't' } });
  const decoded = decodeFrame(plain);
  assert.equal(decoded.kind, 'frame');
  if (decoded.kind !== 'frame') return;
  assert.deepEqual(decoded.frame.header, { v: 1, id: 'a', method: 'auth', params: { token: 't' } });
  assert.equal(decoded.frame.payload, null);
  assert.equal(decoded.consumed, plain.length);

  const bytes = Buffer.from('hello arrow ipc bytes');
  const withPayload = decodeFrame(encodeFrame({ method: 'data.upload' }, bytes));
  assert.equal(withPayload.kind, 'frame');
  if (withPayload.kind !== 'frame') return;
  assert.deepEqual(Buffer.from(withPayload.frame.payload!), bytes);
  assert.equal((withPayload.frame.header.payload as { bytes: number }).bytes, bytes.length);
});

test('§11.2/13 two concatenated frames decode one after the other', () => {
  const first = encodeFrame({ id: '1', method: 'ping' });
  const second = encodeFrame({ id: '2', method: 'ping' });
  const both = Buffer.concat([first, second]);
  const one = decodeFrame(both);
  assert.equal(one.kind === 'frame' && one.consumed, first.length);
  const two = decodeFrame(both.subarray(first.length));
  assert.equal(two.kind === 'frame' && two.frame.header.id, '2');
});

test('§11.2/14–16 out-of-range lengths and bad JSON are malformed with the reference texts', () => {
  const negative = decodeFrame(Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
  assert.equal(negative.kind, 'malformed');
  assert.match((negative as { message: string }).message, /header_len -1 out of range \(limit 1048576\)\. First 4 bytes: ff ff ff ff$/);

  const tooLong = Buffer.alloc(4 + MAX_HEADER_BYTES + 1);
  tooLong.writeUInt32BE(MAX_HEADER_BYTES + 1, 0);
  assert.match((decodeFrame(tooLong) as { message: string }).message, /out of range/);

  const badJson = Buffer.concat([Buffer.from([0, 0, 0, 10]), Buffer.from('{not valid')]);
  assert.match((decodeFrame(badJson) as { message: string }).message, /^Malformed frame: header JSON could not be parsed: /);
});

test('headers that are not objects, bad payload descriptors and oversize frames are malformed', () => {
  const frameOf = (json: string) => {
    const body = Buffer.from(json);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(body.length, 0);
    return Buffer.concat([prefix, body]);
  };
  const message = (json: string) => (decodeFrame(frameOf(json)) as { message?: string }).message;
  assert.equal(message('"text"'), 'Malformed frame: header is not a JSON object.');
  assert.equal(message('[1,2]'), 'Malformed frame: header is not a JSON object.');
  assert.equal(message('{"payload":5}'), 'Malformed frame: header `payload` must be a `{bytes, format}` object.');
  assert.equal(message('{"payload":{"format":"arrow-ipc"}}'), 'Malformed frame: header `payload` must be a `{bytes, format}` object.');
  assert.equal(message('{"payload":{"bytes":-1}}'), 'Malformed frame: payload bytes is not a non-negative integer.');
  assert.equal(message('{"payload":{"bytes":1.5}}'), 'Malformed frame: payload bytes is not a non-negative integer.');
  assert.match(message(`{"payload":{"bytes":${MAX_FRAME_BYTES}}}`)!, /^Malformed frame: frame size \d+ exceeds limit 268435456\.$/);
  // A null payload means "no payload".
  assert.equal(decodeFrame(frameOf('{"payload":null,"method":"ping"}')).kind, 'frame');
});

test('§11.2/17 envelope builders round-trip through the codec', () => {
  const roundTrip = (header: object) => {
    const decoded = decodeFrame(encodeFrame(header as Record<string, unknown>));
    assert.equal(decoded.kind, 'frame');
    return decoded.kind === 'frame' ? decoded.frame.header : null;
  };
  assert.deepEqual(roundTrip(success('a', { x: 1 })), { v: 1, id: 'a', ok: true, result: { x: 1 } });
  assert.deepEqual(roundTrip(failure('b', 'not_found', 'nope')), { v: 1, id: 'b', ok: false, error: { code: 'not_found', message: 'nope' } });
  const eventHeader = roundTrip(event('heartbeat', { ts: 't' }))!;
  assert.deepEqual(eventHeader, { v: 1, event: 'heartbeat', data: { ts: 't' } });
  assert.equal('id' in eventHeader || 'ok' in eventHeader, false);
});

test('outbound limits raise FrameTooLargeError instead of sending', () => {
  assert.throws(() => encodeFrame({ blob: 'x'.repeat(MAX_HEADER_BYTES) }), FrameTooLargeError);
});

test('FrameBuffer reassembles frames split across and packed into messages', () => {
  const frames = [encodeFrame({ id: '1', method: 'a' }), encodeFrame({ id: '2', method: 'b' }, new Uint8Array(5000).fill(3)), encodeFrame({ id: '3', method: 'c' })];
  const stream = Buffer.concat(frames);
  const buffer = new FrameBuffer();
  const seen: string[] = [];
  for (let offset = 0; offset < stream.length; offset += 777) {
    buffer.append(stream.subarray(offset, offset + 777));
    for (let next = buffer.next(); next.kind === 'frame'; next = buffer.next()) seen.push(String(next.frame.header.id));
  }
  assert.deepEqual(seen, ['1', '2', '3']);
  assert.equal(buffer.bufferedBytes, 0);
});

test('FrameBuffer discards everything buffered after a malformed frame', () => {
  const buffer = new FrameBuffer();
  buffer.append(Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), encodeFrame({ id: 'lost', method: 'ping' })]));
  assert.equal(buffer.next().kind, 'malformed');
  assert.equal(buffer.bufferedBytes, 0);
  assert.equal(buffer.next().kind, 'incomplete');
});

test('a header that is not valid UTF-8 is malformed', () => {
  const body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(body.length, 0);
  const decoded = decodeFrame(Buffer.concat([prefix, body]));
  assert.equal(decoded.kind, 'malformed');
  assert.match((decoded as { message: string }).message, /^Malformed frame: header JSON could not be parsed: header is not valid UTF-8$/);
});
