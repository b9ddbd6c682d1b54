/** Node-kind colours of the execution timeline (protocol Appendix A.4, §6.8.8). */

/** The fixed map, in wire key order (`ready.kind_colors`). */
export const KIND_COLORS: Readonly<Record<string, string>> = Object.freeze({
  train: '#808080',
  worker_pool: '#526551',
  outer_fold: '#BE2E5F',
  outer_resampling: '#BE2E5F',
  tune: '#F384FF',
  grid_cell: '#F9C1FF',
  preprocess: '#526551',
  decompose: '#0F6A66',
  train_alg: '#6CA3A0',
  predict: '#466D96',
  varimp: '#B3CFE8',
  metrics: '#F08904',
});

/** Colours for kinds not in the fixed map, assigned in order of appearance and recycled. */
export const FALLBACK_PALETTE: readonly string[] = [
  '#6CA3A0',
  '#FDB808',
  '#F08904',
  '#BE2E5F',
  '#0F6A66',
  '#526551',
  '#B3CFE8',
  '#466D96',
  '#375D86',
  '#EA384A',
  '#B1A7B3',
  '#F384FF',
  '#7364F2',
  '#7D0830',
  '#895140',
];

/** The `session` slice's `colors`: each distinct kind, in first-appearance order. */
export function colorsForKinds(kinds: readonly string[]): Record<string, string> {
  const colors: Record<string, string> = {};
  let unknownCount = 0;
  for (const kind of kinds) {
    if (Object.hasOwn(colors, kind)) continue;
    if (Object.hasOwn(KIND_COLORS, kind)) {
      colors[kind] = KIND_COLORS[kind] as string;
    } else {
      colors[kind] = FALLBACK_PALETTE[unknownCount % FALLBACK_PALETTE.length] as string;
      unknownCount += 1;
    }
  }
  return colors;
}
