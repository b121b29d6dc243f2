import type { WorkRequests } from '../../../shared/coalescing/requests.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { AmountCaps } from '../domain/amount-caps.js';
import type { ActivityStore } from '../store/activity-store.js';
import type { SegmentationConfigStore } from '../store/config-store.js';
import type { GradingStore } from '../store/grading-store.js';
import type { ConfigSource } from './segmentation-config.js';

/** What the activity capability's use cases need: its stores, the configuration, the clock. */
export interface ActivityDeps {
  readonly activity: ActivityStore;
  readonly grading: GradingStore;
  /** The configuration's versions and audit (written by the API, read through `config`). */
  readonly configStore: SegmentationConfigStore;
  /** The configuration in force, cached for a minute. */
  readonly config: ConfigSource;
  readonly clock: Clock;
  /** How long an event for an unknown customer is kept before it goes to the DLQ. */
  readonly parkingHours: number;
  /** How far in the future (by `clock`) a transaction's `postedAt` may lie, in seconds. */
  readonly postedAtSkewSeconds: number;
  /** The largest amount one transaction may carry, per currency (`TRANSACTION_AMOUNT_CAPS`). */
  readonly amountCaps: AmountCaps;
}

/**
 * What the functions that apply events (the consumer, the API's batch ingestion) need besides:
 * where a customer's grading is requested. They never grade: the grader does, from the Grading
 * queue, each customer of a batch once (docs/architecture.md, "Coalesced work").
 */
export interface IngestDeps extends ActivityDeps {
  readonly gradingRequests: WorkRequests;
}
