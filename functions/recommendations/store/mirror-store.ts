import type { AnnouncedProduct } from '../../products/events.js';
import type { MirrorRecord } from '../domain/facts-mirror.js';

/** What the consumer writes: the customer facts mirror and the catalogue mirror. */
export interface MirrorStore {
  facts(customerId: string): Promise<MirrorRecord | undefined>;
  /**
   * Writes `facts` if the stored revision is still `expectedRevision` (0: none stored); false
   * when another write came first (read and apply again). An erased customer's answers are
   * deleted in the same transaction.
   */
  putFacts(facts: MirrorRecord, expectedRevision: number): Promise<boolean>;
  /** Keeps `product` unless the same or a later version is kept already (then false). */
  putProduct(product: AnnouncedProduct): Promise<boolean>;
}
