import { defineCapability } from '../../shared/capability/define.js';
import { ProductHoldingChanged } from '../../shared/events/external.js';
import { CustomerSegmentChanged } from '../activity/events.js';
import {
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
  CustomerRestricted,
  CustomerRestrictionLifted,
} from '../customers/events.js';
import { ProductChanged } from '../products/events.js';
import { RetentionOfferRequested } from '../retention/events.js';
import { recommendationsRoutes } from './api/routes.js';
import { recommendationsSettingSpecs } from './domain/settings.js';
import { recommendationsEvents } from './events.js';
import { recommendationsPolicy } from './policy.js';

/**
 * Suitable recommendations (docs/domain-rules.md §19): for one customer, the catalogue's products
 * that pass the suitability rules, ranked and explained, and the excluded ones with their reason
 * codes; recommendations recorded (refused when unsuitable, whoever asks), answered, sent through
 * the engagement contact path as marketing, and measured; a retention case's offer request
 * answered with the best-ranked suitable product. It keeps C1 facts only, mirrored from the
 * customers, activity, core-banking and products events.
 */
export const recommendationsCapability = defineCapability({
  name: 'recommendations',
  summary:
    'Suitable recommendations: the products a customer may be offered under the suitability rules (risk level against the assessed tolerance, a valid assessment, term and amount, sale status, customer type and grade, restrictions, credit grade for loans, RM confirmation for seniors above R2, declined categories), ranked with their reasons and the excluded ones with their reason codes; recommendations recorded with the rule version, answered, sent through the contact path as marketing, and measured; the offer a retention case asks for (the best-ranked suitable product, recorded for the RM to present, or word that none is suitable).',
  tables: [
    {
      // Single-table design: the customer facts and catalogue mirrors, recommendations and their
      // answers, KPI counters, idempotency and the outbox. See store/keys.ts.
      id: 'Recommendations',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        // Every product of the catalogue mirror (the candidates of a customer's recommendations).
        {
          indexName: 'byEntity',
          partitionKey: { name: 'entityType', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
      ],
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'RECOMMENDATIONS_TABLE',
    },
  ],
  functions: [
    {
      id: 'RecommendationsApi',
      entry: 'functions/recommendations/handlers/api.ts',
      memoryMb: 1024,
      timeoutSeconds: 10,
      tables: [{ table: 'Recommendations', access: 'readWrite' }],
    },
    {
      id: 'RecommendationsConsumer',
      entry: 'functions/recommendations/handlers/consumer.ts',
      memoryMb: 512,
      timeoutSeconds: 60,
      tables: [{ table: 'Recommendations', access: 'readWrite' }],
    },
  ],
  api: { functionId: 'RecommendationsApi', routes: Object.values(recommendationsRoutes) },
  publishes: recommendationsEvents,
  subscriptions: [
    {
      id: 'RecommendationCustomerFacts',
      description:
        "Customers' type, scope, relationship, suitability facts (risk assessment, senior), restrictions and erasure: what suitability decides on.",
      events: [
        CustomerRegistered,
        CustomerProfileChanged,
        CustomerRestricted,
        CustomerRestrictionLifted,
        CustomerErased,
      ],
      target: { kind: 'function', functionId: 'RecommendationsConsumer' },
    },
    {
      id: 'RecommendationSegments',
      description:
        "Customers' composite grade (a product's minimum grade), credit grade (loans), asset tier and lifecycle stage (ranking).",
      events: [CustomerSegmentChanged],
      detailFilter: { dimension: ['compositeGrade', 'creditGrade', 'assetTier', 'lifecycleStage'] },
      target: { kind: 'function', functionId: 'RecommendationsConsumer' },
    },
    {
      id: 'RecommendationHoldings',
      description:
        "Customers' product holdings from core banking (held and matured categories, for ranking).",
      events: [ProductHoldingChanged],
      target: { kind: 'function', functionId: 'RecommendationsConsumer' },
    },
    {
      id: 'RecommendationCatalogue',
      description: 'The product catalogue, mirrored whole from its changes.',
      events: [ProductChanged],
      target: { kind: 'function', functionId: 'RecommendationsConsumer' },
    },
    {
      id: 'RecommendationRetentionOffers',
      description:
        "A retention case's request for an offer: the best-ranked suitable product recorded for the RM to present, or word that none is suitable.",
      events: [RetentionOfferRequested],
      target: { kind: 'function', functionId: 'RecommendationsConsumer' },
    },
  ],
  policy: recommendationsPolicy,
  settings: recommendationsSettingSpecs(['RecommendationsApi', 'RecommendationsConsumer']),
});
