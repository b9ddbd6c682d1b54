/**
 * Encodes a WebAssembly module from hand-written function bodies: enough of the binary format
 * for small numeric kernels (i32 parameters, no results, one imported memory). The engine's
 * hottest loops are written this way because V8 runs them about twice as fast as the same loop
 * in JavaScript (no per-access bounds checks, 128-bit SIMD), and no compiler is needed.
 */

export const PAGE_BYTES = 65536;
/** 32-bit memories address at most 4 GiB. */
export const MAX_PAGES = 65536;

export const valueType = { i32: 0x7f, v128: 0x7b } as const;

/** Single-byte opcodes, and the SIMD ones (written after the 0xfd prefix). */
export const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Load16U: 0x2f,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32GtU: 0x4b,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Shl: 0x74,
} as const;
const blockTypeEmpty = 0x40;

export const simdOp = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128Load64Zero: 0x5d,
  f64x2PromoteLowF32x4: 0x5f,
  f64x2Add: 0xf0,
} as const;

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v !== 0 ? byte | 0x80 : byte);
  } while (v !== 0);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Instruction helpers: each returns the instruction's bytes. */
export const ins = {
  get: (local: number): number[] => [op.localGet, ...unsignedLeb(local)],
  set: (local: number): number[] => [op.localSet, ...unsignedLeb(local)],
  tee: (local: number): number[] => [op.localTee, ...unsignedLeb(local)],
  i32: (value: number): number[] => [op.i32Const, ...signedLeb(value)],
  /** A memory access: `align` as log2 of the byte alignment, then a constant offset. */
  memory: (opcode: number, align: number, offset = 0): number[] => [opcode, ...unsignedLeb(align), ...unsignedLeb(offset)],
  simd: (opcode: number): number[] => [0xfd, ...unsignedLeb(opcode)],
  simdMemory: (opcode: number, align: number, offset = 0): number[] => [0xfd, ...unsignedLeb(opcode), ...unsignedLeb(align), ...unsignedLeb(offset)],
  /** `block { loop { body } }`: inside `body`, `br_if 1` leaves and `br 0` repeats. */
  whileLoop: (body: number[]): number[] => [op.block, blockTypeEmpty, op.loop, blockTypeEmpty, ...body, op.end, op.end],
};

export interface FunctionSource {
  name: string;
  /** All parameters are i32. */
  params: number;
  /** Types of the locals after the parameters, in order. */
  locals: number[];
  body: number[];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function text(value: string): number[] {
  const bytes = [...new TextEncoder().encode(value)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...unsignedLeb(body.length), ...body];
}

/** A module importing its memory as `env.memory` and exporting every function by name. */
export function encodeModule(functions: FunctionSource[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(Array.from({ length: f.params }, () => [valueType.i32])), 0]);
  const memoryImport = [...text('env'), ...text('memory'), 0x02, 0x00, ...unsignedLeb(0)];
  const codes = functions.map((f) => {
    // Runs of equal types, as the format groups locals.
    const groups: number[][] = [];
    for (const type of f.locals) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === type) last[0]!++;
      else groups.push([1, type]);
    }
    const body = [...vector(groups.map(([count, type]) => [...unsignedLeb(count!), type!])), ...f.body, op.end];
    return [...unsignedLeb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, k) => unsignedLeb(k)))),
    ...section(7, vector(functions.map((f, k) => [...text(f.name), 0x00, ...unsignedLeb(k)]))),
    ...section(10, vector(codes)),
  ]);
}
