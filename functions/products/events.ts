import { defineEvent } from '../../shared/events/define.js';
import { instantField } from '../../shared/events/fields.js';
import { productFields } from './domain/product.js';

/**
 * Events of the products capability. A product is public, non-personal data: the event carries
 * it whole (docs/domain-rules.md §19.1).
 */
export const PRODUCTS_SOURCE = 'crm.products';

/**
 * A product was created or changed: the whole product as saved (`version`), so a consumer can
 * mirror the catalogue keeping the highest version per product.
 */
export const ProductChanged = defineEvent(
  PRODUCTS_SOURCE,
  'ProductChanged',
  { ...productFields, at: instantField },
  'A product of the catalogue was created or changed (`version`, 1 on creation): the whole product as saved, public data with no personal information. Mirror it keeping the highest version per product: deliveries may repeat or arrive out of order.',
);

/** Every event the products capability publishes. */
export const productsEvents = [ProductChanged] as const;
