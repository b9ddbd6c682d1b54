/**
 * libsvm's SMO solver (svm.cpp `Solver`; Fan, Chen & Lin, JMLR 2005): second-order
 * working-set selection (WSS2), shrinking with gradient reconstruction, and libsvm's bound
 * handling, so the same problem reaches the same solution. Solves
 *
 *   min ½ αᵀQα + pᵀα  subject to  yᵀα = Δ,  0 ≤ α_i ≤ (y_i = +1 ? Cp : Cn).
 *
 * The loop awaits the run's checkpoint every few milliseconds.
 */
import { swapFloat64, swapInt32, swapInt8, swapUint8, type QMatrix } from './q-matrix.js';

const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;
const CHECKPOINT_MS = 10;

export interface SolverProblem {
  Q: QMatrix;
  p: Float64Array;
  y: Int8Array;
  /** Initial feasible α; overwritten with the solution. */
  alpha: Float64Array;
  Cp: number;
  Cn: number;
  /** Stopping tolerance on the maximal violating pair (libsvm `eps`, e1071 `tolerance`). */
  eps: number;
  shrinking: boolean;
}

export interface SolverResult {
  rho: number;
  objective: number;
  iterations: number;
}

export async function solveSmo(problem: SolverProblem, checkpoint: () => Promise<void>): Promise<SolverResult> {
  const solver = new Solver(problem);
  return solver.solve(checkpoint);
}

class Solver {
  private readonly l: number;
  private readonly Q: QMatrix;
  private readonly QD: Float64Array;
  private readonly p: Float64Array;
  private readonly y: Int8Array;
  private readonly alpha: Float64Array;
  private readonly status: Uint8Array;
  private readonly G: Float64Array;
  private readonly Gbar: Float64Array;
  private readonly activeSet: Int32Array;
  private activeSize: number;
  private unshrink = false;
  private readonly Cp: number;
  private readonly Cn: number;
  private readonly eps: number;
  private readonly shrinking: boolean;
  private readonly output: Float64Array;

  constructor(problem: SolverProblem) {
    const l = problem.alpha.length;
    this.l = l;
    this.Q = problem.Q;
    this.QD = problem.Q.QD;
    this.p = Float64Array.from(problem.p);
    this.y = Int8Array.from(problem.y);
    this.alpha = Float64Array.from(problem.alpha);
    this.output = problem.alpha;
    this.Cp = problem.Cp;
    this.Cn = problem.Cn;
    this.eps = problem.eps;
    this.shrinking = problem.shrinking;
    this.status = new Uint8Array(l);
    for (let i = 0; i < l; i++) this.updateStatus(i);
    this.activeSet = Int32Array.from({ length: l }, (_, i) => i);
    this.activeSize = l;
    this.G = Float64Array.from(this.p);
    this.Gbar = new Float64Array(l);
    for (let i = 0; i < l; i++) {
      if (this.status[i] === LOWER) continue;
      const Qi = this.Q.getQ(i, l);
      const ai = this.alpha[i]!;
      for (let j = 0; j < l; j++) this.G[j] += ai * Qi[j]!;
      if (this.status[i] === UPPER) {
        const Ci = this.C(i);
        for (let j = 0; j < l; j++) this.Gbar[j] += Ci * Qi[j]!;
      }
    }
  }

  private C(i: number): number {
    return this.y[i]! > 0 ? this.Cp : this.Cn;
  }

  private updateStatus(i: number): void {
    const a = this.alpha[i]!;
    this.status[i] = a >= this.C(i) ? UPPER : a <= 0 ? LOWER : FREE;
  }

  async solve(checkpoint: () => Promise<void>): Promise<SolverResult> {
    const l = this.l;
    const { G, Gbar, alpha, y, QD, status } = this;
    const maxIterations = Math.max(10_000_000, l > 21_474_836 ? 2_147_483_647 : 100 * l);
    let counter = Math.min(l, 1000) + 1;
    let iterations = 0;
    // The first check comes at once, so a cancelled run stops before any work.
    let lastYield = -Infinity;
    const pair = new Int32Array(2);

    while (iterations < maxIterations) {
      if (--counter === 0) {
        counter = Math.min(l, 1000);
        if (this.shrinking) this.doShrinking();
      }
      if ((iterations & 63) === 0 && performance.now() - lastYield > CHECKPOINT_MS) {
        await checkpoint();
        lastYield = performance.now();
      }
      if (this.selectWorkingSet(pair)) {
        this.reconstructGradient();
        this.activeSize = l;
        if (this.selectWorkingSet(pair)) break;
        counter = 1;
      }
      iterations++;
      const i = pair[0]!;
      const j = pair[1]!;
      const activeSize = this.activeSize;
      let Qi = this.Q.getQ(i, activeSize);
      let Qj = this.Q.getQ(j, activeSize);
      const Ci = this.C(i);
      const Cj = this.C(j);
      const oldAi = alpha[i]!;
      const oldAj = alpha[j]!;

      if (y[i] !== y[j]) {
        let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
        if (quad <= 0) quad = TAU;
        const delta = (-G[i]! - G[j]!) / quad;
        const diff = alpha[i]! - alpha[j]!;
        alpha[i] = alpha[i]! + delta;
        alpha[j] = alpha[j]! + delta;
        if (diff > 0) {
          if (alpha[j]! < 0) {
            alpha[j] = 0;
            alpha[i] = diff;
          }
        } else if (alpha[i]! < 0) {
          alpha[i] = 0;
          alpha[j] = -diff;
        }
        if (diff > Ci - Cj) {
          if (alpha[i]! > Ci) {
            alpha[i] = Ci;
            alpha[j] = Ci - diff;
          }
        } else if (alpha[j]! > Cj) {
          alpha[j] = Cj;
          alpha[i] = Cj + diff;
        }
      } else {
        let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
        if (quad <= 0) quad = TAU;
        const delta = (G[i]! - G[j]!) / quad;
        const sum = alpha[i]! + alpha[j]!;
        alpha[i] = alpha[i]! - delta;
        alpha[j] = alpha[j]! + delta;
        if (sum > Ci) {
          if (alpha[i]! > Ci) {
            alpha[i] = Ci;
            alpha[j] = sum - Ci;
          }
        } else if (alpha[j]! < 0) {
          alpha[j] = 0;
          alpha[i] = sum;
        }
        if (sum > Cj) {
          if (alpha[j]! > Cj) {
            alpha[j] = Cj;
            alpha[i] = sum - Cj;
          }
        } else if (alpha[i]! < 0) {
          alpha[i] = 0;
          alpha[j] = sum;
        }
      }

      const dAi = alpha[i]! - oldAi;
      const dAj = alpha[j]! - oldAj;
      for (let k = 0; k < activeSize; k++) G[k] += Qi[k]! * dAi + Qj[k]! * dAj;

      const wasUpperI = status[i] === UPPER;
      const wasUpperJ = status[j] === UPPER;
      this.updateStatus(i);
      this.updateStatus(j);
      if (wasUpperI !== (status[i] === UPPER)) {
        Qi = this.Q.getQ(i, l);
        // libsvm's `Gbar -= C·Q` / `Gbar += C·Q`; negating C is exact.
        const step = wasUpperI ? -Ci : Ci;
        for (let k = 0; k < l; k++) Gbar[k] += step * Qi[k]!;
      }
      if (wasUpperJ !== (status[j] === UPPER)) {
        Qj = this.Q.getQ(j, l);
        const step = wasUpperJ ? -Cj : Cj;
        for (let k = 0; k < l; k++) Gbar[k] += step * Qj[k]!;
      }
    }

    if (iterations >= maxIterations && this.activeSize < l) {
      this.reconstructGradient();
      this.activeSize = l;
    }
    const rho = this.calculateRho();
    let objective = 0;
    for (let i = 0; i < l; i++) objective += alpha[i]! * (G[i]! + this.p[i]!);
    for (let i = 0; i < l; i++) this.output[this.activeSet[i]!] = alpha[i]!;
    return { rho, objective: objective / 2, iterations };
  }

  /** WSS2: true when optimal (no violating pair), else the pair in `out`. */
  private selectWorkingSet(out: Int32Array): boolean {
    const { G, y, QD, status } = this;
    const activeSize = this.activeSize;
    let Gmax = -Infinity;
    let Gmax2 = -Infinity;
    let GmaxIdx = -1;
    let GminIdx = -1;
    let objDiffMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t]! >= Gmax) {
          Gmax = -G[t]!;
          GmaxIdx = t;
        }
      } else if (status[t] !== LOWER && G[t]! >= Gmax) {
        Gmax = G[t]!;
        GmaxIdx = t;
      }
    }
    const i = GmaxIdx;
    const Qi = i !== -1 ? this.Q.getQ(i, activeSize) : null;
    const yi = i !== -1 ? y[i]! : 0;
    const QDi = i !== -1 ? QD[i]! : 0;
    for (let j = 0; j < activeSize; j++) {
      if (y[j] === 1) {
        if (status[j] !== LOWER) {
          const gradDiff = Gmax + G[j]!;
          if (G[j]! >= Gmax2) Gmax2 = G[j]!;
          if (gradDiff > 0) {
            const quad = QDi + QD[j]! - 2 * yi * Qi![j]!;
            const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      } else if (status[j] !== UPPER) {
        const gradDiff = Gmax - G[j]!;
        if (-G[j]! >= Gmax2) Gmax2 = -G[j]!;
        if (gradDiff > 0) {
          const quad = QDi + QD[j]! + 2 * yi * Qi![j]!;
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            GminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (Gmax + Gmax2 < this.eps || GminIdx === -1) return true;
    out[0] = GmaxIdx;
    out[1] = GminIdx;
    return false;
  }

  private reconstructGradient(): void {
    const l = this.l;
    const activeSize = this.activeSize;
    if (activeSize === l) return;
    const { G, Gbar, p, alpha, status } = this;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! + p[j]!;
    let nFree = 0;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nFree++;
    if (nFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = this.Q.getQ(i, activeSize);
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) G[i] += alpha[j]! * Qi[j]!;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = this.Q.getQ(i, l);
        const ai = alpha[i]!;
        for (let j = activeSize; j < l; j++) G[j] += ai * Qi[j]!;
      }
    }
  }

  private beShrunk(i: number, Gmax1: number, Gmax2: number): boolean {
    const s = this.status[i];
    if (s === UPPER) return this.y[i] === 1 ? -this.G[i]! > Gmax1 : -this.G[i]! > Gmax2;
    if (s === LOWER) return this.y[i] === 1 ? this.G[i]! > Gmax2 : this.G[i]! > Gmax1;
    return false;
  }

  private doShrinking(): void {
    const { G, y, status } = this;
    let Gmax1 = -Infinity;
    let Gmax2 = -Infinity;
    for (let i = 0; i < this.activeSize; i++) {
      if (y[i] === 1) {
        if (status[i] !== UPPER && -G[i]! >= Gmax1) Gmax1 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax2) Gmax2 = G[i]!;
      } else {
        if (status[i] !== UPPER && -G[i]! >= Gmax2) Gmax2 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax1) Gmax1 = G[i]!;
      }
    }
    if (!this.unshrink && Gmax1 + Gmax2 <= this.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = this.l;
    }
    for (let i = 0; i < this.activeSize; i++) {
      if (!this.beShrunk(i, Gmax1, Gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > i) {
        if (!this.beShrunk(this.activeSize, Gmax1, Gmax2)) {
          this.swapIndex(i, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
  }

  private swapIndex(i: number, j: number): void {
    this.Q.swapIndex(i, j);
    swapInt8(this.y, i, j);
    swapFloat64(this.G, i, j);
    swapUint8(this.status, i, j);
    swapFloat64(this.alpha, i, j);
    swapFloat64(this.p, i, j);
    swapInt32(this.activeSet, i, j);
    swapFloat64(this.Gbar, i, j);
  }

  private calculateRho(): number {
    const { G, y, status } = this;
    let nFree = 0;
    let ub = Infinity;
    let lb = -Infinity;
    let sumFree = 0;
    for (let i = 0; i < this.activeSize; i++) {
      const yG = y[i]! * G[i]!;
      if (status[i] === UPPER) {
        if (y[i] === -1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else if (status[i] === LOWER) {
        if (y[i] === 1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else {
        nFree++;
        sumFree += yG;
      }
    }
    return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  }
}
