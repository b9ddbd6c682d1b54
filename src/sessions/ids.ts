/** Server ids (§4.1): `<prefix>-<16 lowercase hex>`, random so they are unique and unguessable. */
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'conn' | 'sess' | 'data' | 'upload' | 'job';

export function newId(prefix: IdPrefix): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}
