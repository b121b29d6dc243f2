import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../functions/activity/domain/segmentation/config.js';
import { wholeDaysBetween } from '../../functions/activity/domain/segmentation/days.js';
import type { DemoCustomerActivity } from './demo-activity.js';
import type { DemoEvent, DemoEventEntry } from './demo-timeline.js';

/**
 * How a year of history is delivered today so that grading (after each event, at the clock's
 * `now`, carrying "was dormant" and "reactivated at" from the previous grading) ends where live
 * grading over the year would have ended.
 *
 * Delivered in plain time order, a customer active all year would be graded dormant on its
 * first, year-old transaction (more than 180 days before `now`), then `reactivated` on the next.
 * So, unless the customer really came back from dormancy within `reactivatedDays` of `now`, its
 * latest successful transaction goes first (the "lead"): `lastSuccessfulAt` is a maximum, so
 * from then on the customer is never dormant, and the rest follows in time order. A customer
 * who did come back gets plain time order: everything before the return is graded dormant
 * (its last success is more than `dormantAfterDays` old), and the return makes it `reactivated`.
 */
export function deliveryOrder(
  activity: DemoCustomerActivity,
  now: Date,
  config: SegmentationConfig = DEFAULT_SEGMENTATION_CONFIG,
): DemoEvent[] {
  const { dormantAfterDays, reactivatedDays } = config.lifecycle;
  const successes = activity.events.filter((event) => event.successfulTransaction);
  const lead = successes.at(-1);
  if (lead === undefined) return [...activity.events];
  let previous = new Date(activity.onboardedAt);
  let returnedAt: Date | undefined;
  for (const success of successes) {
    const at = new Date(success.at);
    if (wholeDaysBetween(previous, at) >= dormantAfterDays) returnedAt = at;
    previous = at;
  }
  const dormantNow = wholeDaysBetween(previous, now) >= dormantAfterDays;
  const cameBack =
    returnedAt !== undefined && !dormantNow && wholeDaysBetween(returnedAt, now) < reactivatedDays;
  if (cameBack) return [...activity.events];
  return [lead, ...activity.events.filter((event) => event !== lead)];
}

/**
 * The events in rounds: round `r` holds each customer's `r`-th event in delivery order, so a
 * round never holds two events of one customer. Delivering round after round, each settled
 * before the next, keeps every customer's order exactly and never has two of its events
 * contend for its aggregate.
 */
export function deliveryRounds(
  activities: readonly DemoCustomerActivity[],
  now: Date,
  config: SegmentationConfig = DEFAULT_SEGMENTATION_CONFIG,
): DemoEventEntry[][] {
  const ordered = activities.map((activity) => deliveryOrder(activity, now, config));
  const rounds: DemoEventEntry[][] = [];
  const longest = Math.max(0, ...ordered.map((events) => events.length));
  for (let round = 0; round < longest; round += 1) {
    const entries: DemoEventEntry[] = [];
    for (const events of ordered) {
      const event = events[round];
      if (event !== undefined) entries.push(event.entry);
    }
    rounds.push(entries);
  }
  return rounds;
}
