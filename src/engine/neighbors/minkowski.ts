/**
 * Minkowski distances of power p: (Σ |a_t − b_t|^p)^(1/p). Searches compare the "reduced"
 * distance Σ |a_t − b_t|^p (no root), which orders points the same way and is cheaper; p = 1
 * and p = 2 get their own loops. Any p > 0 is allowed (p < 1 is not a metric, but nearest
 * neighbours under it are still well defined and the node bounds remain valid).
 */

export type PowerMode = 1 | 2 | 0;

export function checkPower(p: number): void {
  if (!(p > 0) || !Number.isFinite(p)) throw new RangeError(`The Minkowski power p must be a finite number > 0; got ${p}.`);
}

/** 1 and 2 have specialised loops; 0 stands for any other power. */
export function powerMode(p: number): PowerMode {
  return p === 2 ? 2 : p === 1 ? 1 : 0;
}

export function reducedToDistance(reduced: number, p: number): number {
  return p === 2 ? Math.sqrt(reduced) : p === 1 ? reduced : reduced ** (1 / p);
}

export function distanceToReduced(distance: number, p: number): number {
  return p === 2 ? distance * distance : p === 1 ? distance : distance ** p;
}

