import type { AnnouncedProduct as Product } from '../../../functions/products/events.js';
import type { SuitabilityCustomer } from '../../../functions/recommendations/domain/suitability.js';

/**
 * Builders for the suitability and ranking tests. The defaults pass every rule: an active,
 * unrestricted individual assessed C3 two months ago who stated nothing else, and an on-sale R2
 * deposit open to everyone without a window, term or minimum.
 */

/** Friday 4 December 2026, 10:00 in Shanghai. */
export const NOW = '2026-12-04T02:00:00.000Z';

/** The instant `cst` (`YYYY-MM-DDTHH:MM[:SS.mmm]`, China Standard Time) in UTC. */
export function cst(local: string): string {
  return new Date(`${local}+08:00`).toISOString();
}

export function customerWith(overrides: Partial<SuitabilityCustomer> = {}): SuitabilityCustomer {
  return {
    customerType: 'individual',
    riskTolerance: 'C3',
    riskAssessedAt: cst('2026-10-01T09:30'),
    senior: false,
    restricted: false,
    relationship: 'active',
    declinedAt: {},
    ...overrides,
  };
}

export function productWith(overrides: Partial<Product> = {}): Product {
  return {
    productId: 'prd-deposit-1',
    productName: '定期存款',
    category: 'deposit',
    riskLevel: 'R2',
    minimumAmount: { amount: 0, currency: 'CNY' },
    customerTypes: ['individual', 'corporate'],
    status: 'on-sale',
    version: 1,
    ...overrides,
  };
}
