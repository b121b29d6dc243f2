import type { ProductHoldingChanged } from '../../../shared/events/external.js';
import type { EventDetail } from '../../../shared/events/index.js';
import { applyAssignment } from '../../../shared/mirror/assignment.js';
import { replaces } from '../../../shared/mirror/latest.js';
import type { ActivitySummaryChanged, CustomerSegmentChanged } from '../../activity/events.js';
import type { ComplaintClosed, ComplaintReceived, ComplaintSlaBreached } from '../../complaints/events.js';
import type {
  ContactDelivered,
  ContactDeliveryFailed,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../../customers/events.js';
import type { SurveyAnswered } from '../../engagement/events.js';
import type { ChurnFeatures, DeliveryChannel } from './model.js';

/**
 * The churn features kept from events only (docs/domain-rules.md §20.1): one pure step per
 * subscribed event, applied by the store in delivery order. Each fact is ordered by what orders it
 * at its source (the record `version` for the scope and relationship, the instant for the
 * summary, the survey, the lifecycle stage, the holdings and each contact point), so a repeated or
 * late event changes nothing and no processed-event marker is needed. An event about a customer
 * not registered yet creates the record anyway, without branch: it is kept, and scored once the
 * registration (or a profile change) gives it a scope.
 */

/** A subscribed event the features are kept from, its detail parsed (the store parses it). */
export type FeatureEvent =
  | { readonly type: 'CustomerRegistered'; readonly detail: EventDetail<typeof CustomerRegistered> }
  | { readonly type: 'CustomerProfileChanged'; readonly detail: EventDetail<typeof CustomerProfileChanged> }
  | { readonly type: 'CustomerErased'; readonly detail: EventDetail<typeof CustomerErased> }
  | { readonly type: 'ActivitySummaryChanged'; readonly detail: EventDetail<typeof ActivitySummaryChanged> }
  | { readonly type: 'CustomerSegmentChanged'; readonly detail: EventDetail<typeof CustomerSegmentChanged> }
  | { readonly type: 'ComplaintReceived'; readonly detail: EventDetail<typeof ComplaintReceived> }
  | { readonly type: 'ComplaintClosed'; readonly detail: EventDetail<typeof ComplaintClosed> }
  | { readonly type: 'ComplaintSlaBreached'; readonly detail: EventDetail<typeof ComplaintSlaBreached> }
  | { readonly type: 'SurveyAnswered'; readonly detail: EventDetail<typeof SurveyAnswered> }
  | { readonly type: 'ProductHoldingChanged'; readonly detail: EventDetail<typeof ProductHoldingChanged> }
  | { readonly type: 'ContactDeliveryFailed'; readonly detail: EventDetail<typeof ContactDeliveryFailed> }
  | { readonly type: 'ContactDelivered'; readonly detail: EventDetail<typeof ContactDelivered> };

/** How many closed complaint ids are remembered against a late ComplaintReceived. */
export const RECENTLY_CLOSED_LIMIT = 20;

/**
 * The features of a customer no event has told anything yet (`branch` '' when unknown).
 * @example emptyFeatures('cus_1', 'BJ01')
 */
export function emptyFeatures(customerId: string, branch: string): ChurnFeatures {
  return {
    customerId,
    relationship: 'active',
    branch,
    complaints: { open: [] },
    holdings: {},
    failedChannels: [],
  };
}

/** One form for every instant kept, so comparing two as strings compares times. */
const canonical = (instant: string) => new Date(instant).toISOString();
const later = (kept: string | undefined, next: string) => kept === undefined || kept < next;

/**
 * The features after `event`, or undefined when it changes nothing (an older or repeated event,
 * a fact the score does not read). CustomerErased gives the tombstone's features: nothing kept
 * but the id and the relationship; the store marks the record erased, removes the risk, history
 * and level counts, and applies nothing after it.
 * @example applyFeatureEvent(undefined, { type: 'CustomerRegistered', detail })
 */
export function applyFeatureEvent(
  features: ChurnFeatures | undefined,
  event: FeatureEvent,
): ChurnFeatures | undefined {
  const current = features ?? emptyFeatures(event.detail.customerId, '');
  switch (event.type) {
    case 'CustomerRegistered':
      return registered(current, event.detail);
    case 'CustomerProfileChanged': {
      const { version, branch, rmId, relationship } = event.detail;
      return applyAssignment(
        { ...current, profileVersion: current.profileVersion ?? 0 },
        { version, branch, rmId, relationship },
      );
    }
    case 'CustomerErased':
      return { ...emptyFeatures(current.customerId, ''), relationship: current.relationship };
    case 'ActivitySummaryChanged':
      return summary(current, event.detail);
    case 'CustomerSegmentChanged':
      return lifecycle(current, event.detail);
    case 'ComplaintReceived':
      return complaintReceived(current, event.detail);
    case 'ComplaintClosed':
      return complaintClosed(current, event.detail);
    case 'ComplaintSlaBreached': {
      const at = canonical(event.detail.occurredAt);
      if (!later(current.complaints.lastBreachAt, at)) return undefined;
      return { ...current, complaints: { ...current.complaints, lastBreachAt: at } };
    }
    case 'SurveyAnswered':
      return survey(current, event.detail);
    case 'ProductHoldingChanged':
      return holding(current, event.detail);
    case 'ContactDeliveryFailed':
      return event.detail.contactPointFailed
        ? contactPoint(current, event.detail.channel, true, event.detail.at)
        : undefined;
    case 'ContactDelivered':
      return contactPoint(current, event.detail.channel, false, event.detail.at);
  }
}

/**
 * The registration: when the relationship started (`onboardedAt`) and,
 * unless a later profile change arrived first, the scope at version 1.
 */
function registered(
  current: ChurnFeatures,
  detail: EventDetail<typeof CustomerRegistered>,
): ChurnFeatures | undefined {
  if (current.registeredAt !== undefined) return undefined;
  const registeredAt = canonical(detail.onboardedAt);
  if ((current.profileVersion ?? 0) >= 1) return { ...current, registeredAt };
  return {
    ...current,
    registeredAt,
    branch: detail.branch,
    rmId: detail.rmId,
    relationship: 'active',
    profileVersion: 1,
  };
}

/** The activity summary, replaced by a newer one (`at`). */
function summary(
  current: ChurnFeatures,
  detail: EventDetail<typeof ActivitySummaryChanged>,
): ChurnFeatures | undefined {
  const next = {
    lastTransactionDay: detail.lastTransactionDay,
    months: detail.months,
    currency: detail.currency,
    at: canonical(detail.at),
  };
  if (!replaces(current.activity, next, (a, b) => JSON.stringify(a) === JSON.stringify(b))) return undefined;
  return { ...current, activity: next };
}

/** The lifecycle stage, replaced by a newer grading; other dimensions are not read. */
function lifecycle(
  current: ChurnFeatures,
  detail: EventDetail<typeof CustomerSegmentChanged>,
): ChurnFeatures | undefined {
  if (detail.dimension !== 'lifecycleStage') return undefined;
  const at = canonical(detail.at);
  const kept =
    current.lifecycleStage === undefined || current.lifecycleStageAt === undefined
      ? undefined
      : { value: current.lifecycleStage, at: current.lifecycleStageAt };
  if (!replaces(kept, { value: detail.to, at }, (a, b) => a.value === b.value)) return undefined;
  return { ...current, lifecycleStage: detail.to, lifecycleStageAt: at };
}

/** A new complaint is open; a repeat of an open one is not another (it has no clock of its own). */
function complaintReceived(
  current: ChurnFeatures,
  detail: EventDetail<typeof ComplaintReceived>,
): ChurnFeatures | undefined {
  const { open, recentlyClosed = [] } = current.complaints;
  if (detail.repeat || open.includes(detail.complaintId) || recentlyClosed.includes(detail.complaintId))
    return undefined;
  return { ...current, complaints: { ...current.complaints, open: [...open, detail.complaintId] } };
}

/** A complaint closed: no longer open, and the latest closure is remembered (recent complaints). */
function complaintClosed(
  current: ChurnFeatures,
  detail: EventDetail<typeof ComplaintClosed>,
): ChurnFeatures | undefined {
  const { open, lastClosedAt, recentlyClosed = [] } = current.complaints;
  if (recentlyClosed.includes(detail.complaintId)) return undefined;
  const at = canonical(detail.occurredAt);
  return {
    ...current,
    complaints: {
      ...current.complaints,
      open: open.filter((id) => id !== detail.complaintId),
      lastClosedAt: later(lastClosedAt, at) ? at : lastClosedAt,
      recentlyClosed: [detail.complaintId, ...recentlyClosed].slice(0, RECENTLY_CLOSED_LIMIT),
    },
  };
}

/** The latest survey answer's CSAT and NPS. */
function survey(
  current: ChurnFeatures,
  detail: EventDetail<typeof SurveyAnswered>,
): ChurnFeatures | undefined {
  const next = { csat: detail.csat, nps: detail.nps, at: canonical(detail.at) };
  if (!replaces(current.survey, next, (a, b) => a.csat === b.csat && a.nps === b.nps)) return undefined;
  return { ...current, survey: next };
}

/** The latest opening and the latest maturity of any holding (closings are not read). */
function holding(
  current: ChurnFeatures,
  detail: EventDetail<typeof ProductHoldingChanged>,
): ChurnFeatures | undefined {
  const at = canonical(detail.at);
  const { lastOpenedAt, lastMaturedAt } = current.holdings;
  if (detail.action === 'opened' && later(lastOpenedAt, at))
    return { ...current, holdings: { ...current.holdings, lastOpenedAt: at } };
  if (detail.action === 'matured' && later(lastMaturedAt, at))
    return { ...current, holdings: { ...current.holdings, lastMaturedAt: at } };
  return undefined;
}

/**
 * A contact point failed (added to `failedChannels`) or delivered again (removed), unless a later
 * fact about that channel is already applied. A delivery on a working channel is remembered too
 * (its instant), so a failure older than it that arrives late does not mark the channel failed.
 */
function contactPoint(
  current: ChurnFeatures,
  channel: DeliveryChannel | 'phone',
  failed: boolean,
  instant: string,
): ChurnFeatures | undefined {
  // Only message channels have contact points the engagement path delivers to.
  if (channel === 'phone') return undefined;
  const at = canonical(instant);
  if (!later(current.contactPointsAt?.[channel], at)) return undefined;
  const failing = current.failedChannels.includes(channel);
  const failedChannels =
    failing === failed
      ? current.failedChannels
      : failed
        ? [...current.failedChannels, channel]
        : current.failedChannels.filter((kept) => kept !== channel);
  return { ...current, failedChannels, contactPointsAt: { ...current.contactPointsAt, [channel]: at } };
}
