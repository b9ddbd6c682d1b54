/**
 * The logistic solvers' vector loops as a small WebAssembly module with 128-bit SIMD (two
 * doubles per instruction), assembled here from its instructions (no toolchain, no binary
 * blob): dot products, weighted sums of squares, sums and the scaled updates of residuals
 * and linear predictors. They run three to four times faster than the same loops in
 * JavaScript, which is what keeps cv.glmnet's eleven logistic paths at R's speed.
 *
 * Every function takes byte offsets into the module's memory and a length in doubles;
 * `KernelWorkspace` hands out Float64Array views of that memory and calls them. Reductions
 * accumulate in two vector registers (four partial sums), so their rounding differs from a
 * left-to-right sum in the last bits only.
 */

import { assemble, F64, I32, op, V128, type Kernel } from '../../wasm/module-encoder.js';
import { compileModule, fixedMemory, instantiate, MAX_PAGES, PAGE_BYTES, type WasmMemory } from '../../wasm/wasm-api.js';

/**
 * `while (p < end) { step; p += stride for every pointer }` where `end` = first pointer +
 * bytes. `pointers` are the local indices advanced by `stride` bytes per iteration.
 */
function loopOver(pointers: number[], end: number, stride: number, step: number[]): number[] {
  return [
    ...op.block,
    ...op.loop,
    ...op.get(pointers[0]!),
    ...op.get(end),
    ...op.i32GeU,
    ...op.brIf(1),
    ...step,
    ...pointers.flatMap((p) => [...op.get(p), ...op.i32(stride), ...op.i32Add, ...op.set(p)]),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** end ← first pointer + (n rounded down to a multiple of `multiple`) × 8 bytes. */
function bodyEnd(pointer: number, n: number, end: number, multiple: number): number[] {
  return [...op.get(pointer), ...op.get(n), ...op.i32(-multiple), ...op.i32And, ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(end)];
}

/** end ← end + (n mod `multiple`) × 8 bytes: the scalar tail. */
function tailEnd(n: number, end: number, multiple: number): number[] {
  return [...op.get(end), ...op.get(n), ...op.i32(multiple - 1), ...op.i32And, ...op.i32(3), ...op.i32Shl, ...op.i32Add, ...op.set(end)];
}

/**
 * A reduction Σ term(i): `pairTerm` pushes a v128 of two terms at the current pointers
 * (offset 0 or 16), `scalarTerm` one f64 term. Locals: end, s0, s1, t.
 */
function reduction(kernelName: string, pointers: number[], n: number, pairTerm: (offset: number) => number[], scalarTerm: number[]): Kernel {
  const end = n + 1;
  const s0 = end + 1;
  const s1 = end + 2;
  const t = end + 3;
  return {
    name: kernelName,
    params: [...pointers.map(() => I32), I32],
    result: F64,
    locals: [I32, V128, V128, F64],
    body: [
      ...bodyEnd(pointers[0]!, n, end, 4),
      ...loopOver(pointers, end, 32, [
        ...op.get(s0),
        ...pairTerm(0),
        ...op.f64x2Add,
        ...op.set(s0),
        ...op.get(s1),
        ...pairTerm(16),
        ...op.f64x2Add,
        ...op.set(s1),
      ]),
      ...op.get(s0),
      ...op.get(s1),
      ...op.f64x2Add,
      ...op.set(s0),
      ...op.get(s0),
      ...op.f64x2Lane(0),
      ...op.get(s0),
      ...op.f64x2Lane(1),
      ...op.f64Add,
      ...op.set(t),
      ...tailEnd(n, end, 4),
      ...loopOver(pointers, end, 8, [...op.get(t), ...scalarTerm, ...op.f64Add, ...op.set(t)]),
      ...op.get(t),
    ],
  };
}

/**
 * An element-wise update of the first pointer's array: `pairValue` pushes the new v128 of
 * two elements, `scalarValue` one new f64. `scalars` are f64 parameters after the length,
 * splatted into v128 locals for the pair loop. Locals: end, then one v128 per scalar.
 */
function update(kernelName: string, pointers: number[], n: number, scalars: number[], pairValue: (splat: (s: number) => number) => number[], scalarValue: number[]): Kernel {
  const end = n + 1 + scalars.length;
  const splatLocal = (s: number) => end + 1 + scalars.indexOf(s);
  return {
    name: kernelName,
    params: [...pointers.map(() => I32), I32, ...scalars.map(() => F64)],
    result: null,
    locals: [I32, ...scalars.map(() => V128)],
    body: [
      ...scalars.flatMap((s) => [...op.get(s), ...op.f64x2Splat, ...op.set(splatLocal(s))]),
      ...bodyEnd(pointers[0]!, n, end, 2),
      ...loopOver(pointers, end, 16, [...op.get(pointers[0]!), ...pairValue(splatLocal), ...op.v128Store()]),
      ...tailEnd(n, end, 2),
      ...loopOver(pointers, end, 8, [...op.get(pointers[0]!), ...scalarValue, ...op.f64Store()]),
    ],
  };
}

// fdlibm's exp (as V8's Math.exp): x = k ln2 + r, exp(r) by a rational approximation.
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const EXP_P = [1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.65339022054652515390e-6, 4.13813679705723846039e-8];

/**
 * The logistic model's update after a Newton step, over pairs of cases: from the linear
 * predictor f, q = 1 / (1 + exp(−f)) (0 below −`limit`, 1 above `limit`), the working
 * weight v = w q (1 − q) and residual r = w (y − q); returns Σ v. It runs over ⌈n/2⌉ pairs:
 * an odd n's last pair reaches into the vectors' padding, where w is 0 (so v = r = 0 there).
 * Parameters: eta, w, y, q, v, r (pointers), n, limit.
 */
function logisticUpdate(): Kernel {
  const [eta, w, y, q, v, r, n, limit] = [0, 1, 2, 3, 4, 5, 6, 7];
  let next = 8;
  const end = next++;
  const local = () => next++;
  const total = local();
  const constants = { limit: local(), negLimit: local(), invLn2: local(), ln2Hi: local(), ln2Lo: local(), one: local(), two: local(), bias: local() };
  const p = EXP_P.map(() => local());
  const [f, x, k, lo, c, e, prob, weight] = [local(), local(), local(), local(), local(), local(), local(), local()];
  const splat = (value: number, target: number) => [...op.f64(value), ...op.f64x2Splat, ...op.set(target)];
  const g = op.get;
  return {
    name: 'logisticUpdate',
    params: [I32, I32, I32, I32, I32, I32, I32, F64],
    result: F64,
    locals: [I32, ...Array.from({ length: next - end - 1 }, () => V128)],
    body: [
      ...g(limit),
      ...op.f64x2Splat,
      ...op.set(constants.limit),
      ...g(constants.limit),
      ...op.f64x2Neg,
      ...op.set(constants.negLimit),
      ...splat(INV_LN2, constants.invLn2),
      ...splat(LN2_HI, constants.ln2Hi),
      ...splat(LN2_LO, constants.ln2Lo),
      ...splat(1, constants.one),
      ...splat(2, constants.two),
      ...op.i64(1023),
      ...op.i64x2Splat,
      ...op.set(constants.bias),
      ...EXP_P.flatMap((value, i) => splat(value, p[i]!)),
      // end = eta + ⌈n/2⌉ × 16 bytes
      ...g(eta),
      ...g(n),
      ...op.i32(1),
      ...op.i32Add,
      ...op.i32(-2),
      ...op.i32And,
      ...op.i32(3),
      ...op.i32Shl,
      ...op.i32Add,
      ...op.set(end),
      ...loopOver([eta, w, y, q, v, r], end, 16, [
        ...g(eta),
        ...op.v128Load(),
        ...op.set(f),
        // x = −f within [−limit, limit]
        ...g(f),
        ...op.f64x2Neg,
        ...g(constants.limit),
        ...op.f64x2Min,
        ...g(constants.negLimit),
        ...op.f64x2Max,
        ...op.set(x),
        // k = round(x / ln2); lo = k ln2_lo; x ← hi − lo with hi = x − k ln2_hi kept on the stack twice
        ...g(x),
        ...g(constants.invLn2),
        ...op.f64x2Mul,
        ...op.f64x2Nearest,
        ...op.set(k),
        ...g(k),
        ...g(constants.ln2Lo),
        ...op.f64x2Mul,
        ...op.set(lo),
        ...g(x),
        ...g(k),
        ...g(constants.ln2Hi),
        ...op.f64x2Mul,
        ...op.f64x2Sub,
        ...op.set(x), // x now holds hi
        // c = r − t (P1 + t (P2 + t (P3 + t (P4 + t P5)))) with r = hi − lo, t = r²: e holds r
        ...g(x),
        ...g(lo),
        ...op.f64x2Sub,
        ...op.set(e),
        ...g(e),
        ...g(e),
        ...g(e),
        ...op.f64x2Mul,
        ...op.set(c), // c holds t
        ...g(e),
        ...g(p[0]!),
        ...g(c),
        ...g(p[1]!),
        ...g(c),
        ...g(p[2]!),
        ...g(c),
        ...g(p[3]!),
        ...g(c),
        ...g(p[4]!),
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...g(c),
        ...op.f64x2Mul,
        ...op.f64x2Sub,
        ...op.set(c),
        // exp(r) = 1 − ((lo − r c / (2 − c)) − hi), times 2^k
        ...g(constants.one),
        ...g(lo),
        ...g(e),
        ...g(c),
        ...op.f64x2Mul,
        ...g(constants.two),
        ...g(c),
        ...op.f64x2Sub,
        ...op.f64x2Div,
        ...op.f64x2Sub,
        ...g(x),
        ...op.f64x2Sub,
        ...op.f64x2Sub,
        ...g(k),
        ...op.i32x4TruncSatF64x2Zero,
        ...op.i64x2ExtendLowI32x4,
        ...g(constants.bias),
        ...op.i64x2Add,
        ...op.i32(52),
        ...op.i64x2Shl,
        ...op.f64x2Mul,
        ...op.set(e),
        // q = 1 / (1 + e), then 0 below −limit and 1 above limit
        ...g(constants.one),
        ...g(constants.one),
        ...g(e),
        ...op.f64x2Add,
        ...op.f64x2Div,
        ...op.set(prob),
        ...g(prob),
        ...g(prob),
        ...op.v128Xor, // zero
        ...g(prob),
        ...g(f),
        ...g(constants.negLimit),
        ...op.f64x2Lt,
        ...op.bitselect, // = 0 where f < −limit
        ...op.set(prob),
        ...g(constants.one),
        ...g(prob),
        ...g(f),
        ...g(constants.limit),
        ...op.f64x2Gt,
        ...op.bitselect,
        ...op.set(prob),
        ...g(q),
        ...g(prob),
        ...op.v128Store(),
        ...g(w),
        ...op.v128Load(),
        ...op.set(weight),
        // v = w q (1 − q)
        ...g(weight),
        ...g(prob),
        ...op.f64x2Mul,
        ...g(constants.one),
        ...g(prob),
        ...op.f64x2Sub,
        ...op.f64x2Mul,
        ...op.set(e),
        ...g(v),
        ...g(e),
        ...op.v128Store(),
        ...g(total),
        ...g(e),
        ...op.f64x2Add,
        ...op.set(total),
        // r = w (y − q)
        ...g(r),
        ...g(weight),
        ...g(y),
        ...op.v128Load(),
        ...g(prob),
        ...op.f64x2Sub,
        ...op.f64x2Mul,
        ...op.v128Store(),
      ]),
      ...g(total),
      ...op.f64x2Lane(0),
      ...g(total),
      ...op.f64x2Lane(1),
      ...op.f64Add,
    ],
  };
}

// fdlibm's log (as V8's Math.log, main branch): x = 2^k (1 + f), log(1 + f) by a series in s = f / (2 + f).
const LOG_LG = [6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1, 1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1];

/**
 * Σ w log(p̃) over pairs of cases, p̃ = the fitted probability of each case's own class: q
 * (clamped to [pmin, 1 − pmin]) where y = 1, else 1 − q. Padding of an odd n has w = 0.
 * Parameters: q, w, y (pointers), n, pmin.
 */
function binomialLogLikelihood(): Kernel {
  const [q, w, y, n, pmin] = [0, 1, 2, 3, 4];
  let next = 5;
  const end = next++;
  const local = () => next++;
  const total = local();
  const [low, high, one, two, half, ln2Hi, ln2Lo, bias, mantissaMask, rounding, bit, exponentOne] = Array.from({ length: 12 }, local);
  const lg = LOG_LG.map(() => local());
  const [x, bits, k, f, t, z, w2, hfsq, r] = Array.from({ length: 9 }, local);
  const g = op.get;
  const splat = (value: number, target: number) => [...op.f64(value), ...op.f64x2Splat, ...op.set(target)];
  const splatInt = (value: number, target: number) => [...op.i64(value), ...op.i64x2Splat, ...op.set(target)];
  return {
    name: 'binomialLogLikelihood',
    params: [I32, I32, I32, I32, F64],
    result: F64,
    locals: [I32, ...Array.from({ length: next - end - 1 }, () => V128)],
    body: [
      ...g(pmin),
      ...op.f64x2Splat,
      ...op.set(low),
      ...splat(1, one),
      ...g(one),
      ...g(low),
      ...op.f64x2Sub,
      ...op.set(high),
      ...splat(2, two),
      ...splat(0.5, half),
      ...splat(LN2_HI, ln2Hi),
      ...splat(LN2_LO, ln2Lo),
      ...splatInt(1023, bias),
      ...splatInt(0x000fffffffffffff, mantissaMask),
      ...splatInt(0x95f64, rounding),
      ...splatInt(0x100000, bit),
      ...splatInt(0x3ff00000, exponentOne),
      ...LOG_LG.flatMap((value, i) => splat(value, lg[i]!)),
      ...g(q),
      ...g(n),
      ...op.i32(1),
      ...op.i32Add,
      ...op.i32(-2),
      ...op.i32And,
      ...op.i32(3),
      ...op.i32Shl,
      ...op.i32Add,
      ...op.set(end),
      ...loopOver([q, w, y], end, 16, [
        // x = clamp(q), or 1 − clamp(q) where y ≠ 1
        ...g(q),
        ...op.v128Load(),
        ...g(low),
        ...op.f64x2Max,
        ...g(high),
        ...op.f64x2Min,
        ...op.set(x),
        ...g(x),
        ...g(one),
        ...g(x),
        ...op.f64x2Sub,
        ...g(y),
        ...op.v128Load(),
        ...g(one),
        ...op.f64x2Eq,
        ...op.bitselect,
        ...op.set(x),
        // k = exponent − 1023 (+1 when the mantissa is above √2/2 after fdlibm's rounding); x ← 1 + f
        ...g(x),
        ...op.i32(52),
        ...op.i64x2ShrU,
        ...g(bias),
        ...op.i64x2Sub,
        ...op.set(k),
        ...g(x),
        ...g(mantissaMask),
        ...op.v128And,
        ...op.set(bits),
        ...g(bits),
        ...op.i32(32),
        ...op.i64x2ShrU,
        ...g(rounding),
        ...op.i64x2Add,
        ...g(bit),
        ...op.v128And,
        ...op.set(t), // i (0 or 0x100000)
        ...g(k),
        ...g(t),
        ...op.i32(20),
        ...op.i64x2ShrU,
        ...op.i64x2Add,
        ...op.set(k),
        ...g(k),
        ...g(k),
        ...op.lowWords,
        ...op.f64x2ConvertLowI32x4,
        ...op.set(k), // k as a double
        ...g(bits),
        ...g(t),
        ...g(exponentOne),
        ...op.v128Xor,
        ...op.i32(32),
        ...op.i64x2Shl,
        ...op.v128Or,
        ...g(one),
        ...op.f64x2Sub,
        ...op.set(f),
        // s = f / (2 + f) (in t), z = s², w2 = z²
        ...g(f),
        ...g(two),
        ...g(f),
        ...op.f64x2Add,
        ...op.f64x2Div,
        ...op.set(t),
        ...g(t),
        ...g(t),
        ...op.f64x2Mul,
        ...op.set(z),
        ...g(z),
        ...g(z),
        ...op.f64x2Mul,
        ...op.set(w2),
        // R = z (Lg1 + w (Lg3 + w (Lg5 + w Lg7))) + w (Lg2 + w (Lg4 + w Lg6))
        ...g(z),
        ...g(lg[0]!),
        ...g(w2),
        ...g(lg[2]!),
        ...g(w2),
        ...g(lg[4]!),
        ...g(w2),
        ...g(lg[6]!),
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...g(w2),
        ...g(lg[1]!),
        ...g(w2),
        ...g(lg[3]!),
        ...g(w2),
        ...g(lg[5]!),
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.set(r),
        // log = k ln2_hi − ((hfsq − (s (hfsq + R) + k ln2_lo)) − f), hfsq = f² / 2
        ...g(half),
        ...g(f),
        ...op.f64x2Mul,
        ...g(f),
        ...op.f64x2Mul,
        ...op.set(hfsq),
        ...g(k),
        ...g(ln2Hi),
        ...op.f64x2Mul,
        ...g(hfsq),
        ...g(t),
        ...g(hfsq),
        ...g(r),
        ...op.f64x2Add,
        ...op.f64x2Mul,
        ...g(k),
        ...g(ln2Lo),
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.f64x2Sub,
        ...g(f),
        ...op.f64x2Sub,
        ...op.f64x2Sub,
        // total += w log
        ...g(w),
        ...op.v128Load(),
        ...op.f64x2Mul,
        ...g(total),
        ...op.f64x2Add,
        ...op.set(total),
      ]),
      ...g(total),
      ...op.f64x2Lane(0),
      ...g(total),
      ...op.f64x2Lane(1),
      ...op.f64Add,
    ],
  };
}

// Parameter indices of the kernels below: pointers first, then n, then scalars.
const KERNELS: Kernel[] = [
  logisticUpdate(),
  binomialLogLikelihood(),
  // dot(a, b, n) = Σ a_i b_i
  reduction('dot', [0, 1], 2, (o) => [...op.get(0), ...op.v128Load(o), ...op.get(1), ...op.v128Load(o), ...op.f64x2Mul], [
    ...op.get(0),
    ...op.f64Load(),
    ...op.get(1),
    ...op.f64Load(),
    ...op.f64Mul,
  ]),
  // weightedSquares(v, x, n) = Σ v_i x_i²
  reduction(
    'weightedSquares',
    [0, 1],
    2,
    (o) => [...op.get(0), ...op.v128Load(o), ...op.get(1), ...op.v128Load(o), ...op.f64x2Mul, ...op.get(1), ...op.v128Load(o), ...op.f64x2Mul],
    [...op.get(0), ...op.f64Load(), ...op.get(1), ...op.f64Load(), ...op.f64Mul, ...op.get(1), ...op.f64Load(), ...op.f64Mul],
  ),
  // sum(a, n) = Σ a_i
  reduction('sum', [0], 1, (o) => [...op.get(0), ...op.v128Load(o)], [...op.get(0), ...op.f64Load()]),
  // subtractWeighted(r, v, x, n, d): r_i ← r_i − d v_i x_i
  update(
    'subtractWeighted',
    [0, 1, 2],
    3,
    [4],
    (splat) => [...op.get(0), ...op.v128Load(), ...op.get(splat(4)), ...op.get(1), ...op.v128Load(), ...op.f64x2Mul, ...op.get(2), ...op.v128Load(), ...op.f64x2Mul, ...op.f64x2Sub],
    [...op.get(0), ...op.f64Load(), ...op.get(4), ...op.get(1), ...op.f64Load(), ...op.f64Mul, ...op.get(2), ...op.f64Load(), ...op.f64Mul, ...op.f64Sub],
  ),
  // subtractScaled(r, v, n, d): r_i ← r_i − d v_i
  update(
    'subtractScaled',
    [0, 1],
    2,
    [3],
    (splat) => [...op.get(0), ...op.v128Load(), ...op.get(splat(3)), ...op.get(1), ...op.v128Load(), ...op.f64x2Mul, ...op.f64x2Sub],
    [...op.get(0), ...op.f64Load(), ...op.get(3), ...op.get(1), ...op.f64Load(), ...op.f64Mul, ...op.f64Sub],
  ),
  // addScaled(eta, x, n, b): eta_i ← eta_i + b x_i
  update(
    'addScaled',
    [0, 1],
    2,
    [3],
    (splat) => [...op.get(0), ...op.v128Load(), ...op.get(splat(3)), ...op.get(1), ...op.v128Load(), ...op.f64x2Mul, ...op.f64x2Add],
    [...op.get(0), ...op.f64Load(), ...op.get(3), ...op.get(1), ...op.f64Load(), ...op.f64Mul, ...op.f64Add],
  ),
];

const MODULE = compileModule(assemble(KERNELS));

interface Exports {
  dot(a: number, b: number, n: number): number;
  weightedSquares(v: number, x: number, n: number): number;
  sum(a: number, n: number): number;
  subtractWeighted(r: number, v: number, x: number, n: number, d: number): void;
  subtractScaled(r: number, v: number, n: number, d: number): void;
  addScaled(eta: number, x: number, n: number, b: number): void;
  logisticUpdate(eta: number, w: number, y: number, q: number, v: number, r: number, n: number, limit: number): number;
  binomialLogLikelihood(q: number, w: number, y: number, n: number, pmin: number): number;
}

/**
 * One fit's memory: every vector the kernels touch is allocated here (16-byte aligned), up
 * to the capacity given at creation (the memory never grows, so views stay valid).
 */
export class KernelWorkspace {
  private readonly memory: WasmMemory;
  private readonly kernels: Exports;
  private next = 0;

  constructor(doubles: number) {
    const bytes = doubles * 8 + 16 * 64;
    const pages = Math.ceil(bytes / PAGE_BYTES);
    if (pages > MAX_PAGES) throw new Error('GLMNET: the data are too large for the solver (more than 4 GB of working memory).');
    this.memory = fixedMemory(pages);
    this.kernels = instantiate<Exports>(MODULE, this.memory);
  }

  /** A zeroed vector of `length` doubles in this workspace. */
  vector(length: number): Float64Array {
    const offset = this.next;
    this.next += Math.ceil((length * 8) / 16) * 16;
    if (this.next > this.memory.buffer.byteLength) throw new Error('GLMNET: solver workspace exhausted.');
    return new Float64Array(this.memory.buffer, offset, length);
  }

  /** A workspace copy of `values`. */
  copy(values: Float64Array): Float64Array {
    const out = this.vector(values.length);
    out.set(values);
    return out;
  }

  dot(a: Float64Array, b: Float64Array): number {
    return this.kernels.dot(a.byteOffset, b.byteOffset, a.length);
  }

  /** Σ v_i x_i². */
  weightedSquares(v: Float64Array, x: Float64Array): number {
    return this.kernels.weightedSquares(v.byteOffset, x.byteOffset, v.length);
  }

  sum(a: Float64Array): number {
    return this.kernels.sum(a.byteOffset, a.length);
  }

  /** r ← r − d · v ⊙ x. */
  subtractWeighted(r: Float64Array, d: number, v: Float64Array, x: Float64Array): void {
    this.kernels.subtractWeighted(r.byteOffset, v.byteOffset, x.byteOffset, r.length, d);
  }

  /** r ← r − d · v. */
  subtractScaled(r: Float64Array, d: number, v: Float64Array): void {
    this.kernels.subtractScaled(r.byteOffset, v.byteOffset, r.length, d);
  }

  /**
   * The logistic update from linear predictors `eta`: probabilities q (0 / 1 beyond ±`limit`),
   * working weights v = w q (1 − q), residuals r = w (y − q); returns Σ v.
   */
  logisticUpdate(eta: Float64Array, w: Float64Array, y: Float64Array, q: Float64Array, v: Float64Array, r: Float64Array, limit: number): number {
    return this.kernels.logisticUpdate(eta.byteOffset, w.byteOffset, y.byteOffset, q.byteOffset, v.byteOffset, r.byteOffset, eta.length, limit);
  }

  /** Σ w log(p̃), p̃ = clamp(q) where y = 1, else 1 − clamp(q); clamp to [pmin, 1 − pmin]; y must be 0 or 1. */
  binomialLogLikelihood(q: Float64Array, w: Float64Array, y: Float64Array, pmin: number): number {
    return this.kernels.binomialLogLikelihood(q.byteOffset, w.byteOffset, y.byteOffset, q.length, pmin);
  }

  /** eta ← eta + b · x. */
  addScaled(eta: Float64Array, b: number, x: Float64Array): void {
    this.kernels.addScaled(eta.byteOffset, x.byteOffset, eta.length, b);
  }
}
