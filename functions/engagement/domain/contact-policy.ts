import type { TemplateVersion } from '../service/ports.js';
import { capReopensAt } from './marketing-cap.js';
import type { ContactDecision, ContactRequest, CustomerFacts, DeliveryChannel } from './model.js';
import { isQuietAt, nextAllowedAt, quietHoursZone } from './quiet-hours.js';
import type { EngagementSettings } from './settings.js';

export { sendsInWindow } from './marketing-cap.js';

/**
 * The contact policy (docs/domain-rules.md §18.2): whether, when and on which channel one
 * contact request goes, decided from the mirrored facts, the template, the marketing ledger and
 * the settings at one instant. Pure and deterministic: the contacts area records the decision
 * and re-decides a deferred contact when it falls due, with the facts as they are then.
 */
export interface PolicyInput {
  readonly request: ContactRequest;
  /** `undefined`: the customer is unknown to the mirror. */
  readonly facts: CustomerFacts | undefined;
  /** `undefined`: no template with the request's id. */
  readonly template: TemplateVersion | undefined;
  /** Send instants (ISO) of the customer's marketing contacts in the ledger, any age: the policy keeps the window. */
  readonly marketingSends: readonly string[];
  readonly settings: EngagementSettings;
  /** ISO instant of the decision. */
  readonly now: string;
}

/** Purposes a restricted customer (erasure requested, compliance risk) does not receive. */
const WITHHELD_WHEN_RESTRICTED: ReadonlySet<string> = new Set(['marketing', 'care', 'survey']);

const iso = (epochMs: number) => new Date(epochMs).toISOString();

type ChannelChoice =
  | { readonly channel: DeliveryChannel }
  | { readonly refused: 'no-consent' | 'no-channel' };

/**
 * The channel a contact goes on. A channel is allowed when the template has a variant for it,
 * its contact point has not failed, and (marketing, opt-in) the customer's marketing consent is
 * granted on it. The request's preferred channel wins if allowed, then the customer's, then the
 * first allowed in the configured order.
 */
function chooseChannel(input: PolicyInput, facts: CustomerFacts, template: TemplateVersion): ChannelChoice {
  const { request, settings } = input;
  const reachable = settings.channelOrder.filter(
    (channel) => template.variants[channel] !== undefined && !facts.failedChannels.includes(channel),
  );
  const marketing = request.purpose === 'marketing';
  const consent = facts.consents.marketing;
  if (marketing && consent?.granted !== true) return { refused: 'no-consent' };
  const allowed = marketing ? reachable.filter((channel) => consent?.channels.includes(channel)) : reachable;
  const preferences = [request.preferredChannel, facts.preferredChannel];
  const preferred = preferences.find((channel) => allowed.some((candidate) => candidate === channel));
  const channel = allowed.find((candidate) => candidate === preferred) ?? allowed[0];
  if (channel !== undefined) return { channel };
  return { refused: marketing && reachable.length > 0 ? 'no-consent' : 'no-channel' };
}

/**
 * Decides one contact request, the rules in order, the first that stops it deciding:
 * 1. unknown customer, erased customer, unknown template (or one of another purpose) → refused;
 * 2. a restricted customer gets no marketing, care or survey → refused `restricted`;
 * 3. no allowed channel → refused `no-consent` (marketing without consent) or `no-channel`;
 * 4. time: past `latestAt` → dropped `latest-passed`; in quiet hours (unless a complaint update
 *    the customer asked for) → deferred to the quiet hours' end, or dropped `quiet-hours` when
 *    that is after `latestAt`; `earliestAt` in the future → deferred (rule `allowed`) to it;
 * 5. marketing over the cap → deferred `marketing-cap` to when the window has room (moved out of
 *    quiet hours), or dropped `marketing-cap` when that is after `latestAt`;
 * 6. otherwise sent, on the chosen channel.
 */
export function decideContact(input: PolicyInput): ContactDecision {
  const { request, facts, template, settings } = input;
  if (facts === undefined) return { outcome: 'refused', rule: 'unknown-customer' };
  if (facts.erased) return { outcome: 'refused', rule: 'customer-erased' };
  // A template serves one purpose: a request for another (a `service` request naming a marketing
  // template) would escape that purpose's rules, so the template is unknown to it.
  if (template === undefined || template.purpose !== request.purpose) {
    return { outcome: 'refused', rule: 'unknown-template' };
  }
  if (facts.restrictions.length > 0 && WITHHELD_WHEN_RESTRICTED.has(request.purpose)) {
    return { outcome: 'refused', rule: 'restricted' };
  }

  const choice = chooseChannel(input, facts, template);
  if ('refused' in choice) return { outcome: 'refused', rule: choice.refused };
  const { channel } = choice;

  const now = Date.parse(input.now);
  const latest = Date.parse(request.latestAt);
  const earliest = request.earliestAt === undefined ? now : Date.parse(request.earliestAt);
  const at = Math.max(now, earliest);
  if (at > latest) return { outcome: 'dropped', rule: 'latest-passed' };

  const exempt = request.purpose === 'complaint-update' && request.customerRequested === true;
  const zone = quietHoursZone(facts.timeZone, settings.defaultTimeZone);
  if (!exempt && isQuietAt(at, zone, settings)) {
    const end = nextAllowedAt(at, zone, settings);
    return end <= latest
      ? { outcome: 'deferred', rule: 'quiet-hours', dueAt: iso(end), channel }
      : { outcome: 'dropped', rule: 'quiet-hours' };
  }
  if (at > now) return { outcome: 'deferred', rule: 'allowed', dueAt: iso(at), channel };

  if (request.purpose === 'marketing') {
    const reopens = capReopensAt(input.marketingSends, at, settings);
    if (reopens !== undefined) {
      const due = nextAllowedAt(reopens, zone, settings);
      return due <= latest
        ? { outcome: 'deferred', rule: 'marketing-cap', dueAt: iso(due), channel }
        : { outcome: 'dropped', rule: 'marketing-cap' };
    }
  }
  return { outcome: 'sent', rule: 'allowed', channel };
}
