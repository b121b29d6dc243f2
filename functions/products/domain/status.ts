import type { ProductStatus } from '../events.js';

/**
 * The product lifecycle (docs/domain-rules.md §19.1): a draft goes on sale (or is dropped,
 * withdrawn, without ever being sold); a product on sale may be suspended and put back on sale;
 * a product on sale or suspended may be withdrawn. Withdrawn is final.
 */
const NEXT: Readonly<Record<ProductStatus, readonly ProductStatus[]>> = {
  draft: ['on-sale', 'withdrawn'],
  'on-sale': ['suspended', 'withdrawn'],
  suspended: ['on-sale', 'withdrawn'],
  withdrawn: [],
};

/**
 * Whether a product may go from `from` to `to`. Staying where it is is not a transition (a patch
 * that repeats the status changes nothing).
 * @example canTransition('draft', 'on-sale') // true
 * @example canTransition('withdrawn', 'on-sale') // false
 */
export function canTransition(from: ProductStatus, to: ProductStatus): boolean {
  return NEXT[from].includes(to);
}
