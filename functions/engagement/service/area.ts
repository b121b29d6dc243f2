import type { RouteDefinition } from '../../../shared/http/types.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { PassWorker } from '../../../shared/lambda/pass-segment.js';

/**
 * One area of the engagement capability (templates, contacts, surveys, tasks): what it adds to
 * each of the capability's functions. The API serves every area's routes, the consumer hands
 * every event to every area (an area ignores what is not its own), and the scheduler runs each
 * area's share of the minute and daily jobs and the segments of its passes. See `areas.ts` for how they are put together.
 */
export interface EngagementArea {
  /** The area's routes bound to their use cases (the API function). */
  readonly routeHandlers: () => RouteDefinition[];
  /** Applies one consumed event the area subscribes to; any other is ignored. Idempotent. */
  readonly consume: (event: ConsumedEvent) => Promise<void>;
  /** The minute job: the area's items due at or before `now`. Counts for the log. */
  readonly due: (now: string) => Promise<Readonly<Record<string, number>>>;
  /** The daily job (the coverage level). Counts for the log. */
  readonly daily: (now: string) => Promise<Readonly<Record<string, number>>>;
  /** The area's per-customer passes (the relationship rounds), by job: the scheduler serves their segments. */
  readonly passes?: Readonly<Record<string, PassWorker>>;
}

/** An area with nothing yet for one of the functions. */
export const NOTHING: Pick<EngagementArea, 'consume' | 'due' | 'daily'> = {
  consume: async () => {},
  due: async () => ({}),
  daily: async () => ({}),
};
