import type { CapabilityDefinition } from '../shared/capability/types.js';
import { catalogueOf, type EventCatalogue } from '../shared/events/catalogue.js';
import { externalEvents } from '../shared/events/external.js';
import { activityCapability } from './activity/index.js';
import { calendarsCapability } from './calendars/index.js';
import { complaintsCapability } from './complaints/index.js';
import { customersCapability } from './customers/index.js';
import { engagementCapability } from './engagement/index.js';
import { platformCapability } from './platform/index.js';
import { productsCapability } from './products/index.js';
import { recommendationsCapability } from './recommendations/index.js';
import { retentionCapability } from './retention/index.js';

/**
 * Every capability the app deploys, in deployment order: THE registration list. A new
 * capability is its folder (exporting its definition from `index.ts`) plus one line here;
 * CDK, the local cloud, the OpenAPI document and the event catalogue all read this list.
 */
export const capabilities: readonly CapabilityDefinition[] = [
  platformCapability,
  calendarsCapability,
  customersCapability,
  activityCapability,
  complaintsCapability,
  engagementCapability,
  productsCapability,
  recommendationsCapability,
  retentionCapability,
];

/**
 * Every event on the bus: what the capabilities publish and what the bank's systems send.
 * Subscriptions may name only these (a test checks it).
 */
export const eventCatalogue: EventCatalogue = catalogueOf([
  ...capabilities.flatMap((capability) => capability.publishes),
  ...externalEvents,
]);
