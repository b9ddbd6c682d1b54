/**
 * Encodes WebAssembly modules from hand-written instructions (binary format 1.0 with
 * fixed-width SIMD): no toolchain, no binary blob. The engine writes its hottest loops this
 * way because V8 runs them several times faster than the same loops in JavaScript (no
 * per-access bounds checks, two doubles per instruction). Every module imports its memory
 * as `env.memory`, so the caller sizes it and reads and writes it through typed-array views.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

export function unsigned(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function signed(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Signed LEB128 of a 64-bit integer (BigInt: JavaScript's bitwise operators are 32-bit). */
export function signed64(value: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    if ((value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return [...unsigned(bytes.length), ...bytes];
};
const vector = (items: number[][]) => [...unsigned(items.length), ...items.flat()];
const section = (id: number, content: number[]) => [id, ...unsigned(content.length), ...content];

/** The instructions the kernels use; memory accesses take a constant byte offset. */
export const op = {
  get: (local: number) => [0x20, ...unsigned(local)],
  set: (local: number) => [0x21, ...unsigned(local)],
  tee: (local: number) => [0x22, ...unsigned(local)],
  i32: (value: number) => [0x41, ...signed(value)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32GtU: [0x4b],
  i32Load: (offset = 0) => [0x28, 2, ...unsigned(offset)],
  i32Load16U: (offset = 0) => [0x2f, 1, ...unsigned(offset)],
  i32Load8U: (offset = 0) => [0x2d, 0, ...unsigned(offset)],
  i32Store: (offset = 0) => [0x36, 2, ...unsigned(offset)],
  f64Load: (offset = 0) => [0x2b, 3, ...unsigned(offset)],
  f64Store: (offset = 0) => [0x39, 3, ...unsigned(offset)],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  v128Load: (offset = 0) => [0xfd, ...unsigned(0), 4, ...unsigned(offset)],
  /** Eight bytes into the low lane, zero in the high one. */
  v128Load64Zero: (offset = 0) => [0xfd, ...unsigned(93), 3, ...unsigned(offset)],
  v128Store: (offset = 0) => [0xfd, ...unsigned(11), 4, ...unsigned(offset)],
  f64x2Splat: [0xfd, ...unsigned(20)],
  f64x2Lane: (lane: number) => [0xfd, ...unsigned(33), lane],
  f64x2Add: [0xfd, ...unsigned(240)],
  f64x2Sub: [0xfd, ...unsigned(241)],
  f64x2Mul: [0xfd, ...unsigned(242)],
  f64x2Div: [0xfd, ...unsigned(243)],
  f64x2Min: [0xfd, ...unsigned(244)],
  f64x2Max: [0xfd, ...unsigned(245)],
  f64x2Neg: [0xfd, ...unsigned(237)],
  f64x2Nearest: [0xfd, ...unsigned(148)],
  f64x2Lt: [0xfd, ...unsigned(73)],
  f64x2Gt: [0xfd, ...unsigned(74)],
  /** The two low f32 lanes as f64 lanes (exact). */
  f64x2PromoteLowF32x4: [0xfd, ...unsigned(95)],
  bitselect: [0xfd, ...unsigned(82)],
  v128Xor: [0xfd, ...unsigned(81)],
  v128And: [0xfd, ...unsigned(78)],
  v128Or: [0xfd, ...unsigned(80)],
  f64x2Eq: [0xfd, ...unsigned(71)],
  i64x2Sub: [0xfd, ...unsigned(209)],
  i64x2ShrU: [0xfd, ...unsigned(205)],
  /** The low 32 bits of the first operand's two i64 lanes into i32 lanes 0 and 1. */
  lowWords: [0xfd, ...unsigned(13), 0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11],
  f64x2ConvertLowI32x4: [0xfd, ...unsigned(254)],
  i32x4TruncSatF64x2Zero: [0xfd, ...unsigned(252)],
  i64x2ExtendLowI32x4: [0xfd, ...unsigned(199)],
  i64x2Add: [0xfd, ...unsigned(206)],
  i64x2Shl: [0xfd, ...unsigned(203)],
  i64x2Splat: [0xfd, ...unsigned(18)],
  i64: (value: number) => [0x42, ...signed64(BigInt(value))],
  f64: (value: number) => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (depth: number) => [0x0d, ...unsigned(depth)],
  br: (depth: number) => [0x0c, ...unsigned(depth)],
  end: [0x0b],
};

/** `block { loop { body } }`: inside `body`, `brIf(1)` leaves and `br(0)` repeats. */
export function whileLoop(body: number[]): number[] {
  return [...op.block, ...op.loop, ...body, ...op.end, ...op.end];
}

export interface Kernel {
  name: string;
  /** Parameter types. */
  params: number[];
  result: number | null;
  /** Extra locals, in order after the parameters. */
  locals: number[];
  body: number[];
}

/** A module importing `env.memory` and exporting every kernel by its name. */
export function assemble(kernels: Kernel[]): Uint8Array {
  const types = kernels.map((k) => [0x60, ...vector(k.params.map((t) => [t])), ...(k.result === null ? [0] : [1, k.result])]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...unsigned(1)];
  const exports = kernels.map((k, i) => [...name(k.name), 0x00, ...unsigned(i)]);
  const bodies = kernels.map((k) => {
    const code = [...vector(k.locals.map((t) => [1, t])), ...k.body, ...op.end];
    return [...unsigned(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(kernels.map((_, i) => unsigned(i)))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
