import { readItem } from '../../../shared/dynamodb/items.js';
import { HOLDING_ACTIONS } from '../../../shared/events/external.js';
import * as z from '../../../shared/zod.js';
import { CUSTOMER_TYPES, RESTRICTION_REASONS, suitabilityFactsField } from '../../customers/events.js';
import {
  type AnnouncedProduct,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  type ProductCategory,
  productFields,
} from '../../products/events.js';
import type { MirrorRecord } from '../domain/facts-mirror.js';
import { MIRRORED_DIMENSIONS } from '../domain/facts-mirror.js';
import { AFFINITY_REASONS } from '../domain/ranking-reasons.js';
import { SATISFIED_RULES, SENIOR_CONFIRMATION_REASONS } from '../domain/suitability.js';
import { RECOMMENDATION_CHANNELS, RECOMMENDATION_RESPONSES } from '../events.js';
import type { CategoryAnswer, RecommendationRecord } from '../service/ports.js';
import {
  answersKey,
  factsKey,
  PRODUCT_ENTITY,
  productKey,
  productListKey,
  recommendationKey,
} from './keys.js';

/**
 * The items of the Recommendations table both ways: what the store writes, and the zod schemas
 * every item is read back through (`readItem`, never a cast). Loose objects: keys and index
 * attributes are storage, not part of the record. Undefined attributes are dropped by the
 * document client (shared/dynamodb/client.ts).
 */

const text = z.string();
const optionalText = z.optional(text);
const count = z.number().check(z.int(), z.nonnegative());

const factsSchema = z.object({
  customerId: text,
  customerType: z.optional(z.enum(CUSTOMER_TYPES)),
  branch: optionalText,
  rmId: optionalText,
  relationship: z.enum(['active', 'closed']),
  profileVersion: count,
  suitability: z.optional(suitabilityFactsField),
  restrictions: z.partialRecord(z.enum(RESTRICTION_REASONS), z.object({ active: z.boolean(), at: text })),
  segments: z.partialRecord(z.enum(MIRRORED_DIMENSIONS), z.object({ value: text, at: text })),
  holdings: z.array(
    z.object({
      productId: text,
      riskLevel: z.enum(PRODUCT_RISK_LEVELS),
      action: z.enum(HOLDING_ACTIONS),
      at: text,
    }),
  ),
  erased: z.boolean(),
  erasedAt: optionalText,
  revision: count,
});

/** The FACTS item (the consumer writes it whole, under its revision). */
export const factsItem = (facts: MirrorRecord): Record<string, unknown> => ({
  ...factsKey(facts.customerId),
  ...facts,
});

export const factsFromItem = (item: unknown): MirrorRecord => readItem(factsSchema, item, 'customer facts');

const answerSchema = z.object({ response: z.enum(['declined', 'not-interested']), at: text });
const answersSchema = z.partialRecord(z.enum(PRODUCT_CATEGORIES), answerSchema);

/** The ANSWERS item: one attribute per category (so one answer is one `SET`). */
export function answersFromItem(
  item: Record<string, unknown>,
): Partial<Record<ProductCategory, CategoryAnswer>> {
  const categories = Object.fromEntries(
    PRODUCT_CATEGORIES.flatMap((category) => (category in item ? [[category, item[category]]] : [])),
  );
  return readItem(answersSchema, categories, 'customer answers');
}

export const answersPartitionItem = (customerId: string) => ({ ...answersKey(customerId), customerId });

const productSchema = z.object(productFields);

/** The catalogue mirror's item: the product as announced, listed on byEntity. */
export const productItem = (product: AnnouncedProduct): Record<string, unknown> => ({
  ...productKey(product.productId),
  entityType: PRODUCT_ENTITY,
  listKey: productListKey(product.productId),
  ...product,
});

export const productFromItem = (item: unknown): AnnouncedProduct => readItem(productSchema, item, 'product');

const recommendationSchema = z.object({
  recommendationId: text,
  customerId: text,
  branch: text,
  rmId: text,
  productId: text,
  productVersion: count,
  category: z.enum(PRODUCT_CATEGORIES),
  riskLevel: z.enum(PRODUCT_RISK_LEVELS),
  channel: z.enum(RECOMMENDATION_CHANNELS),
  score: z.number(),
  reasons: z.array(z.enum(AFFINITY_REASONS)),
  satisfied: z.array(z.enum(SATISFIED_RULES)),
  ruleVersion: text,
  seniorConfirmation: z.optional(
    z.object({ confirmedBy: text, confirmedAt: text, reason: z.enum(SENIOR_CONFIRMATION_REASONS) }),
  ),
  madeBy: text,
  madeAt: text,
  caseId: optionalText,
  contactRequestId: optionalText,
  response: z.optional(z.enum(RECOMMENDATION_RESPONSES)),
  respondedAt: optionalText,
  respondedBy: optionalText,
});

export const recommendationItem = (recommendation: RecommendationRecord): Record<string, unknown> => ({
  ...recommendationKey(recommendation.recommendationId),
  ...recommendation,
});

export const recommendationFromItem = (item: unknown): RecommendationRecord =>
  readItem(recommendationSchema, item, 'recommendation');
