/** The reference lists every id-keyed collection sorted by id string (§3.0.1). */
export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
