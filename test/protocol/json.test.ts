import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWireJson, roundNumber, vec } from '../../src/protocol/json.js';

const formatNumber = (n: number) => encodeWireJson(n);

test('doubles carry at most four decimals, like jsonlite digits = 4', () => {
  assert.equal(formatNumber(12.3456789), '12.3457');
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(1e6), '1000000');
  assert.equal(formatNumber(-2.5), '-2.5');
});

test('tiny magnitudes keep four significant digits instead of collapsing to 0', () => {
  assert.equal(formatNumber(0.000012346), '0.00001235');
  assert.equal(formatNumber(6.41784e-16), '6.418e-16');
});

test('rounding keeps integers exact and maps non-finite numbers to null', () => {
  assert.equal(roundNumber(2 ** 40), 2 ** 40);
  assert.equal(roundNumber(NaN), null);
  assert.equal(roundNumber(-Infinity), null);
});

test('non-finite numbers are written as null', () => {
  assert.equal(encodeWireJson({ a: NaN, b: Infinity, c: -Infinity }), '{"a":null,"b":null,"c":null}');
});

test('vectors are unboxed when they have one element; lists never are', () => {
  assert.equal(encodeWireJson({ columns: vec(['cluster']) }), '{"columns":"cluster"}');
  assert.equal(encodeWireJson({ columns: vec(['a', 'b']) }), '{"columns":["a","b"]}');
  assert.equal(encodeWireJson({ handles: [{ id: 1 }] }), '{"handles":[{"id":1}]}');
  assert.equal(encodeWireJson({ empty: vec([]), map: {} }), '{"empty":[],"map":{}}');
  // An unboxed number is rounded like any other.
  assert.equal(encodeWireJson({ lambda: vec([2.10641234]), both: vec([0.123456, 1]) }), '{"lambda":2.1064,"both":[0.1235,1]}');
});

test('null members are kept, undefined members are omitted, key order is preserved', () => {
  assert.equal(encodeWireJson({ v: 1, started_at: null, gone: undefined, z: 'x' }), '{"v":1,"started_at":null,"z":"x"}');
});

test('typed arrays are written as arrays and strings are escaped', () => {
  assert.equal(encodeWireJson({ x: Float64Array.of(1.5, NaN), s: 'a"\n' }), '{"x":[1.5,null],"s":"a\\"\\n"}');
});
