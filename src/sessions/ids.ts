/** Server ids (§4.1): `<prefix>-<16 lowercase hex>`, random so they are unique and unguessable. */
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'conn' | 'sess' | 'data' | 'upload' | 'job';

export function newId(prefix: IdPrefix): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}

/** A new id that `inUse` does not know, so a fresh id never collides with a restored one. */
export function uniqueId(prefix: IdPrefix, inUse: (id: string) => boolean, generate: (prefix: IdPrefix) => string = newId): string {
  for (;;) {
    const id = generate(prefix);
    if (!inUse(id)) return id;
  }
}
