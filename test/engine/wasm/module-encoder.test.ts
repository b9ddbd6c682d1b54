import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assemble, F64, I32, op, signed, signed64, unsigned, whileLoop } from '../../../src/engine/wasm/module-encoder.js';
import { compileModule, fixedMemory, instantiate, PAGE_BYTES } from '../../../src/engine/wasm/wasm-api.js';

test('LEB128: the specification examples and the edges of one byte', () => {
  assert.deepEqual(unsigned(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(unsigned(0), [0x00]);
  assert.deepEqual(unsigned(127), [0x7f]);
  assert.deepEqual(unsigned(128), [0x80, 0x01]);
  assert.deepEqual(unsigned(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.deepEqual(signed(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(signed(63), [0x3f]);
  assert.deepEqual(signed(64), [0xc0, 0x00]);
  assert.deepEqual(signed(-64), [0x40]);
  assert.deepEqual(signed(-65), [0xbf, 0x7f]);
  assert.deepEqual(signed64(0x000fffffffffffffn), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07]);
  assert.deepEqual(signed64(-1n), [0x7f]);
});

test('assemble: a loop of SIMD adds and a scalar reduction over imported memory compile, run and export by name', () => {
  const { get, set, i32 } = op;
  // addPairs(from, to, count): to[k] += from[k] for count (double, double) pairs.
  const [FROM, TO, COUNT, END] = [0, 1, 2, 3];
  const addPairs = {
    name: 'addPairs',
    params: [I32, I32, I32],
    result: null,
    locals: [I32],
    body: [
      ...get(FROM), ...get(COUNT), ...i32(4), ...op.i32Shl, ...op.i32Add, ...set(END),
      ...whileLoop([
        ...get(FROM), ...get(END), ...op.i32GeU, ...op.brIf(1),
        ...get(TO), ...get(TO), ...op.v128Load(), ...get(FROM), ...op.v128Load(), ...op.f64x2Add, ...op.v128Store(),
        ...get(FROM), ...i32(16), ...op.i32Add, ...set(FROM),
        ...get(TO), ...i32(16), ...op.i32Add, ...set(TO), ...op.br(0),
      ]),
    ],
  };
  // sumPairs(at, count): Σ (a + b) over count float32 pairs (a, b), each pair read into two double lanes.
  const [AT, N, STOP, SUM] = [0, 1, 2, 3];
  const sumPairs = {
    name: 'sumPairs',
    params: [I32, I32],
    result: F64,
    locals: [I32, F64],
    body: [
      ...get(AT), ...get(N), ...i32(3), ...op.i32Shl, ...op.i32Add, ...set(STOP),
      ...whileLoop([
        ...get(AT), ...get(STOP), ...op.i32GeU, ...op.brIf(1),
        ...get(SUM),
        ...get(AT), ...op.v128Load64Zero(), ...op.f64x2PromoteLowF32x4, ...op.f64x2Lane(0),
        ...get(AT), ...op.v128Load64Zero(), ...op.f64x2PromoteLowF32x4, ...op.f64x2Lane(1),
        ...op.f64Add, ...op.f64Add, ...set(SUM),
        ...get(AT), ...i32(8), ...op.i32Add, ...set(AT), ...op.br(0),
      ]),
      ...get(SUM),
    ],
  };
  const memory = fixedMemory(1);
  const kernels = instantiate<{ addPairs(from: number, to: number, count: number): void; sumPairs(at: number, count: number): number }>(
    compileModule(assemble([addPairs, sumPairs])),
    memory,
  );
  const from = new Float64Array(memory.buffer, 0, 6);
  const to = new Float64Array(memory.buffer, 64, 8);
  from.set([1, 2, 3, 4, 5, 6]);
  to.set([10, 20, 30, 40, 50, 60, 70, 80]);
  kernels.addPairs(0, 64, 3);
  assert.deepEqual(Array.from(to), [11, 22, 33, 44, 55, 66, 70, 80]);
  const halves = new Float32Array(memory.buffer, 256, 6);
  halves.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  let expected = 0;
  for (let k = 0; k < 3; k++) expected += halves[2 * k]! + halves[2 * k + 1]!;
  assert.equal(kernels.sumPairs(256, 3), expected);
  assert.equal(memory.buffer.byteLength, PAGE_BYTES);
});
