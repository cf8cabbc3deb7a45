// The one seam between dispatching and disclosure control: before a product goes to an external agency, the
// release preparer returns the id of the product version that may leave the center (the disclosure pass of
// src/distribution/disclosure builds it). The dispatch service receives a ReleasePreparer and calls nothing else.
//
// `releasePreparer` below is the one the application uses (routes, demo, command line): the disclosure pass. Tests
// may inject another (`asIsRelease` refuses an internal product and sends any other as it is). The dispatch service
// calls it outside its own transactions, with the base database handle, so that the preparer may open transactions
// of its own.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DistributionError } from './errors.ts';
import { prepareForRelease } from './disclosure/index.ts';

export interface ReleaseOptions {
  audience: 'restricted' | 'public';
  agencyId?: number;
}

/** Same signature as `prepareForRelease` of src/distribution/disclosure/index.ts. */
export type ReleasePreparer = (db: Kysely<Database>, productId: number, opts: ReleaseOptions) => Promise<number>;

export const asIsRelease: ReleasePreparer = async (db, productId) => {
  const product = await db.selectFrom('products').select(['id', 'classification']).where('id', '=', productId).executeTakeFirst();
  if (!product) throw new DistributionError('producto_no_encontrado', 'No existe ese producto.', 404);
  if (product.classification === 'internal') {
    throw new DistributionError('producto_interno', 'El producto está clasificado como de uso interno: no puede salir del centro.', 409);
  }
  return Number(product.id);
};

/** The preparer the application uses: the versión reservada or pública that the disclosure pass builds. */
export const releasePreparer: ReleasePreparer = (db, productId, opts) => prepareForRelease(db, productId, opts);
