import type { Actor } from '../../../shared/http/caller.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { ProductStore } from '../store/product-store.js';

/** What the products capability's use cases need. */
export interface ProductsDeps {
  /** The catalogue: versions, audit, outbox. */
  readonly store: ProductStore;
  readonly clock: Clock;
}

/** Who is changing the catalogue, for the audit trail (an admin). */
export type ProductActor = Actor;
