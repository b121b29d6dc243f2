export {
  API_ROUTE_KEYS_ENV,
  apiRouteKeys,
  capabilityProblems,
  defineCapability,
  routeSpecsOf,
  rulesOf,
} from './define.js';
export { OUTBOX_STREAM_FILTER, outboxRelaySpec } from './outbox-relay.js';
export { resolveSettings, settingsFor, settingsOf } from './settings.js';
export type * from './types.js';
